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
 * @param renderCodec render a master on the server: a master format name ("prores-hq", "prores-4444",
 *     "dnxhr-hqx", "dnxhr-hq-mxf" ...; "prores" and "dnxhr" are the HQ ones); null for no render
 * @param statusMarkers write each event's status as a marker in the conformed timeline
 * @param renderAnyway render clips the render cannot render black with the reason written on them
 *     instead of refusing the render
 */
public record ConformOptions(
        EditFormat format,
        FrameRate rate,
        boolean strict,
        long handlesFrames,
        EditFormat toFormat,
        boolean consolidate,
        String renderCodec,
        boolean statusMarkers,
        boolean renderAnyway) {

    public ConformOptions {
        if (handlesFrames < 0) {
            throw GatewayException.invalid("conform handles " + handlesFrames + " must not be negative");
        }
    }

    /** Detect the format, lenient, no handles, write the input's format. */
    public static ConformOptions defaults() {
        return new ConformOptions(null, null, false, 0, null, false, null, false, false);
    }

    public ConformOptions withFormat(EditFormat f) {
        return new ConformOptions(
                f, rate, strict, handlesFrames, toFormat, consolidate, renderCodec, statusMarkers, renderAnyway);
    }

    public ConformOptions withRate(FrameRate r) {
        return new ConformOptions(
                format, r, strict, handlesFrames, toFormat, consolidate, renderCodec, statusMarkers, renderAnyway);
    }

    public ConformOptions withStrict(boolean s) {
        return new ConformOptions(
                format, rate, s, handlesFrames, toFormat, consolidate, renderCodec, statusMarkers, renderAnyway);
    }

    public ConformOptions withHandles(long frames) {
        return new ConformOptions(
                format, rate, strict, frames, toFormat, consolidate, renderCodec, statusMarkers, renderAnyway);
    }

    public ConformOptions withOutputFormat(EditFormat f) {
        return new ConformOptions(
                format, rate, strict, handlesFrames, f, consolidate, renderCodec, statusMarkers, renderAnyway);
    }

    /** Consolidate on the server (the used ranges plus handles of each original, trimmed). */
    public ConformOptions withConsolidate(boolean on) {
        return new ConformOptions(
                format, rate, strict, handlesFrames, toFormat, on, renderCodec, statusMarkers, renderAnyway);
    }

    /** Render a master of this format on the server (see {@code renderCodec}); null for none. */
    public ConformOptions withRender(String codec) {
        return new ConformOptions(
                format, rate, strict, handlesFrames, toFormat, consolidate, codec, statusMarkers, renderAnyway);
    }

    /** Write each event's status as a marker in the conformed timeline. */
    public ConformOptions withStatusMarkers(boolean on) {
        return new ConformOptions(
                format, rate, strict, handlesFrames, toFormat, consolidate, renderCodec, on, renderAnyway);
    }

    /** Render clips the render cannot render black with the reason written on them, instead of refusing. */
    public ConformOptions withRenderAnyway(boolean on) {
        return new ConformOptions(
                format, rate, strict, handlesFrames, toFormat, consolidate, renderCodec, statusMarkers, on);
    }
}
