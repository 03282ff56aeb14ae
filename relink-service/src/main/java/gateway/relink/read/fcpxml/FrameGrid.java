package gateway.relink.read.fcpxml;

import gateway.model.time.FrameRate;
import java.math.RoundingMode;
import java.util.List;

/**
 * The sequence's frame grid: turns exact FCPXML times into frames at the sequence rate. A time
 * that is not on the grid (FCP places audio on sample boundaries) is never rounded silently: it is
 * an inconsistency (fatal when reading strictly), noted on the item, and rounded to the
 * {@linkplain #ROUNDING nearest frame, halves away from zero}.
 */
record FrameGrid(FrameRate rate, FcpTime timelineStart, FcpFindings findings) {
    static final RoundingMode ROUNDING = RoundingMode.HALF_UP;

    /** Frames of {@code t} at the sequence rate; {@code problems} collects the note for the item. */
    long frames(FcpTime t, String what, String event, List<String> problems) {
        var exact = t.exactFrames(rate);
        if (exact.isPresent()) {
            return exact.get();
        }
        long rounded = t.frames(rate, ROUNDING);
        problems.add(findings.inconsistency(
                event,
                what + " " + t + " is " + t.framesForDisplay(rate) + " frames, off the " + rate.toDecimalString()
                        + " fps frame grid; rounded to the nearest frame, " + rounded));
        return rounded;
    }

    /** The track position (frames from the timeline's start) of the absolute sequence time {@code t}. */
    long position(FcpTime t, String what, String event, List<String> problems) {
        return frames(t.minus(timelineStart), what + " from the timeline start", event, problems);
    }
}
