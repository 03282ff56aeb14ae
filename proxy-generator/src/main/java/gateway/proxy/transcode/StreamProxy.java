package gateway.proxy.transcode;

import gateway.model.asset.AssetId;
import gateway.model.asset.DurableFiles;
import gateway.model.asset.FragmentIndex;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.Rendition;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.proxy.checksum.FileChecksums;
import gateway.proxy.gst.DecodedStreams;
import gateway.proxy.gst.PipelineJob;
import gateway.proxy.gst.ProgressCounter;
import gateway.proxy.probe.EmbeddedAssetId;
import gateway.proxy.probe.FragmentScan;
import gateway.proxy.progress.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The "stream-hi" rendition: fragmented MP4, H.264 within 960x540 at about 2.5 Mbit/s, closed GOPs
 * of one timecode second (25 frames at 25, 24 at 23.976) with no B-frames and no scene-cut
 * keyframes, one GOP per fragment, stereo AAC (a mix of the first audio stream's channels, see
 * {@link #mixMatrix}; the ladder's streams mix every stream); and its fragment index
 * (frame to byte range), which the stream service publishes.
 */
public final class StreamProxy {
    public static final String PROFILE = "stream-hi";
    public static final String MIME_TYPE = "video/mp4";
    private static final int MAX_WIDTH = 960;
    private static final int MAX_HEIGHT = 540;
    private static final int VIDEO_KBPS = 2500;
    private static final int AUDIO_BPS = 128_000;
    /** What each stream's share of the stereo mix is, and what the mixer makes of them. */
    static final String MIX_CAPS =
            "audio/x-raw,format=F32LE,layout=interleaved,channels=2,rate=48000,channel-mask=(bitmask)0x3";

    /** The rendition and its fragment index. */
    public record Result(Rendition rendition, FragmentIndex index) {}

    /** The file name of the stream proxy of {@code original}: its base name with ".mp4". */
    public static String fileNameFor(Path original) {
        String name = original.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name) + ".mp4";
    }

    public Result make(Path original, MediaInfo probed, AssetId id, Path outFile, ProgressListener progress) {
        String subject = original.getFileName().toString();
        if (probed.video() == null) {
            throw new GatewayException(Reason.UNSUPPORTED, subject + ": no picture; a stream proxy needs video");
        }
        if (!Files.isRegularFile(original)) {
            throw GatewayException.notFound(subject + ": no such file");
        }
        ProxyFrameSize size =
                ProxyFrameSize.of(probed.video().width(), probed.video().height(), MAX_WIDTH, MAX_HEIGHT);
        try (DurableFiles.Pending output = DurableFiles.pending(outFile)) {
            try (PipelineJob job =
                    PipelineJob.parse(description(probed.frameRate(), size), "stream proxy of " + subject)) {
                size.attachScaler(job, ProxyFrameSize.STAGE);
                job.element("src").set("location", original.toString());
                job.element("sink").set("location", output.temp().toString());
                job.element("tags").set("tags", "comment=\"" + EmbeddedAssetId.tagValue(id) + "\"");
                new ProgressCounter(probed.durationFrames(), p -> {
                            if (p < 100) {
                                progress.progress(p);
                            }
                        })
                        .watch(job.element("enc").getStaticPad("sink"));
                DecodedStreams.route(
                        job,
                        job.element("dec"),
                        job.element("vin"),
                        job.element("mux"),
                        (index, channels) -> index == 0 ? audioBranch(channels) : null);
                job.run(Duration.ofSeconds(120 + probed.durationFrames())).orThrow(subject);
            }
            FragmentIndex index = FragmentScan.scan(output.temp());
            verify(subject, probed, index);
            Path done = output.commit();
            progress.progress(100);
            Rendition r = new Rendition(
                    PROFILE, done.getFileName().toString(), MIME_TYPE, Files.size(done), FileChecksums.compute(done));
            return new Result(r, index);
        } catch (IOException e) {
            throw GatewayException.io(
                    subject + ": cannot write the stream proxy " + outFile + ": " + e.getMessage(), e);
        }
    }

    /** Stereo AAC of the first audio stream's channels, mixed as {@link #mixMatrix} says. */
    static String audioBranch(int channels) {
        return audioBranch(channels, AUDIO_BPS);
    }

    /** As {@link #audioBranch(int)} at {@code audioBps} bits per second. */
    static String audioBranch(int channels, int audioBps) {
        return "audioconvert mix-matrix=\"" + mixMatrix(0, channels, channels) + "\" ! " + aacChain(audioBps);
    }

    /**
     * One audio stream of several, made into the stereo it adds to the mix ({@link #mixMatrix}) as
     * 32-bit float at 48 kHz, for an {@code audiomixer} to sum: {@code offset} is the number of
     * channels of the streams before it, {@code total} the channels of all streams.
     */
    static String mixInput(int offset, int channels, int total) {
        return "audioconvert mix-matrix=\"" + mixMatrix(offset, channels, total) + "\" ! audioresample ! " + MIX_CAPS
                + " ! queue";
    }

    /**
     * From stereo (one stream's, or the mixer's) to AAC at {@code audioBps}. GStreamer's
     * {@code avenc_aac} forces mid/side coding unless told not to ({@code aac-ms} is a boolean that
     * defaults to true, where ffmpeg's own default is "auto"): forced, a channel that is silent on
     * one side comes out at about the same level on both.
     */
    static String aacChain(int audioBps) {
        return "audioconvert ! audioresample ! audio/x-raw,channels=2,rate=48000 ! avenc_aac aac-ms=false bitrate="
                + audioBps + " ! queue";
    }

    /**
     * The stereo mix of a camera's channels, counted across all its audio streams (tracks) in
     * order: a single channel plays on both sides; otherwise odd channels (1, 3, 5 ...) go left and
     * even ones right, each side scaled by one over the number of channels it sums, so that it never
     * clips. As an audioconvert {@code mix-matrix}: two rows (left, right) of one gain per input
     * channel of the stream whose channels start at {@code offset} of {@code total}.
     */
    static String mixMatrix(int offset, int channels, int total) {
        int left = (total + 1) / 2;
        int right = total / 2;
        StringBuilder m = new StringBuilder("<");
        for (int out = 0; out < 2; out++) {
            m.append(out == 0 ? "<" : ", <");
            for (int in = 0; in < channels; in++) {
                int channel = offset + in;
                float gain;
                if (total == 1) {
                    gain = 1f;
                } else if (channel % 2 == out) {
                    gain = 1f / (out == 0 ? left : right);
                } else {
                    gain = 0f;
                }
                m.append(in == 0 ? "" : ", ").append("(float)").append(gain);
            }
            m.append('>');
        }
        return m.append('>').toString();
    }

    static String description(FrameRate rate, ProxyFrameSize size) {
        return "filesrc name=src ! decodebin name=dec " + size.scaleChain() + " ! queue ! "
                + encodeChain(rate, VIDEO_KBPS, rate.timecodeBase(), 0, "");
    }

    /**
     * The chain from scaled I420 pictures to a fragmented MP4: x264 with closed GOPs of
     * {@code gopFrames} (1 = all-intra), no B-frames and no scene-cut keyframes, the asset id tag,
     * mp4mux with one fragment per timecode second and a filesink. Elements are named
     * {@code <prefix>enc}, {@code <prefix>tags}, {@code <prefix>mux}, {@code <prefix>sink}.
     */
    static String encodeChain(FrameRate rate, int videoKbps, int gopFrames, int threads, String prefix) {
        return "x264enc name=" + prefix + "enc speed-preset=veryfast bitrate=" + videoKbps + " bframes=0 key-int-max="
                + gopFrames + (threads > 0 ? " threads=" + threads : "")
                + " option-string=scenecut=0 ! video/x-h264,profile=high ! taginject name=" + prefix + "tags ! queue ! "
                + "mp4mux name=" + prefix + "mux fragment-duration=" + fragmentMillis(rate) + " ! filesink name="
                + prefix + "sink async=false";
    }

    /**
     * mp4mux closes a fragment before the sample that would take it past fragment-duration: one
     * millisecond over a timecode second makes each fragment exactly one second of frames.
     */
    static long fragmentMillis(FrameRate rate) {
        int gop = rate.timecodeBase();
        long gopMillis = ((long) gop * rate.denominator() * 1000 + rate.numerator() - 1) / rate.numerator();
        return gopMillis + 1;
    }

    static void verify(String subject, MediaInfo original, FragmentIndex index) {
        verify(subject, original, index, original.frameRate().timecodeBase());
    }

    /**
     * Checks the rate, the frame count and, when {@code gop} is above 1, that every fragment but the
     * last holds exactly {@code gop} frames and starts on a multiple of it. (mp4mux starts a fragment
     * at a key frame: all-intra video gets about one frame per fragment, and any fragment starts on
     * a key frame.)
     */
    static void verify(String subject, MediaInfo original, FragmentIndex index, int gop) {
        verify(subject, original, index, gop, original.durationFrames());
    }

    /**
     * As {@link #verify(String, MediaInfo, FragmentIndex, int)}, knowing how many pictures the
     * decoder gave ({@code decodedPictures}): when that differs from the frames the original's
     * container declares, a proxy that does not match is the original's fault (a damaged or missing
     * frame, whose gap shifts every later GOP): CORRUPT. Any other difference is ours: INTERNAL.
     */
    static void verify(String subject, MediaInfo original, FragmentIndex index, int gop, long decodedPictures) {
        StringBuilder wrong = new StringBuilder();
        if (!index.rate().equals(original.frameRate())) {
            wrong.append(" rate ")
                    .append(index.rate())
                    .append(" instead of ")
                    .append(original.frameRate())
                    .append(';');
        }
        if (index.totalFrames() != original.durationFrames()) {
            wrong.append(" ")
                    .append(index.totalFrames())
                    .append(" frames instead of ")
                    .append(original.durationFrames())
                    .append(';');
        }
        for (int i = 0; gop > 1 && i < index.fragments().size(); i++) {
            FragmentIndex.Fragment f = index.fragments().get(i);
            boolean last = i == index.fragments().size() - 1;
            if (f.startFrame() % gop != 0 || (!last && f.durationFrames() != gop) || f.durationFrames() > gop) {
                wrong.append(" fragment ")
                        .append(i)
                        .append(" holds ")
                        .append(f.durationFrames())
                        .append(" frames from frame ")
                        .append(f.startFrame())
                        .append(';');
                break;
            }
        }
        if (!wrong.isEmpty() && decodedPictures != original.durationFrames()) {
            throw new GatewayException(
                    Reason.CORRUPT,
                    subject + ": the file declares " + original.durationFrames() + " frames but decoding it gave "
                            + decodedPictures + " pictures (a damaged or missing frame), so the stream proxy"
                            + " cannot be one " + gop + "-frame GOP per fragment:" + wrong);
        }
        if (!wrong.isEmpty()) {
            throw new GatewayException(
                    Reason.INTERNAL,
                    subject + ": the stream proxy is not one " + gop + "-frame GOP per fragment:" + wrong);
        }
    }
}
