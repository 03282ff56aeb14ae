package gateway.perf;

import gateway.model.checksum.XxHash64;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jpountz.xxhash.StreamingXXHash64;
import net.jpountz.xxhash.XXHashFactory;

/**
 * xxHash64 of 1 GiB fed in 1 MiB blocks, as a file checksum is streamed: ours ({@link XxHash64},
 * since this row was first run a facade over lz4-java's pure-Java streaming instance) against
 * lz4-java's streaming XXH64 with each of its instances: its fastest (JNI, the C code), its
 * fastest pure-Java one (sun.misc.Unsafe reads where the JVM allows them: the cost of our facade)
 * and its safe one (array reads only, as our hand-written XXH64 was, and what lz4-java falls back
 * to where Unsafe is refused). The bytes are a 64 MiB random buffer passed 16 times (memory
 * speed, no disk). Every run's digest must equal ours, or the row fails. One warm-up run of each,
 * then the median of 3 ({@code quick}) or 5.
 */
final class XxHashBench {
    private static final int BLOCK = 1 << 20;
    private static final int BUFFER = 64 << 20;
    private static final long TOTAL = 1L << 30;

    private final int runs;
    private final byte[] data = new byte[BUFFER];

    XxHashBench(boolean quick) {
        this.runs = quick ? 3 : 5;
        new Random(42).nextBytes(data);
    }

    List<BenchRow> run() {
        XXHashFactory jni = XXHashFactory.fastestInstance();
        XXHashFactory java = XXHashFactory.fastestJavaInstance();
        XXHashFactory safe = XXHashFactory.safeInstance();
        System.out.println("xxhash: lz4-java instances " + jni + ", " + java + " and " + safe);
        long expected = ours();
        List<BenchRow> rows = new ArrayList<>();
        rows.add(row("lz4-jni", jni, expected));
        rows.add(row("lz4-java", java, expected));
        rows.add(row("lz4-safe", safe, expected));
        return rows;
    }

    private BenchRow row(String peer, XXHashFactory factory, long expected) {
        check(peer, expected, lz4(factory));
        double[] ours = new double[runs];
        double[] theirs = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            check("ours", expected, ours());
            ours[i] = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            check(peer, expected, lz4(factory));
            theirs[i] = (System.nanoTime() - t0) / 1e9;
        }
        return new BenchRow(
                "xxHash64, 1 GiB in 1 MiB blocks", peer, ours, theirs, "lz4-java pure-Java speed (adopted)");
    }

    private static void check(String who, long expected, long actual) {
        if (actual != expected) {
            throw new IllegalStateException("xxHash64 of the same bytes differs: ours " + XxHash64.hex(expected) + ", "
                    + who + " " + XxHash64.hex(actual));
        }
    }

    private long ours() {
        XxHash64 h = new XxHash64();
        for (long done = 0; done < TOTAL; done += BLOCK) {
            h.update(data, (int) (done % BUFFER), BLOCK);
        }
        return h.digest();
    }

    private long lz4(XXHashFactory factory) {
        try (StreamingXXHash64 h = factory.newStreamingHash64(0L)) {
            for (long done = 0; done < TOTAL; done += BLOCK) {
                h.update(data, (int) (done % BUFFER), BLOCK);
            }
            return h.getValue();
        }
    }
}
