package gateway.proxy.transcode;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The first error raised in Java on a GStreamer streaming thread (an appsink consumer, a pad-added
 * handler): kept so the job fails with it rather than with GStreamer's "internal data flow error",
 * and reported at once to {@code onFailure} so the pipeline stops.
 */
final class FirstFailure {
    private final AtomicReference<GatewayException> first = new AtomicReference<>();
    private volatile Runnable onFailure = () -> {};

    void onFailure(Runnable action) {
        this.onFailure = action;
    }

    void record(String subject, RuntimeException e) {
        GatewayException g =
                e instanceof GatewayException ge ? ge : new GatewayException(Reason.INTERNAL, subject + ": " + e, e);
        if (first.compareAndSet(null, g)) {
            onFailure.run();
        }
    }

    void rethrow() {
        GatewayException e = first.get();
        if (e != null) {
            throw e;
        }
    }
}
