package gateway.proxy.gst;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Version;

/**
 * GStreamer is initialised once per JVM; {@link #ensureStarted()} is safe to call from any thread,
 * any number of times. GStreamer stays up until the JVM exits (it cannot be re-initialised).
 */
public final class GStreamerRuntime {
    private static final Version REQUIRED = Version.of(1, 16);
    private static boolean started;

    private GStreamerRuntime() {}

    public static synchronized void ensureStarted() {
        if (started || Gst.isInitialized()) {
            started = true;
            return;
        }
        try {
            Gst.init(REQUIRED, "gateway-proxy");
            started = true;
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new GatewayException(
                    Reason.FAILED_PRECONDITION, // an install to fix, not a call to retry
                    "GStreamer " + REQUIRED + "+ could not be initialised (is gstreamer1.0 installed?): "
                            + e.getMessage(),
                    e);
        }
    }
}
