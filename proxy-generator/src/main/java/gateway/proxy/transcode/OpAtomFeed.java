package gateway.proxy.transcode;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.RationalTime;
import gateway.proxy.gst.PipelineJob;
import gateway.proxy.probe.OpAtomClip;
import java.io.IOException;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.freedesktop.gstreamer.Buffer;
import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.FlowReturn;
import org.freedesktop.gstreamer.elements.AppSrc;

/**
 * The source of a ladder whose original is an Avid OP-Atom clip ({@link OpAtomClip}). GStreamer
 * 1.22's mxfdemux cannot read ffmpeg's clip-wrapped OP-Atom essence to the end, so it is read here:
 * the picture file's constant-size DNxHD / DNxHR frames go through an {@code appsrc} into
 * {@code avdec_dnxhd}, each sound file's PCM through an {@code appsrc} of its own (one buffer per
 * picture frame's worth of samples), the clip's audio track of the same index. One feeding thread
 * per source, started when it first asks for data, ended by its end of stream or a refused buffer
 * (the pipeline stopped).
 */
final class OpAtomFeed implements AutoCloseable {
    private static final String PICTURE = "atom_v";
    private static final int QUEUED_FRAMES = 4;

    private final PipelineJob job;
    private final OpAtomClip clip;
    private final FirstFailure failure;
    private final String subject;
    private final List<Thread> feeders = new ArrayList<>();

    private OpAtomFeed(PipelineJob job, OpAtomClip clip, FirstFailure failure, String subject) {
        this.job = job;
        this.clip = clip;
        this.failure = failure;
        this.subject = subject;
    }

    /** The head of the launch description: the picture into {@code videoTee}, one appsrc per sound file. */
    static String head(OpAtomClip clip, String videoTee) {
        if (!clip.dnxhd()) {
            throw new GatewayException(
                    Reason.UNSUPPORTED,
                    clip.picture().getFileName() + ": OP-Atom picture essence that is not DNxHD / DNxHR cannot be"
                            + " read into frames here");
        }
        StringBuilder d = new StringBuilder("appsrc name=")
                .append(PICTURE)
                .append(" format=time block=true is-live=false ! avdec_dnxhd ! ")
                .append(videoTee)
                .append('.');
        for (int i = 0; i < clip.sound().size(); i++) {
            d.append(" appsrc name=").append(sound(i)).append(" format=time block=true is-live=false");
        }
        return d.toString();
    }

    private static String sound(int i) {
        return "atom_a" + i;
    }

    /**
     * Sets the caps of the pipeline parsed from {@link #head}, links each sound source to the
     * branches that want audio, and feeds each source once the pipeline asks.
     */
    static OpAtomFeed attach(
            PipelineJob job, OpAtomClip clip, List<LadderBranch> branches, LadderBranch.Context context) {
        OpAtomFeed feed = new OpAtomFeed(job, clip, context.failure(), context.subject());
        AppSrc picture = (AppSrc) job.element(PICTURE);
        picture.setCaps(Caps.fromString("video/x-dnxhd,width=" + clip.width() + ",height=" + clip.height()
                + ",framerate=" + clip.rate().numerator() + "/" + clip.rate().denominator()));
        picture.setMaxBytes(QUEUED_FRAMES * clip.frameBytes());
        feed.onNeedData(picture, feed::feedPicture);
        for (int i = 0; i < clip.sound().size(); i++) {
            OpAtomClip.SoundTrack t = clip.sound().get(i);
            AppSrc src = (AppSrc) job.element(sound(i));
            src.setCaps(Caps.fromString("audio/x-raw,format=S" + t.bits() + "LE,layout=interleaved,channels="
                    + t.channels() + ",rate=" + t.sampleRate()
                    + (t.channels() > 2 ? ",channel-mask=(bitmask)0x0" : "")));
            src.setMaxBytes((long) t.blockBytes() * t.sampleRate());
            int track = i;
            feed.onNeedData(src, () -> feed.feedSound(track));
            LadderGraph.routeAudio(job, branches, src.getStaticPad("src"), i, t.channels());
        }
        return feed;
    }

    private void onNeedData(AppSrc src, Runnable feeding) {
        AtomicBoolean started = new AtomicBoolean();
        src.connect((AppSrc.NEED_DATA) (element, size) -> {
            if (started.compareAndSet(false, true)) {
                Thread t = Thread.ofPlatform()
                        .name("op-atom-" + src.getName() + "-" + subject)
                        .daemon()
                        .unstarted(feeding);
                synchronized (feeders) {
                    feeders.add(t);
                }
                t.start();
            }
        });
    }

    private void feedPicture() {
        AppSrc src = (AppSrc) job.element(PICTURE);
        long frameBytes = clip.frameBytes();
        feed(src, clip.picture(), clip.essenceOffset(), clip.essenceBytes(), n -> n < clip.frames() ? frameBytes : 0);
    }

    private void feedSound(int track) {
        OpAtomClip.SoundTrack t = clip.sound().get(track);
        AppSrc src = (AppSrc) job.element(sound(track));
        // one buffer per picture frame: the samples from frame n's start to frame n + 1's
        feed(src, t.file(), t.essenceOffset(), t.essenceBytes(), n -> {
            long from = samplesAt(n, t.sampleRate());
            return (samplesAt(n + 1, t.sampleRate()) - from) * t.blockBytes();
        });
    }

    private long samplesAt(long frame, int sampleRate) {
        return BigInteger.valueOf(frame)
                .multiply(BigInteger.valueOf(sampleRate))
                .multiply(BigInteger.valueOf(clip.rate().denominator()))
                .divide(BigInteger.valueOf(clip.rate().numerator()))
                .longValueExact();
    }

    @FunctionalInterface
    private interface Chunks {
        /** The bytes of chunk {@code n} (picture frame {@code n}'s), 0 past the end. */
        long bytes(long n);
    }

    /** Pushes {@code total} essence bytes from {@code offset} of {@code file}, chunk n stamped as picture frame n. */
    private void feed(AppSrc src, Path file, long offset, long total, Chunks chunks) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long at = 0;
            for (long n = 0; at < total; n++) {
                long size = Math.min(chunks.bytes(n), total - at);
                if (size <= 0) {
                    break;
                }
                long pts = RationalTime.of(n, clip.rate()).toNanos(RoundingMode.HALF_UP);
                long next = RationalTime.of(n + 1, clip.rate()).toNanos(RoundingMode.HALF_UP);
                Buffer buffer = new Buffer((int) size);
                ByteBuffer mapped = buffer.map(true);
                while (mapped.hasRemaining()) {
                    if (ch.read(mapped, offset + at + mapped.position()) < 0) {
                        throw new IOException("end of file at byte " + (offset + at + mapped.position()));
                    }
                }
                buffer.unmap();
                buffer.setPresentationTimestamp(pts);
                buffer.setDuration(next - pts);
                if (src.pushBuffer(buffer) != FlowReturn.OK) {
                    return; // the pipeline stopped (failed or aborted): its result says why
                }
                at += size;
            }
            src.endOfStream();
        } catch (IOException | RuntimeException e) {
            failure.record(
                    subject,
                    GatewayException.io(file.getFileName() + ": cannot read its essence: " + e.getMessage(), e));
        }
    }

    /** Waits for the feeding threads, which end once the pipeline has stopped (their pushes are refused). */
    @Override
    public void close() {
        List<Thread> started;
        synchronized (feeders) {
            started = List.copyOf(feeders);
        }
        for (Thread t : started) {
            try {
                t.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
