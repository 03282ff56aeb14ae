package gateway.server.stream;

import java.util.Optional;

/**
 * When a playback session is on {@code stream-hi} or {@code stream-lo}. At open, a session that asks
 * for stream-hi starts on stream-lo when the client's estimate of its link cannot carry one
 * stream-hi fragment within {@code seekBudgetNanos} (nor reaches {@code lowBytesPerSecond}).
 * During the session it moves down when the measured delivery rate falls below
 * {@code lowBytesPerSecond}, and back up (only for a session that asked for stream-hi) when the rate
 * rises above {@code highBytesPerSecond} and carries a stream-hi fragment within the budget, each
 * judged over {@code windowFragments} fragments.
 */
public record Adaptation(long lowBytesPerSecond, long highBytesPerSecond, int windowFragments, long seekBudgetNanos) {
    public static final String HI = "stream-hi";
    public static final String LO = "stream-lo";

    /**
     * A seek's fragment should be in hand 150 ms after the seek (the streaming goal's p95): a
     * stream-hi fragment (1 s of about 2.6 Mbit/s, ~330 kB) needs about 2.2 MB/s (18 Mbit/s) for that,
     * a stream-lo one (~90 kB) about 0.6 MB/s.
     */
    public static final long DEFAULT_SEEK_BUDGET_NANOS = 150_000_000L;

    /**
     * stream-hi carries about 2.6 Mbit/s (330 kB/s): below 400 kB/s it cannot keep ahead of
     * playback; stream-lo (0.7 Mbit/s) goes back up once the link drains 1 MB/s and carries a
     * stream-hi fragment within the seek budget.
     */
    public static final Adaptation DEFAULTS = new Adaptation(400_000, 1_000_000, 3);

    public Adaptation {
        if (lowBytesPerSecond < 0
                || highBytesPerSecond < lowBytesPerSecond
                || windowFragments < 1
                || seekBudgetNanos < 1) {
            throw new IllegalArgumentException("adaptation thresholds " + lowBytesPerSecond + " / " + highBytesPerSecond
                    + " over " + windowFragments + " fragments with a seek budget of " + seekBudgetNanos
                    + " ns are not ordered");
        }
    }

    /** Thresholds with the default seek budget. */
    public Adaptation(long lowBytesPerSecond, long highBytesPerSecond, int windowFragments) {
        this(lowBytesPerSecond, highBytesPerSecond, windowFragments, DEFAULT_SEEK_BUDGET_NANOS);
    }

    /** Whether the session's profile takes part in adaptation at all. */
    public static boolean adapts(String profile) {
        return HI.equals(profile) || LO.equals(profile);
    }

    /** The delivery rate, in bytes per second, that brings {@code fragmentBytes} within the seek budget. */
    public long carrying(long fragmentBytes) {
        return Math.ceilDiv(Math.multiplyExact(Math.max(0, fragmentBytes), 1_000_000_000L), seekBudgetNanos);
    }

    /**
     * The profile a session asking for {@code requested} starts on: stream-lo instead of stream-hi
     * when the client's estimate ({@code estimateBytesPerSecond}; 0 or less: none, trust the
     * request) cannot carry a stream-hi fragment of {@code hiFragmentBytes} within the budget.
     */
    public String start(String requested, long estimateBytesPerSecond, long hiFragmentBytes) {
        if (!HI.equals(requested) || estimateBytesPerSecond <= 0) {
            return requested;
        }
        return estimateBytesPerSecond < Math.max(lowBytesPerSecond, carrying(hiFragmentBytes)) ? LO : HI;
    }

    /**
     * The profile to switch to, if any, given the current one, the measured rate and the mean
     * length of a stream-hi fragment (0 when unknown: the rate thresholds alone decide).
     */
    public Optional<String> choose(String current, boolean mayGoUp, Throughput measured, long hiFragmentBytes) {
        if (!measured.full()) {
            return Optional.empty();
        }
        long rate = measured.bytesPerSecond();
        if (HI.equals(current) && rate < lowBytesPerSecond) {
            return Optional.of(LO);
        }
        if (LO.equals(current) && mayGoUp && rate > highBytesPerSecond && rate >= carrying(hiFragmentBytes)) {
            return Optional.of(HI);
        }
        return Optional.empty();
    }
}
