package gateway.server.grpc;

import java.util.Optional;

/**
 * When a playback session moves between {@code stream-hi} and {@code stream-lo}: down when the
 * measured delivery rate falls below {@code lowBytesPerSecond}, back up (only for a session that
 * asked for stream-hi) when it rises above {@code highBytesPerSecond}, each judged over
 * {@code windowFragments} fragments.
 */
record Adaptation(long lowBytesPerSecond, long highBytesPerSecond, int windowFragments) {
    static final String HI = "stream-hi";
    static final String LO = "stream-lo";

    /**
     * stream-hi carries about 2.6 Mbit/s (330 kB/s): below 400 kB/s it cannot keep ahead of
     * playback; stream-lo (0.7 Mbit/s) goes back up once the link drains 1 MB/s.
     */
    static final Adaptation DEFAULTS = new Adaptation(400_000, 1_000_000, 3);

    Adaptation {
        if (lowBytesPerSecond < 0 || highBytesPerSecond < lowBytesPerSecond || windowFragments < 1) {
            throw new IllegalArgumentException("adaptation thresholds " + lowBytesPerSecond + " / " + highBytesPerSecond
                    + " over " + windowFragments + " fragments are not ordered");
        }
    }

    /** Whether the session's profile takes part in adaptation at all. */
    static boolean adapts(String profile) {
        return HI.equals(profile) || LO.equals(profile);
    }

    /** The profile to switch to, if any, given the current one and the measured rate. */
    Optional<String> choose(String current, boolean mayGoUp, Throughput measured) {
        if (!measured.full()) {
            return Optional.empty();
        }
        long rate = measured.bytesPerSecond();
        if (HI.equals(current) && rate < lowBytesPerSecond) {
            return Optional.of(LO);
        }
        if (LO.equals(current) && mayGoUp && rate > highBytesPerSecond) {
            return Optional.of(HI);
        }
        return Optional.empty();
    }
}
