package gateway.proxy.gst;

import com.sun.jna.ptr.PointerByReference;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.freedesktop.gstreamer.Bus;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.GstObject;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.PadLinkException;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.StateChangeReturn;
import org.freedesktop.gstreamer.glib.GError;
import org.freedesktop.gstreamer.glib.Natives;
import org.freedesktop.gstreamer.message.Message;
import org.freedesktop.gstreamer.message.MessageType;

/**
 * One pipeline owned by one job: built, run until end of stream or an error (each a
 * {@link PipelineResult}), then always stopped and disposed by {@link #close()}. Paths never enter
 * the description: set them with {@code element("sink").set("location", path)}.
 */
public final class PipelineJob implements AutoCloseable {
    private final Pipeline pipeline;
    private final String what;
    private final CompletableFuture<PipelineResult> running = new CompletableFuture<>(); // one run per job
    private final List<Runnable> onClose = new ArrayList<>();

    private PipelineJob(Pipeline pipeline, String what) {
        this.pipeline = pipeline;
        this.what = what;
    }

    /** An empty pipeline to add elements to. */
    public static PipelineJob empty(String what) {
        GStreamerRuntime.ensureStarted();
        return new PipelineJob(new Pipeline(), what);
    }

    /** A pipeline from a launch description that names no files (elements named for later use). */
    public static PipelineJob parse(String description, String what) {
        GStreamerRuntime.ensureStarted();
        List<GError> errors = new ArrayList<>();
        try {
            Element parsed = Gst.parseLaunch(description, errors);
            if (!errors.isEmpty() || !(parsed instanceof Pipeline pipeline)) {
                if (parsed != null) {
                    parsed.dispose();
                }
                String problem =
                        errors.isEmpty() ? "not a pipeline" : errors.get(0).getMessage();
                throw new GatewayException(Reason.UNSUPPORTED, what + ": GStreamer cannot build it: " + problem);
            }
            return new PipelineJob(pipeline, what);
        } catch (GatewayException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new GatewayException(
                    Reason.INTERNAL, what + ": bad pipeline '" + description + "': " + e.getMessage(), e);
        }
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    /** The element named {@code name}; a missing name is a bug in the description. */
    public Element element(String name) {
        Element e = pipeline.getElementByName(name);
        if (e == null) {
            throw new GatewayException(Reason.INTERNAL, what + ": pipeline has no element named '" + name + "'");
        }
        return e;
    }

    /** Plays the pipeline until end of stream, an error, or {@code timeout}; then stops it. */
    public PipelineResult run(Duration timeout) {
        CompletableFuture<PipelineResult> done = running;
        Bus bus = pipeline.getBus();
        Bus.EOS eos = source -> done.complete(new PipelineResult.Finished());
        Bus.MESSAGE error = (b, message) -> {
            if (message.getType() == MessageType.ERROR) {
                GstObject source = message.getSource();
                done.complete(failure(source == null ? "pipeline" : source.getName(), message));
            }
        };
        bus.connect(eos);
        bus.connect(error);
        try {
            StateChangeReturn started = pipeline.setState(State.PLAYING);
            if (started == StateChangeReturn.FAILURE) {
                // The element that failed usually posted an ERROR: give it a moment to arrive.
                return done.completeOnTimeout(
                                new PipelineResult.Failed("pipeline", "could not start " + what), 2, TimeUnit.SECONDS)
                        .get();
            }
            return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return new PipelineResult.TimedOut(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException(Reason.CANCELLED, what + ": interrupted", e);
        } catch (ExecutionException e) {
            throw new GatewayException(Reason.INTERNAL, what + ": " + e.getCause(), e.getCause());
        } finally {
            pipeline.setState(State.NULL);
            bus.disconnect(eos);
            bus.disconnect(error);
        }
    }

    /**
     * Ends {@link #run} now with a failure of {@code element}: for errors found outside GStreamer
     * (a Java consumer of an appsink, a pad that cannot be linked). Safe from any thread; a run that
     * has already ended is not changed.
     */
    public void abort(String element, String message) {
        running.complete(new PipelineResult.Failed(element, message));
    }

    /** The error's message and GStreamer's debug detail ("streaming stopped, reason not-negotiated"). */
    private static PipelineResult.Failed failure(String element, Message message) {
        PointerByReference error = new PointerByReference();
        PointerByReference debug = new PointerByReference();
        PbUtils.Core.INSTANCE.gst_message_parse_error(Natives.getRawPointer(message), error, debug);
        String text = PbUtils.takeError(error);
        String detail = PbUtils.takeString(debug.getValue());
        String reason = detail == null
                ? ""
                : detail.substring(detail.lastIndexOf('\n') + 1).trim();
        return new PipelineResult.Failed(
                element, (text == null ? "error" : text) + (reason.isEmpty() ? "" : " (" + reason + ")"));
    }

    /**
     * Runs {@code release} when the job closes, once the pipeline has stopped (no streaming thread
     * runs any more): for native resources that streaming threads use.
     */
    public synchronized void onClose(Runnable release) {
        onClose.add(release);
    }

    @Override
    public void close() {
        pipeline.setState(State.NULL);
        pipeline.dispose();
        List<Runnable> releases;
        synchronized (this) {
            releases = List.copyOf(onClose);
            onClose.clear();
        }
        releases.forEach(Runnable::run);
    }

    /** Links two pads; a refusal is INTERNAL (our pipeline is wrong), naming both pads and why. */
    public static void link(Pad from, Pad to) {
        try {
            from.link(to);
        } catch (PadLinkException e) {
            throw new GatewayException(
                    Reason.INTERNAL,
                    "cannot link " + from.getName() + " to " + to.getName() + ": " + e.getLinkResult());
        }
    }
}
