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
 * @param consolidate copy the used ranges plus handles of each original into trimmed files on the server
 * @param renderCodec render a master on the server: "prores" or "dnxhr"; null for no render
 * @param statusMarkers write each event's status as a marker in the conformed timeline
 */
public record ConformOptions(
        EditFormat format,
        FrameRate rate,
        boolean strict,
        long handlesFrames,
        EditFormat toFormat,
        boolean consolidate,
        String renderCodec,
        boolean statusMarkers) {

    public ConformOptions {
        if (handlesFrames < 0) {
            throw GatewayException.invalid("conform handles " + handlesFrames + " must not be negative");
        }
    }

    /** Detect the format, lenient, no handles, write the input's format. */
    public static ConformOptions defaults() {
        return new ConformOptions(null, null, false, 0, null, false, null, false);
    }

    public ConformOptions withFormat(EditFormat f) {
        return new ConformOptions(f, rate, strict, handlesFrames, toFormat, consolidate, renderCodec, statusMarkers);
    }

    public ConformOptions withRate(FrameRate r) {
        return new ConformOptions(format, r, strict, handlesFrames, toFormat, consolidate, renderCodec, statusMarkers);
    }

    public ConformOptions withStrict(boolean s) {
        return new ConformOptions(format, rate, s, handlesFrames, toFormat, consolidate, renderCodec, statusMarkers);
    }

    public ConformOptions withHandles(long frames) {
        return new ConformOptions(format, rate, strict, frames, toFormat, consolidate, renderCodec, statusMarkers);
    }

    public ConformOptions withOutputFormat(EditFormat f) {
        return new ConformOptions(format, rate, strict, handlesFrames, f, consolidate, renderCodec, statusMarkers);
    }

    /** Consolidate on the server (the used ranges plus handles of each original, trimmed). */
    public ConformOptions withConsolidate(boolean on) {
        return new ConformOptions(format, rate, strict, handlesFrames, toFormat, on, renderCodec, statusMarkers);
    }

    /** Render a master on the server: "prores" (ProRes 422 HQ) or "dnxhr" (DNxHR HQ); null for none. */
    public ConformOptions withRender(String codec) {
        return new ConformOptions(format, rate, strict, handlesFrames, toFormat, consolidate, codec, statusMarkers);
    }

    /** Write each event's status as a marker in the conformed timeline. */
    public ConformOptions withStatusMarkers(boolean on) {
        return new ConformOptions(format, rate, strict, handlesFrames, toFormat, consolidate, renderCodec, on);
    }
}
