package gateway.relink.read;

import gateway.model.time.FrameRate;

/**
 * An event a lenient reader could not place on the timeline (a frame field past the rate, a record
 * out before its record in, a truncated line). It keeps what could be read: times are frames since
 * midnight at {@code rate} counted naively from the fields (null when a field is unreadable). A
 * {@code skipped} event was read but has nothing to conform (a {@code NONE}-channel title or graphics
 * layer): it is reported with its reason, not as invalid.
 */
public record InvalidEvent(
        String event,
        int line,
        String channels,
        String reel,
        String clipName,
        FrameRate rate,
        boolean dropFrame,
        Long recordIn,
        Long recordOut,
        Long sourceIn,
        Long sourceOut,
        String problem,
        boolean skipped) {

    /** An event that could not be placed. */
    public InvalidEvent(
            String event,
            int line,
            String channels,
            String reel,
            String clipName,
            FrameRate rate,
            boolean dropFrame,
            Long recordIn,
            Long recordOut,
            Long sourceIn,
            Long sourceOut,
            String problem) {
        this(
                event, line, channels, reel, clipName, rate, dropFrame, recordIn, recordOut, sourceIn, sourceOut,
                problem, false);
    }

    /** Source out − source in, when both were read. */
    public Long sourceLength() {
        return sourceIn == null || sourceOut == null ? null : sourceOut - sourceIn;
    }

    /** Record out − record in, when both were read. */
    public Long recordLength() {
        return recordIn == null || recordOut == null ? null : recordOut - recordIn;
    }
}
