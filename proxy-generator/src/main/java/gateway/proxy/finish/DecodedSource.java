package gateway.proxy.finish;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import gateway.proxy.gst.PipelineJob;
import gateway.proxy.gst.PipelineResult;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongPredicate;
import org.freedesktop.gstreamer.Bin;
import org.freedesktop.gstreamer.Buffer;
import org.freedesktop.gstreamer.Bus;
import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.Format;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.GstObject;
import org.freedesktop.gstreamer.PadProbeReturn;
import org.freedesktop.gstreamer.PadProbeType;
import org.freedesktop.gstreamer.Sample;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.StateChangeReturn;
import org.freedesktop.gstreamer.Structure;
import org.freedesktop.gstreamer.elements.AppSink;
import org.freedesktop.gstreamer.event.SeekFlags;

/**
 * One original decoded from a position: its first video stream as raw pictures of given caps and
 * each wanted audio stream as raw interleaved PCM, each pulled from its own appsink (pull each from
 * its own thread: the streams advance together). Opening prerolls the pipeline and notes where each
 * stream starts; {@link #play} seeks accurately and plays. Buffers keep the file's own timestamps;
 * {@link #frameOf} numbers pictures from the first. A decoding error ends every pull;
 * {@link #failure()} tells it.
 */
final class DecodedSource implements AutoCloseable {
    private static final int QUEUED_BUFFERS = 4;

    private final PipelineJob job;
    private final String subject;
    private final AppSink[] audioSinks;
    private final AtomicReference<GatewayException> failure = new AtomicReference<>();
    private final CompletableFuture<Void> failed = new CompletableFuture<>();
    private final Object stateLock = new Object();
    private final Duration timeout;
    private boolean closed;
    private long videoOrigin;
    private long[] audioOrigins;

    private DecodedSource(PipelineJob job, String subject, int audioStreams, Duration timeout) {
        this.job = job;
        this.subject = subject;
        this.audioSinks = new AppSink[audioStreams];
        this.timeout = timeout;
    }

    /**
     * Opens {@code file} and prerolls it (nothing plays until {@link #play}). {@code videoCaps} are
     * the raw caps the pictures are converted to (null: pictures are discarded); {@code audioCaps} one raw caps string per audio
     * stream to deliver (streams past the list are discarded).
     */
    static DecodedSource open(Path file, String subject, String videoCaps, List<String> audioCaps, Duration timeout) {
        return open(file, subject, videoCaps, Scaling.BILINEAR, audioCaps, timeout);
    }

    /** How pictures are scaled to the video caps' size: GStreamer's {@code videoconvertscale} methods. */
    enum Scaling {
        /** Two taps per output sample: sharp and cheap, but it skips source samples when shrinking by over 2x. */
        BILINEAR("bilinear"),
        /**
         * A tent filter as wide as the shrink ratio: every source sample counts, so a picture shrunk
         * from 1920 or from 160 pixels wide comes out the same (QC pictures).
         */
        AREA("bilinear2");

        private final String method;

        Scaling(String method) {
            this.method = method;
        }
    }

    /** As {@link #open(Path, String, String, List, Duration)}, the pictures scaled by {@code scaling}. */
    static DecodedSource open(
            Path file, String subject, String videoCaps, Scaling scaling, List<String> audioCaps, Duration timeout) {
        String description = videoCaps == null
                ? "filesrc name=src ! decodebin name=dec"
                : "filesrc name=src ! decodebin name=dec videoconvertscale name=vconv n-threads=2 method="
                        + scaling.method + " ! " + videoCaps
                        + " ! appsink name=vsink sync=false enable-last-sample=false max-buffers=" + QUEUED_BUFFERS
                        + " drop=false";
        PipelineJob job = PipelineJob.parse(description, "decoding " + subject);
        DecodedSource source = new DecodedSource(job, subject, audioCaps.size(), timeout);
        try {
            job.element("src").set("location", file.toString());
            source.route(audioCaps);
            source.preroll();
            return source;
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
    }

    private void route(List<String> audioCaps) {
        Element videoIn = job.pipeline().getElementByName("vconv"); // null: pictures are discarded
        AtomicInteger videoPads = new AtomicInteger();
        AtomicInteger audioIndex = new AtomicInteger();
        Bus bus = job.pipeline().getBus();
        bus.connect((Bus.ERROR) (source, code, message) -> fail(source, message));
        job.element("dec").connect((Element.PAD_ADDED) (dec, pad) -> {
            Caps caps = pad.getCurrentCaps();
            Structure s = caps == null || caps.size() == 0 ? null : caps.getStructure(0);
            String media = s == null ? "" : s.getName();
            if (media.startsWith("video/") && videoIn != null && videoPads.getAndIncrement() == 0) {
                PipelineJob.link(pad, videoIn.getStaticPad("sink"));
                return;
            }
            if (media.startsWith("audio/")) {
                int index = audioIndex.getAndIncrement();
                if (index < audioCaps.size()) {
                    Bin branch = Gst.parseBinFromDescription(
                            "audioconvert ! audioresample ! " + audioCaps.get(index) + " ! appsink name=asink" + index
                                    + " sync=false enable-last-sample=false drop=false max-buffers="
                                    + QUEUED_BUFFERS,
                            true);
                    audioSinks[index] = (AppSink) branch.getElementByName("asink" + index);
                    job.pipeline().add(branch);
                    branch.syncStateWithParent();
                    PipelineJob.link(pad, branch.getStaticPad("sink"));
                    return;
                }
            }
            Element discard = ElementFactory.make("fakesink", null);
            discard.set("sync", false);
            discard.set("async", false); // a stream nobody reads must not hold up the preroll
            job.pipeline().add(discard);
            discard.syncStateWithParent();
            PipelineJob.link(pad, discard.getStaticPad("sink"));
        });
    }

    /**
     * Prerolls and reads where each stream starts: the timestamp of its first picture or sample.
     * Frames and samples are counted from there (GStreamer's qtdemux shifts the pictures of a
     * B-frame stream by its reorder delay, the sound not).
     */
    private void preroll() {
        CompletableFuture<Void> prerolled = new CompletableFuture<>();
        Bus bus = job.pipeline().getBus();
        Bus.ASYNC_DONE done = source -> prerolled.complete(null);
        bus.connect(done);
        try {
            if (job.pipeline().setState(State.PAUSED) == StateChangeReturn.FAILURE) {
                awaitFailure("cannot start decoding");
            }
            waitFor(prerolled, timeout, "preroll");
        } finally {
            bus.disconnect(done);
        }
        videoOrigin = job.pipeline().getElementByName("vsink") == null
                ? 0
                : firstTimestamp((AppSink) job.element("vsink"), "video");
        audioOrigins = new long[audioSinks.length];
        for (int i = 0; i < audioSinks.length; i++) {
            if (audioSinks[i] == null) {
                throw new GatewayException(
                        Reason.CORRUPT, subject + ": audio stream " + (i + 1) + " was not found when decoding");
            }
            audioOrigins[i] = firstTimestamp(audioSinks[i], "audio stream " + (i + 1));
        }
    }

    private long firstTimestamp(AppSink sink, String what) {
        Sample first = sink.pullPreroll();
        if (first == null) {
            GatewayException f = failure.get();
            throw f != null ? f : new GatewayException(Reason.CORRUPT, subject + ": the " + what + " holds nothing");
        }
        try {
            long pts = first.getBuffer().getPresentationTimestamp();
            if (pts < 0) {
                throw new GatewayException(Reason.UNSUPPORTED, subject + ": the " + what + " carries no timestamps");
            }
            return pts;
        } finally {
            first.dispose();
        }
    }

    /**
     * Seeks accurately to {@code nanos} (the file's own timestamps, at or after the earliest
     * origin) and plays from there; a file that cannot seek plays from its start.
     */
    void play(long nanos) {
        job.pipeline().seekSimple(Format.TIME, EnumSet.of(SeekFlags.FLUSH, SeekFlags.ACCURATE), Math.max(0, nanos));
        // A file that cannot seek (no index) plays from its start: callers skip what comes before.
        if (job.pipeline().setState(State.PLAYING) == StateChangeReturn.FAILURE) {
            awaitFailure("cannot play");
        }
        GatewayException f = failure.get();
        if (f != null) {
            throw f;
        }
    }

    /**
     * Plays from a little before {@code nanos} so that the picture or sample there surely comes:
     * qtdemux seeks a B-frame stream by its decode times, which run behind the picture times by
     * the reorder delay (the first picture's timestamp, at most 1 s counted), and the first picture
     * after a seek may carry a guessed timestamp. Two frames more cover both.
     */
    void playBefore(long nanos, FrameRate rate) {
        long margin =
                Math.min(videoOrigin, 1_000_000_000L) + RationalTime.of(2, rate).toNanos(RoundingMode.CEILING);
        play(nanos - margin);
    }

    /**
     * From now on drops, before conversion and scaling, every picture whose frame ({@link #frameOf})
     * {@code keep} refuses: a reader that wants a few of the pictures it decodes (QC reading through
     * a Long-GOP stream) does not pay to convert the others. Only after {@link #open}.
     */
    void keepOnly(LongPredicate keep, FrameRate rate) {
        Element convert = job.pipeline().getElementByName("vconv");
        if (convert == null) {
            throw new GatewayException(Reason.INTERNAL, subject + ": opened without pictures, none to keep");
        }
        convert.getStaticPad("sink").addProbe(PadProbeType.BUFFER, (pad, info) -> {
            Buffer buffer = info.getBuffer();
            long pts = buffer.getPresentationTimestamp();
            // gst1-java-core wraps the probe's buffer without a reference of its own: the wrapper
            // must not release the pad's (measured: reference count 1 inside the probe)
            buffer.disown();
            return pts < 0 || keep.test(frameOf(pts, rate)) ? PadProbeReturn.OK : PadProbeReturn.DROP;
        });
    }

    /** The timestamp of the first picture. */
    long videoOrigin() {
        return videoOrigin;
    }

    /** The timestamp of the first sample of delivered audio stream {@code index}. */
    long audioOrigin(int index) {
        return audioOrigins[index];
    }

    /** The index of the picture stamped {@code pts}, counting the first picture as 0. */
    long frameOf(long pts, FrameRate rate) {
        return RationalTime.fromNanos(pts - videoOrigin, rate, RoundingMode.HALF_UP)
                .value();
    }

    /** Where frame {@code frame} starts in the file's timestamps. */
    long nanosOfFrame(long frame, FrameRate rate) {
        return videoOrigin + RationalTime.of(frame, rate).toNanos(RoundingMode.FLOOR);
    }

    private void waitFor(CompletableFuture<Void> prerolled, Duration timeout, String what) {
        CompletableFuture<Object> either = CompletableFuture.anyOf(prerolled, failed);
        try {
            either.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new GatewayException(
                    Reason.TIMEOUT, subject + ": GStreamer did not " + what + " within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException(Reason.CANCELLED, subject + ": interrupted", e);
        } catch (ExecutionException e) {
            throw new GatewayException(Reason.INTERNAL, subject + ": " + e.getCause(), e.getCause());
        }
        GatewayException f = failure.get();
        if (f != null) {
            throw f;
        }
    }

    private void awaitFailure(String what) {
        try {
            failed.get(2, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // no error arrived: report the state change itself
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        GatewayException f = failure.get();
        throw f != null ? f : new GatewayException(Reason.CORRUPT, subject + ": GStreamer " + what + " it");
    }

    /** Records the first error and unblocks every pull (off the streaming thread that posted it). */
    private void fail(GstObject source, String message) {
        GatewayException e;
        try {
            new PipelineResult.Failed(source == null ? "pipeline" : source.getName(), message).orThrow(subject);
            return;
        } catch (GatewayException classified) {
            e = classified;
        }
        if (failure.compareAndSet(null, e)) {
            failed.complete(null);
            cancel();
        }
    }

    /** Stops decoding early (a consumer failed): every pull returns null from now on. */
    void cancel() {
        Thread.ofVirtual().start(this::unblock);
    }

    private void unblock() {
        synchronized (stateLock) {
            if (!closed) {
                job.pipeline().setState(State.READY);
            }
        }
    }

    /** The next decoded picture buffer's sample, or null at the end (or after a failure: see {@link #failure()}). */
    Sample pullVideo() {
        return pull((AppSink) job.element("vsink"));
    }

    /** The next buffer of the {@code index}-th delivered audio stream, or null at its end. */
    Sample pullAudio(int index) {
        AppSink sink = audioSinks[index];
        if (sink == null) {
            throw new GatewayException(
                    Reason.CORRUPT, subject + ": audio stream " + (index + 1) + " was not found when decoding");
        }
        return pull(sink);
    }

    private Sample pull(AppSink sink) {
        if (failure.get() != null) {
            return null;
        }
        synchronized (stateLock) {
            if (closed) {
                return null;
            }
        }
        return sink.pullSample();
    }

    /** The error that ended decoding, or null. */
    GatewayException failure() {
        return failure.get();
    }

    /** Copies a sample's bytes out and disposes of the sample. */
    static byte[] bytesOf(Sample sample) {
        try {
            Buffer buffer = sample.getBuffer();
            ByteBuffer mapped = buffer.map(false);
            try {
                byte[] bytes = new byte[mapped.remaining()];
                mapped.get(bytes);
                return bytes;
            } finally {
                buffer.unmap();
            }
        } finally {
            sample.dispose();
        }
    }

    String subject() {
        return subject;
    }

    @Override
    public void close() {
        synchronized (stateLock) { // never while cancel() changes the state
            if (!closed) {
                closed = true;
                job.close();
            }
        }
    }
}
