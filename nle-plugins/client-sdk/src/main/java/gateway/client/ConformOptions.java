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
 * @param qcReference conform QC after the render: the asset id (same project) of the editor's
 *     reference export to compare the master with; null for no QC
 * @param qcSearchFrames conform QC: frames searched either side of each event (0-50)
 * @param planOnly with handles: answer the egress plan of consolidating (per storage tier, range-exact
 *     against whole-file restore) and transfer nothing
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
        boolean renderAnyway,
        String qcReference,
        int qcSearchFrames,
        boolean planOnly) {

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
        return new ConformOptions(
                null, null, false, 0, null, false, null, false, false, null, DEFAULT_QC_SEARCH_FRAMES, false);
    }

    public ConformOptions withFormat(EditFormat f) {
        return change(o -> o.format = f);
    }

    public ConformOptions withRate(FrameRate r) {
        return change(o -> o.rate = r);
    }

    public ConformOptions withStrict(boolean s) {
        return change(o -> o.strict = s);
    }

    public ConformOptions withHandles(long frames) {
        return change(o -> o.handlesFrames = frames);
    }

    public ConformOptions withOutputFormat(EditFormat f) {
        return change(o -> o.toFormat = f);
    }

    /** Consolidate on the server (the used ranges plus handles of each original, trimmed). */
    public ConformOptions withConsolidate(boolean on) {
        return change(o -> o.consolidate = on);
    }

    /** Render a master of this format on the server (see {@code renderCodec}); null for none. */
    public ConformOptions withRender(String codec) {
        return change(o -> o.renderCodec = codec);
    }

    /** Write each event's status as a marker in the conformed timeline. */
    public ConformOptions withStatusMarkers(boolean on) {
        return change(o -> o.statusMarkers = on);
    }

    /** Render clips the render cannot render black with the reason written on them, instead of refusing. */
    public ConformOptions withRenderAnyway(boolean on) {
        return change(o -> o.renderAnyway = on);
    }

    /**
     * Conform QC after the render: compare the master with asset {@code reference} of the project
     * (the editor's reference export, ingested), searching {@code searchFrames} either side of each event.
     */
    public ConformOptions withQc(String reference, int searchFrames) {
        return change(o -> {
            o.qcReference = reference;
            o.qcSearchFrames = searchFrames;
        });
    }

    /** With handles: the egress plan of consolidating only, nothing transferred. */
    public ConformOptions withPlanOnly(boolean on) {
        return change(o -> o.planOnly = on);
    }

    /** A copy of these options with {@code edit} applied (one place that lists every component). */
    private ConformOptions change(java.util.function.Consumer<Draft> edit) {
        Draft d = new Draft(this);
        edit.accept(d);
        return new ConformOptions(
                d.format,
                d.rate,
                d.strict,
                d.handlesFrames,
                d.toFormat,
                d.consolidate,
                d.renderCodec,
                d.statusMarkers,
                d.renderAnyway,
                d.qcReference,
                d.qcSearchFrames,
                d.planOnly);
    }

    /** The components while a copy is being changed. */
    private static final class Draft {
        EditFormat format;
        FrameRate rate;
        boolean strict;
        long handlesFrames;
        EditFormat toFormat;
        boolean consolidate;
        String renderCodec;
        boolean statusMarkers;
        boolean renderAnyway;
        String qcReference;
        int qcSearchFrames;
        boolean planOnly;

        Draft(ConformOptions o) {
            format = o.format;
            rate = o.rate;
            strict = o.strict;
            handlesFrames = o.handlesFrames;
            toFormat = o.toFormat;
            consolidate = o.consolidate;
            renderCodec = o.renderCodec;
            statusMarkers = o.statusMarkers;
            renderAnyway = o.renderAnyway;
            qcReference = o.qcReference;
            qcSearchFrames = o.qcSearchFrames;
            planOnly = o.planOnly;
        }
    }
}
