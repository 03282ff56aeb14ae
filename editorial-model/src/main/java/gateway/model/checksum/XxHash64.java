package gateway.model.checksum;

import java.util.Objects;
import net.jpountz.xxhash.StreamingXXHash64;
import net.jpountz.xxhash.XXHashFactory;

/**
 * xxHash64 (XXH64), streaming: feed bytes with {@link #update} in pieces of any size, read the hash
 * with {@link #digest()} (which does not reset the state, so more bytes may follow). The result is
 * the same as the reference implementation's and {@code xxhsum -H64} for the same bytes and seed.
 * Not thread-safe.
 *
 * <p>Computed by lz4-java ({@code at.yawk.lz4:lz4-java}, the maintained fork) with its fastest
 * pure-Java instance: it holds no native memory, so a hasher nobody closes costs nothing (the JNI
 * streaming instance frees its state only on close or finalisation), and no native library is
 * unpacked and loaded (JNI was only 1.1x faster again). It reads with {@code sun.misc.Unsafe}: JDK
 * 24+ prints a warning once unless {@code --sun-misc-unsafe-memory-access=allow} (the launcher
 * passes it); where the JVM refuses Unsafe, lz4-java falls back to its array-only instance, as
 * fast as our own code was.
 *
 * <p>Measured before the switch (perf-tests {@code XxHashBench}: 1 GiB in 1 MiB blocks, median of
 * 5, 2 shared cores): our hand-written XXH64 0.62-0.65 s; lz4-java pure Java 0.26 s (2.4x
 * faster), JNI 0.21 s (3.0x), array-only 0.76 s (ours 0.74 s in that row). After it, this class
 * 0.23 s, the same as lz4-java's own instance.
 */
public final class XxHash64 {
    private static final XXHashFactory FACTORY = XXHashFactory.fastestJavaInstance();

    private final StreamingXXHash64 state;

    public XxHash64(long seed) {
        this.state = FACTORY.newStreamingHash64(seed);
    }

    /** A hasher with seed 0, the seed {@code xxhsum} uses. */
    public XxHash64() {
        this(0);
    }

    /** The hash of {@code len} bytes of {@code data} from {@code off}, in one call. */
    public static long hash(byte[] data, int off, int len, long seed) {
        Objects.checkFromIndexSize(off, len, data.length);
        return FACTORY.hash64().hash(data, off, len, seed);
    }

    /** A hash as 16 lower-case hex digits, as {@code xxhsum} prints it. */
    public static String hex(long hash) {
        String digits = Long.toHexString(hash);
        return "0".repeat(16 - digits.length()) + digits;
    }

    public XxHash64 update(byte[] data) {
        return update(data, 0, data.length);
    }

    public XxHash64 update(byte[] data, int off, int len) {
        Objects.checkFromIndexSize(off, len, data.length);
        state.update(data, off, len);
        return this;
    }

    /** The hash of every byte given so far. */
    public long digest() {
        return state.getValue();
    }

    /** {@link #digest()} as 16 lower-case hex digits. */
    public String hexDigest() {
        return hex(digest());
    }
}
