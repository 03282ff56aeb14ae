package gateway.model.storage;

/**
 * A half-open run of bytes of one stored object: {@code [offsetBytes, offsetBytes + lengthBytes)}.
 * Restores move originals by such ranges (a frame's sample, a container's header or index).
 */
public record ByteRange(long offsetBytes, long lengthBytes) implements Comparable<ByteRange> {
    public ByteRange {
        if (offsetBytes < 0 || lengthBytes < 0) {
            throw new IllegalArgumentException(
                    "a byte range needs a non-negative offset and length, not " + offsetBytes + "+" + lengthBytes);
        }
    }

    public long endExclusive() {
        return offsetBytes + lengthBytes;
    }

    /** True when this range and {@code other} overlap or touch, so one read can fetch both. */
    public boolean touches(ByteRange other) {
        return offsetBytes <= other.endExclusive() && other.offsetBytes <= endExclusive();
    }

    @Override
    public int compareTo(ByteRange o) {
        int c = Long.compare(offsetBytes, o.offsetBytes);
        return c != 0 ? c : Long.compare(lengthBytes, o.lengthBytes);
    }

    @Override
    public String toString() {
        return "bytes " + offsetBytes + "-" + (endExclusive() - 1);
    }
}
