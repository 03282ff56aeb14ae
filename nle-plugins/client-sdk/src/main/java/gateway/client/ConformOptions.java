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
 * @param qcReference conform QC after the render: the asset id (same project) of the editor's
 *     reference export to compare the master with; null for no QC
 * @param qcSearchFrames conform QC: frames searched either side of each event (0-50)
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
        String qcReference,
        int qcSearchFrames) {

    /** The frames searched either side of each event unless told. */
    public static final int DEFAULT_QC_SEARCH_FRAMES = 5;

    public ConformOptions {
        if (handlesFrames < 0) {
            throw GatewayException.invalid("conform handles " + handlesFrames + " must not be negative");
        }
        if (qcSearchFrames < 0 || qcSearchFrames > 50) {
            throw GatewayException.invalid("conform QC search of " + qcSearchFrames + " frames: it must be 0-50");
        }
    }

    /** Detect the format, lenient, no handles, write the input's format. */
    public static ConformOptions defaults() {
        return new ConformOptions(null, null, false, 0, null, false, null, false, null, DEFAULT_QC_SEARCH_FRAMES);
    }

    public ConformOptions withFormat(EditFormat f) {
        return new ConformOptions(
                f,
                rate,
                strict,
                handlesFrames,
                toFormat,
                consolidate,
                renderCodec,
                statusMarkers,
                qcReference,
                qcSearchFrames);
    }

    public ConformOptions withRate(FrameRate r) {
        return new ConformOptions(
                format,
                r,
                strict,
                handlesFrames,
                toFormat,
                consolidate,
                renderCodec,
                statusMarkers,
                qcReference,
                qcSearchFrames);
    }

    public ConformOptions withStrict(boolean s) {
        return new ConformOptions(
                format,
                rate,
                s,
                handlesFrames,
                toFormat,
                consolidate,
                renderCodec,
                statusMarkers,
                qcReference,
                qcSearchFrames);
    }

    public ConformOptions withHandles(long frames) {
        return new ConformOptions(
                format,
                rate,
                strict,
                frames,
                toFormat,
                consolidate,
                renderCodec,
                statusMarkers,
                qcReference,
                qcSearchFrames);
    }

    public ConformOptions withOutputFormat(EditFormat f) {
        return new ConformOptions(
                format,
                rate,
                strict,
                handlesFrames,
                f,
                consolidate,
                renderCodec,
                statusMarkers,
                qcReference,
                qcSearchFrames);
    }

    /** Consolidate on the server (the used ranges plus handles of each original, trimmed). */
    public ConformOptions withConsolidate(boolean on) {
        return new ConformOptions(
                format,
                rate,
                strict,
                handlesFrames,
                toFormat,
                on,
                renderCodec,
                statusMarkers,
                qcReference,
                qcSearchFrames);
    }

    /** Render a master on the server: "prores" (ProRes 422 HQ) or "dnxhr" (DNxHR HQ); null for none. */
    public ConformOptions withRender(String codec) {
        return new ConformOptions(
                format,
                rate,
                strict,
                handlesFrames,
                toFormat,
                consolidate,
                codec,
                statusMarkers,
                qcReference,
                qcSearchFrames);
    }

    /** Write each event's status as a marker in the conformed timeline. */
    public ConformOptions withStatusMarkers(boolean on) {
        return new ConformOptions(
                format,
                rate,
                strict,
                handlesFrames,
                toFormat,
                consolidate,
                renderCodec,
                on,
                qcReference,
                qcSearchFrames);
    }

    /**
     * Conform QC after the render: compare the master with asset {@code reference} of the project
     * (the editor's reference export, ingested), searching {@code searchFrames} either side of each event.
     */
    public ConformOptions withQc(String reference, int searchFrames) {
        return new ConformOptions(
                format,
                rate,
                strict,
                handlesFrames,
                toFormat,
                consolidate,
                renderCodec,
                statusMarkers,
                reference,
                searchFrames);
    }
}
