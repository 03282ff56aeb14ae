package gateway.relink.write.fcp7;

import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import java.math.RoundingMode;

/**
 * Frame counts between the rates of one xmeml file, the way the reader counts them: rates with the
 * same timecode base (24 and 23.976, 30 and 29.97) count the same frames; other rates are rescaled
 * to the nearest frame.
 */
final class Frames {
    private Frames() {}

    static long convert(long frames, FrameRate from, FrameRate to) {
        if (from.timecodeBase() == to.timecodeBase()) {
            return frames;
        }
        return RationalTime.of(frames, from)
                .rescaledTo(to, RoundingMode.HALF_EVEN)
                .value();
    }
}
