package gateway.relink.consolidate;

import gateway.model.time.FrameRate;
import gateway.model.time.TimeRange;
import java.math.RoundingMode;

/**
 * A range moved to another rate so that it never loses a frame: the start rounds down, the end
 * rounds up ({@code TimeRange.rescaledTo} rounds both ends the same way, which can narrow it).
 */
final class Outward {
    private Outward() {}

    static TimeRange rescaled(TimeRange range, FrameRate target) {
        if (range.rate().equals(target)) {
            return range;
        }
        return TimeRange.between(
                range.start().rescaledTo(target, RoundingMode.FLOOR),
                range.endExclusive().rescaledTo(target, RoundingMode.CEILING));
    }
}
