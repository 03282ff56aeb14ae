package gateway.client;

import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;

/**
 * How to conform an edit.
 *
 * @param format the edit's format; null to detect it from the file name and content
 * @param rate the edit's frame rate when the file does not say (EDLs); null to use the file's
 * @param strict fail on any inconsistency instead of trusting the source and reporting it
 * @param handlesFrames extra source frames to keep before and after each event
 * @param toFormat the format to write; null for the input's
 */
public record ConformOptions(
        EditFormat format, FrameRate rate, boolean strict, long handlesFrames, EditFormat toFormat) {

    public ConformOptions {
        if (handlesFrames < 0) {
            throw GatewayException.invalid("conform handles " + handlesFrames + " must not be negative");
        }
    }

    /** Detect the format, lenient, no handles, write the input's format. */
    public static ConformOptions defaults() {
        return new ConformOptions(null, null, false, 0, null);
    }

    public ConformOptions withFormat(EditFormat f) {
        return new ConformOptions(f, rate, strict, handlesFrames, toFormat);
    }

    public ConformOptions withRate(FrameRate r) {
        return new ConformOptions(format, r, strict, handlesFrames, toFormat);
    }

    public ConformOptions withStrict(boolean s) {
        return new ConformOptions(format, rate, s, handlesFrames, toFormat);
    }

    public ConformOptions withHandles(long frames) {
        return new ConformOptions(format, rate, strict, frames, toFormat);
    }

    public ConformOptions withOutputFormat(EditFormat f) {
        return new ConformOptions(format, rate, strict, handlesFrames, f);
    }
}
