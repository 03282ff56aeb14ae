package gateway.relink.read;

import gateway.model.time.FrameRate;
import java.util.Objects;

/**
 * How to read an edit. {@code rate} is the rate to read timecodes at when the list does not say (a
 * CMX list never does); {@code strict} rejects any inconsistency with its line number instead of
 * recording it on the event.
 */
public record ReadOptions(FrameRate rate, boolean strict) {
    public static final FrameRate DEFAULT_RATE = FrameRate.FPS_24;

    public ReadOptions {
        Objects.requireNonNull(rate, "rate");
    }

    /** Lenient reading at {@code rate}. */
    public static ReadOptions at(FrameRate rate) {
        return new ReadOptions(rate, false);
    }

    public static ReadOptions defaults() {
        return at(DEFAULT_RATE);
    }

    public ReadOptions strictly() {
        return new ReadOptions(rate, true);
    }
}
