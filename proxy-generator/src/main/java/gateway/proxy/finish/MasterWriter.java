package gateway.proxy.finish;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import gateway.model.time.Timecode;
import gateway.proxy.gst.PipelineJob;
import gateway.proxy.gst.PipelineResult;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.freedesktop.gstreamer.Buffer;
import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.FlowReturn;
import org.freedesktop.gstreamer.elements.AppSrc;

/**
 * Encodes pictures and PCM handed over from Java into a master of a {@link MasterFormat}: the
 * {@link Picture}s converted to the encoder's pixel format and encoded (ProRes with
 * {@code avenc_prores_ks}, DNxHD / DNxHR with {@code avenc_dnxhd}), a timecode starting at
 * {@code start} and one PCM track per {@link AudioLayout}. MOV: {@code qtmux} writes the
 * {@code tmcd} track (timecodestamper counts frame by frame from {@code start}); it has no DNxHR
 * input, so DNxHR samples go through its ProRes input and the sample description is then retagged
 * {@code AVdh} ({@link QuickTimeSampleEntry}). MXF OP1a: {@code mxfmux} writes its timecode
 * components at zero; they are then set to {@code start} ({@link MxfStartTimecode}). Frame {@code n} is stamped {@code n} frame durations after zero, so the
 * file holds exactly the frames pushed. Push video and each audio track from their own threads
 * (the muxer interleaves them); then {@link #finish(Duration)}.
 */
final class MasterWriter implements AutoCloseable {
    /** One audio track of the master: channels, sample rate and bits (16 or 24). */
    record AudioLayout(int channels, int sampleRate, int bits) {
        String caps() {
            return "audio/x-raw,format=S" + bits + "LE,layout=interleaved,rate=" + sampleRate + ",channels=" + channels
                    + (channels > 2 ? ",channel-mask=(bitmask)0x0" : "");
        }

        int bytesPerSample() {
            return channels * bits / 8;
        }
    }

    private final PipelineJob job;
    private final Path file;
    private final MasterFormat format;
    private final Timecode start;
    private final String subject;
    private final FrameRate rate;
    private final List<AudioLayout> audio;
    private final CompletableFuture<PipelineResult> result;
    private long framesPushed;

    private MasterWriter(
            PipelineJob job,
            Path file,
            MasterFormat format,
            Timecode start,
            String subject,
            FrameRate rate,
            List<AudioLayout> audio) {
        this.job = job;
        this.file = file;
        this.format = format;
        this.start = start;
        this.subject = subject;
        this.rate = rate;
        this.audio = List.copyOf(audio);
        this.result = new CompletableFuture<>();
    }

    /** Starts a writer of {@code width x height} pictures at {@code rate} into {@code file}. */
    static MasterWriter start(
            Path file,
            MasterFormat format,
            String subject,
            int width,
            int height,
            FrameRate rate,
            Timecode start,
            List<AudioLayout> audio,
            Duration timeout) {
        if (!start.rate().equals(rate)) {
            throw new GatewayException(
                    Reason.INTERNAL,
                    subject + ": start timecode at " + start.rate().toFpsString() + " for pictures at "
                            + rate.toFpsString());
        }
        format.checkPicture(width, height, rate);
        boolean mov = format.wrapper() == MasterFormat.Wrapper.MOV;
        StringBuilder d = new StringBuilder("appsrc name=vsrc format=time block=true is-live=false ! ");
        if (!format.pixelFormat().equals(Picture.FORMAT)) {
            d.append("videoconvert dither=none n-threads=2 ! video/x-raw,format=")
                    .append(format.pixelFormat())
                    .append(" ! ");
        }
        d.append("timecodestamper source=zero set=always timecode-offset=")
                .append(start.toFrames())
                .append(" drop-frame=")
                .append(start.dropFrame())
                .append(" ! ")
                .append(format.encoder(width, height, rate));
        if (mov && !format.prores()) {
            // qtmux takes no video/x-dnxhd: its ProRes input carries the samples, retagged after
            d.append(" ! capssetter join=false replace=true caps=\"video/x-prores,variant=(string)hq,width=(int)")
                    .append(width)
                    .append(",height=(int)")
                    .append(height)
                    .append(",framerate=(fraction)")
                    .append(rate.numerator())
                    .append('/')
                    .append(rate.denominator())
                    .append('"');
        }
        d.append(" ! queue ! ").append(mov ? "qtmux" : "mxfmux").append(" name=mux ! filesink name=sink async=false");
        for (int i = 0; i < audio.size(); i++) {
            d.append(" appsrc name=asrc")
                    .append(i)
                    .append(" format=time block=true is-live=false ! queue ! mux.")
                    .append(mov ? "audio_" + i : "");
        }
        PipelineJob job = PipelineJob.parse(d.toString(), "master " + subject);
        MasterWriter writer = new MasterWriter(job, file, format, start, subject, rate, audio);
        try {
            job.element("sink").set("location", file.toString());
            AppSrc video = (AppSrc) job.element("vsrc");
            video.setCaps(Caps.fromString("video/x-raw,format=" + Picture.FORMAT + ",width=" + width + ",height="
                    + height + ",framerate=" + rate.numerator() + "/" + rate.denominator()
                    + ",pixel-aspect-ratio=1/1,interlace-mode=progressive"));
            video.setMaxBytes(4L * Picture.byteSize(width, height));
            for (int i = 0; i < audio.size(); i++) {
                AppSrc a = (AppSrc) job.element("asrc" + i);
                a.setCaps(Caps.fromString(audio.get(i).caps()));
                a.setMaxBytes(
                        (long) audio.get(i).bytesPerSample() * audio.get(i).sampleRate() / 5);
            }
            Thread.ofPlatform()
                    .name("master-" + subject)
                    .daemon()
                    .start(() -> writer.result.complete(runSafely(job, timeout)));
            return writer;
        } catch (RuntimeException e) {
            job.close();
            throw e;
        }
    }

    private static PipelineResult runSafely(PipelineJob job, Duration timeout) {
        try {
            return job.run(timeout);
        } catch (GatewayException e) {
            return new PipelineResult.Failed("pipeline", e.getMessage());
        }
    }

    /** Appends the next picture (frame {@link #framesPushed()}). Fails when the pipeline has stopped. */
    void pushPicture(Picture picture) {
        long n = framesPushed;
        long pts = RationalTime.of(n, rate).toNanos(RoundingMode.HALF_UP);
        long next = RationalTime.of(n + 1, rate).toNanos(RoundingMode.HALF_UP);
        push((AppSrc) job.element("vsrc"), picture.bytes(), pts, next - pts, "picture " + n);
        framesPushed++;
    }

    long framesPushed() {
        return framesPushed;
    }

    /**
     * Appends PCM to audio track {@code track}: {@code bytes} start at sample {@code firstSample}
     * of the master (whole samples of the track's layout).
     */
    void pushAudio(int track, byte[] bytes, long firstSample) {
        AudioLayout layout = audio.get(track);
        long samples = bytes.length / layout.bytesPerSample();
        long pts = nanos(firstSample, layout.sampleRate());
        long end = nanos(firstSample + samples, layout.sampleRate());
        push((AppSrc) job.element("asrc" + track), bytes, pts, end - pts, "audio at sample " + firstSample);
    }

    private static long nanos(long samples, int sampleRate) {
        return java.math.BigInteger.valueOf(samples)
                .multiply(java.math.BigInteger.valueOf(1_000_000_000L))
                .add(java.math.BigInteger.valueOf(sampleRate / 2))
                .divide(java.math.BigInteger.valueOf(sampleRate))
                .longValueExact();
    }

    private void push(AppSrc src, byte[] bytes, long pts, long duration, String what) {
        Buffer buffer = new Buffer(bytes.length);
        ByteBuffer mapped = buffer.map(true);
        mapped.put(bytes);
        buffer.unmap();
        buffer.setPresentationTimestamp(pts);
        buffer.setDuration(duration);
        FlowReturn flow = src.pushBuffer(buffer);
        if (flow != FlowReturn.OK) {
            stopped(what + " refused (" + flow + ")");
        }
    }

    /** Ends video track input (call from the video thread when the last picture is pushed). */
    void endVideo() {
        ((AppSrc) job.element("vsrc")).endOfStream();
    }

    /** Ends audio track {@code track}. */
    void endAudio(int track) {
        ((AppSrc) job.element("asrc" + track)).endOfStream();
    }

    /** Stops the pipeline with {@code reason} (a producer failed); the file is incomplete. */
    void abort(String reason) {
        job.abort("producer", reason);
    }

    /** Waits until the muxer has written everything; fails with the pipeline's error. */
    void finish(Duration timeout) {
        PipelineResult r;
        try {
            r = result.get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            job.abort("writer", "did not finish");
            throw new GatewayException(Reason.TIMEOUT, subject + ": the master was not written in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException(Reason.CANCELLED, subject + ": interrupted", e);
        } catch (ExecutionException e) {
            throw new GatewayException(Reason.INTERNAL, subject + ": " + e.getCause(), e.getCause());
        }
        r.orThrow(subject);
        if (format.wrapper() == MasterFormat.Wrapper.MXF) {
            MxfStartTimecode.write(file, start);
        } else if (!format.prores()) {
            QuickTimeSampleEntry.retagVideo(file, "AVdh", "Avid DNxHR");
        }
    }

    private void stopped(String what) {
        PipelineResult r = result.getNow(null);
        if (r == null) {
            try {
                r = result.get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // fall through with what we know
            }
        }
        if (r instanceof PipelineResult.Failed f) {
            r.orThrow(subject);
        }
        throw new GatewayException(Reason.INTERNAL, subject + ": the encoder stopped: " + what);
    }

    @Override
    public void close() {
        if (!result.isDone()) {
            job.abort("writer", "closed before the end");
            try {
                result.get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // closing anyway
            }
        }
        job.close();
    }
}
