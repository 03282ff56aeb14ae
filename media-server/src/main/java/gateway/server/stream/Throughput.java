package gateway.server.stream;

/**
 * The delivery rate of the last few fragments of a playback session: bytes over the time from a
 * fragment's first chunk to its last, which includes every wait for the client's flow-control
 * window, so it tracks how fast the link really drains.
 */
public final class Throughput {
    private final long[] bytes;
    private final long[] nanos;
    private int count;
    private int next;

    public Throughput(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("throughput window " + window + " is not positive");
        }
        this.bytes = new long[window];
        this.nanos = new long[window];
    }

    public void record(long fragmentBytes, long elapsedNanos) {
        bytes[next] = fragmentBytes;
        nanos[next] = Math.max(1, elapsedNanos);
        next = (next + 1) % bytes.length;
        count = Math.min(count + 1, bytes.length);
    }

    /** Whether a full window of fragments has been measured since the last reset. */
    public boolean full() {
        return count == bytes.length;
    }

    /** Bytes per second over the measured fragments; 0 before any. */
    public long bytesPerSecond() {
        long b = 0;
        long n = 0;
        for (int i = 0; i < count; i++) {
            b += bytes[i];
            n += nanos[i];
        }
        return n == 0 ? 0 : (long) (b * 1e9 / n);
    }

    public void reset() {
        count = 0;
        next = 0;
    }
}
