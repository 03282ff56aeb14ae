package gateway.proxy.gst;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.util.Locale;

/** How a pipeline run ended: end of stream, an error posted by an element, or out of time. */
public sealed interface PipelineResult {

    record Finished() implements PipelineResult {}

    /** An ERROR message on the bus: the element that posted it and its message. */
    record Failed(String element, String message) implements PipelineResult {}

    record TimedOut(long afterMillis) implements PipelineResult {}

    /**
     * Nothing when finished; otherwise the failure as a GatewayException about {@code subject} (a
     * file name): a stream GStreamer cannot type or decode is UNSUPPORTED, a sink that cannot write
     * is IO (STORAGE_FULL when its file system is full), out of time is TIMEOUT, any other element error is CORRUPT.
     */
    default void orThrow(String subject) {
        switch (this) {
            case Finished f -> {}
            case TimedOut t ->
                throw new GatewayException(
                        Reason.TIMEOUT, subject + ": GStreamer did not finish within " + t.afterMillis() + " ms");
            case Failed f ->
                throw new GatewayException(
                        classify(f),
                        subject + ": " + f.element() + ": " + f.message().replace('\n', ' '));
        }
    }

    private static Reason classify(Failed f) {
        String m = f.message().toLowerCase(Locale.ROOT);
        String element = f.element().toLowerCase(Locale.ROOT);
        if (m.contains("no space left")) {
            // filesink's GST_RESOURCE_ERROR_NO_SPACE_LEFT: "No space left on the resource."
            return Reason.STORAGE_FULL;
        }
        if (element.contains("sink") && (m.contains("write") || m.contains("open") || m.contains("space"))) {
            return Reason.IO;
        }
        if (m.contains("could not determine type")
                || m.contains("missing")
                || m.contains("no decoder")
                || m.contains("not-negotiated")
                || m.contains("not negotiated")
                || m.contains("not supported")
                || m.contains("unsupported")) {
            return Reason.UNSUPPORTED;
        }
        return Reason.CORRUPT;
    }
}
