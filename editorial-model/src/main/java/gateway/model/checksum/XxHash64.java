package gateway.model.checksum;

import java.util.Objects;

/**
 * xxHash64 (XXH64), streaming: feed bytes with {@link #update} in pieces of any size, read the hash
 * with {@link #digest()} (which does not reset the state, so more bytes may follow). The result is
 * the same as the reference implementation's and {@code xxhsum -H64} for the same bytes and seed.
 * Not thread-safe.
 */
public final class XxHash64 {
    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;
    private static final int STRIPE = 32;

    private final long seed;
    private long v1;
    private long v2;
    private long v3;
    private long v4;
    private long totalLength;
    private final byte[] buffer = new byte[STRIPE];
    private int buffered;

    public XxHash64(long seed) {
        this.seed = seed;
        v1 = seed + P1 + P2;
        v2 = seed + P2;
        v3 = seed;
        v4 = seed - P1;
    }

    /** A hasher with seed 0, the seed {@code xxhsum} uses. */
    public XxHash64() {
        this(0);
    }

    /** The hash of {@code len} bytes of {@code data} from {@code off}, in one call. */
    public static long hash(byte[] data, int off, int len, long seed) {
        XxHash64 h = new XxHash64(seed);
        h.update(data, off, len);
        return h.digest();
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
        totalLength += len;
        int pos = off;
        int end = off + len;
        if (buffered > 0) {
            int take = Math.min(STRIPE - buffered, len);
            System.arraycopy(data, pos, buffer, buffered, take);
            buffered += take;
            pos += take;
            if (buffered < STRIPE) {
                return this;
            }
            stripe(buffer, 0);
            buffered = 0;
        }
        while (end - pos >= STRIPE) {
            stripe(data, pos);
            pos += STRIPE;
        }
        if (pos < end) {
            System.arraycopy(data, pos, buffer, 0, end - pos);
            buffered = end - pos;
        }
        return this;
    }

    /** The hash of every byte given so far. */
    public long digest() {
        long h;
        if (totalLength >= STRIPE) {
            h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
            h = merge(h, v1);
            h = merge(h, v2);
            h = merge(h, v3);
            h = merge(h, v4);
        } else {
            h = seed + P5;
        }
        h += totalLength;
        int pos = 0;
        while (buffered - pos >= 8) {
            h ^= round(0, readLong(buffer, pos));
            h = Long.rotateLeft(h, 27) * P1 + P4;
            pos += 8;
        }
        if (buffered - pos >= 4) {
            h ^= (readInt(buffer, pos) & 0xFFFFFFFFL) * P1;
            h = Long.rotateLeft(h, 23) * P2 + P3;
            pos += 4;
        }
        while (pos < buffered) {
            h ^= (buffer[pos] & 0xFFL) * P5;
            h = Long.rotateLeft(h, 11) * P1;
            pos++;
        }
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        h ^= h >>> 32;
        return h;
    }

    /** {@link #digest()} as 16 lower-case hex digits. */
    public String hexDigest() {
        return hex(digest());
    }

    private void stripe(byte[] data, int pos) {
        v1 = round(v1, readLong(data, pos));
        v2 = round(v2, readLong(data, pos + 8));
        v3 = round(v3, readLong(data, pos + 16));
        v4 = round(v4, readLong(data, pos + 24));
    }

    private static long round(long acc, long input) {
        acc += input * P2;
        acc = Long.rotateLeft(acc, 31);
        return acc * P1;
    }

    private static long merge(long h, long v) {
        h ^= round(0, v);
        return h * P1 + P4;
    }

    private static long readLong(byte[] b, int i) {
        return (b[i] & 0xFFL)
                | (b[i + 1] & 0xFFL) << 8
                | (b[i + 2] & 0xFFL) << 16
                | (b[i + 3] & 0xFFL) << 24
                | (b[i + 4] & 0xFFL) << 32
                | (b[i + 5] & 0xFFL) << 40
                | (b[i + 6] & 0xFFL) << 48
                | (b[i + 7] & 0xFFL) << 56;
    }

    private static int readInt(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }
}
