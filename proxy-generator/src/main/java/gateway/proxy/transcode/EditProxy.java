package gateway.proxy.transcode;

import gateway.model.asset.AssetId;
import gateway.model.asset.DurableFiles;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.Rendition;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.Timecode;
import gateway.proxy.check.Mismatches;
import gateway.proxy.checksum.FileChecksums;
import gateway.proxy.gst.DecodedStreams;
import gateway.proxy.gst.PipelineJob;
import gateway.proxy.gst.ProgressCounter;
import gateway.proxy.probe.EmbeddedAssetId;
import gateway.proxy.probe.MediaProbe;
import gateway.proxy.probe.QuickTimeChannelLayouts;
import gateway.proxy.probe.QuickTimeReelWriter;
import gateway.proxy.progress.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The proxy the editor's NLE attaches: QuickTime, H.264 8-bit 4:2:0, the same frame rate, frame
 * count, start timecode, reel and audio tracks as the original (one 16-bit PCM track per audio
 * stream, each with its channels and a channel layout: an XDCAM file's four mono tracks stay four
 * mono tracks), a picture that is
 * an exact divisor of the original's, and the asset id in the metadata ({@link EmbeddedAssetId}).
 * One decode. The result is checked with {@link MediaProbe} before it is renamed into place.
 */
public final class EditProxy {
    public static final String PROFILE = "edit";
    public static final String MIME_TYPE = "video/quicktime";
    private static final int MAX_WIDTH = 960;
    private static final int MAX_HEIGHT = 540;
    private static final int BITRATE_KBPS = 4000;

    private final MediaProbe probe;

    public EditProxy(MediaProbe probe) {
        this.probe = Objects.requireNonNull(probe, "probe");
    }

    public EditProxy() {
        this(new MediaProbe());
    }

    /** The proxy's file name: the original's base name with ".mov" ("A001C003.MXF" gives "A001C003.mov"). */
    public static String fileNameFor(Path original) {
        String name = original.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name) + ".mov";
    }

    /**
     * Makes the edit proxy of {@code original} (already probed as {@code probed}) at {@code outFile}.
     * Returns the rendition with {@code path} = the file name. Fails with CORRUPT or UNSUPPORTED when
     * GStreamer cannot decode the original, INTERNAL when the proxy does not match it.
     */
    public Rendition make(Path original, MediaInfo probed, AssetId id, Path outFile, ProgressListener progress) {
        if (probed.video() == null) {
            throw new GatewayException(
                    Reason.UNSUPPORTED, original.getFileName() + ": no picture; an edit proxy needs video");
        }
        if (!Files.isRegularFile(original)) {
            throw GatewayException.notFound(original.getFileName() + ": no such file");
        }
        ProxyFrameSize size = frameSize(probed);
        String subject = original.getFileName().toString();
        try (DurableFiles.Pending output = DurableFiles.pending(outFile)) {
            long decoded = encode(original, probed, id, size, output.temp(), progress);
            finish(subject, probed, id, output.temp(), decoded);
            Path done = output.commit();
            progress.progress(100);
            return new Rendition(
                    PROFILE, done.getFileName().toString(), MIME_TYPE, Files.size(done), FileChecksums.compute(done));
        } catch (IOException e) {
            throw GatewayException.io(subject + ": cannot write the edit proxy " + outFile + ": " + e.getMessage(), e);
        }
    }

    /** Encodes the proxy into {@code temp}; returns the pictures the decoder gave. */
    private static long encode(
            Path original, MediaInfo probed, AssetId id, ProxyFrameSize size, Path temp, ProgressListener progress) {
        String subject = original.getFileName().toString();
        try (PipelineJob job = PipelineJob.parse(description(probed, size), "edit proxy of " + subject)) {
            size.attachScaler(job, ProxyFrameSize.STAGE);
            job.element("src").set("location", original.toString());
            job.element("sink").set("location", temp.toString());
            job.element("tags").set("tags", "comment=\"" + EmbeddedAssetId.tagValue(id) + "\"");
            ProgressCounter counter = new ProgressCounter(probed.durationFrames(), p -> {
                if (p < 100) {
                    progress.progress(p);
                }
            });
            counter.watch(job.element("enc").getStaticPad("sink"));
            DecodedStreams.route(
                    job,
                    job.element("dec"),
                    job.element("vin"),
                    job.element("mux"),
                    (index, channels) -> audioBranch(channels));
            Duration limit = Duration.ofSeconds(120 + probed.durationFrames());
            job.run(limit).orThrow(subject);
            return counter.seen();
        }
    }

    static String description(MediaInfo probed, ProxyFrameSize size) {
        // a variable-rate original (phone footage) is made constant at its most common rate
        String scale = probed.variableFrameRate()
                ? "queue name=vin ! videorate ! video/x-raw,framerate="
                        + probed.frameRate().numerator() + "/"
                        + probed.frameRate().denominator() + " ! " + size.scalerChain(ProxyFrameSize.STAGE)
                : size.scaleChain();
        return "filesrc name=src ! decodebin name=dec " + scale + " ! queue ! " + encodeChain(probed, "", 0);
    }

    /**
     * The edit proxy's chain from scaled I420 pictures to the file: timecode, x264 (1 s GOP, no
     * B-frames, {@code threads} 0 = x264's choice), the asset id tag, qtmux and a filesink. Elements
     * are named {@code <prefix>enc}, {@code <prefix>tags}, {@code <prefix>mux}, {@code <prefix>sink}.
     */
    static String encodeChain(MediaInfo probed, String prefix, int threads) {
        StringBuilder d = new StringBuilder();
        Timecode start = probed.startTimecode();
        if (start != null) {
            d.append("timecodestamper source=zero set=always timecode-offset=")
                    .append(start.toFrames())
                    .append(" drop-frame=")
                    .append(start.dropFrame())
                    .append(" ! ");
        }
        d.append("x264enc name=")
                .append(prefix)
                .append("enc speed-preset=veryfast bitrate=")
                .append(BITRATE_KBPS)
                .append(" bframes=0 key-int-max=")
                .append(probed.frameRate().timecodeBase());
        if (threads > 0) {
            d.append(" threads=").append(threads);
        }
        d.append(" ! video/x-h264,profile=high ! taginject name=")
                .append(prefix)
                .append("tags ! queue ! qtmux name=")
                .append(prefix)
                .append("mux ! filesink name=")
                .append(prefix)
                .append("sink async=false");
        return d.toString();
    }

    /** The picture size of the edit proxy of {@code probed}. */
    static ProxyFrameSize frameSize(MediaInfo probed) {
        return ProxyFrameSize.of(probed.video().width(), probed.video().height(), MAX_WIDTH, MAX_HEIGHT);
    }

    /**
     * Writes the reel name into the encoded proxy at {@code temp} (or, for an original with
     * timecode but no reel, removes qtmux's "Tape") and each audio track's channel layout
     * ({@link QuickTimeChannelLayouts}), and checks the proxy against the original.
     */
    void finish(String subject, MediaInfo probed, AssetId id, Path temp, long decodedPictures) {
        if (!probed.audio().isEmpty()) {
            QuickTimeChannelLayouts.write(temp);
        }
        if (probed.startTimecode() != null) {
            if (probed.reel() != null) {
                QuickTimeReelWriter.write(temp, probed.reel());
            } else {
                QuickTimeReelWriter.clear(temp);
            }
        }
        verify(subject, probed, id, temp, decodedPictures);
    }

    static String audioBranch(int channels) {
        String caps = "audio/x-raw,format=S16LE,layout=interleaved,channels=" + channels
                + (channels > 2 ? ",channel-mask=(bitmask)0x0" : "");
        return "audioconvert ! " + caps + " ! queue";
    }

    /**
     * Checks the proxy against the original. A frame count that differs because the decoder gave
     * fewer or more pictures ({@code decodedPictures}) than the original's container declares is
     * the original's fault (a damaged or missing frame): CORRUPT. Any other difference is ours: INTERNAL.
     */
    private void verify(String subject, MediaInfo original, AssetId id, Path proxy, long decodedPictures) {
        MediaInfo made = probe.probe(proxy);
        if (made.durationFrames() != original.durationFrames() && decodedPictures != original.durationFrames()) {
            throw new GatewayException(
                    Reason.CORRUPT,
                    subject + ": the file declares " + original.durationFrames() + " frames but decoding it gave "
                            + decodedPictures + " pictures (a damaged or missing frame)");
        }
        Mismatches wrong = new Mismatches();
        wrong.compare("frame rate", original.frameRate(), made.frameRate());
        wrong.compare("frame count", original.durationFrames(), made.durationFrames());
        if (original.startTimecode() != null) {
            // Without a probed timecode, GStreamer may still carry the container's (MXF's, which the
            // probe does not read) into the proxy: that is what the NLE sees in the original too.
            wrong.compare("start timecode", str(original.startTimecode()), str(made.startTimecode()));
        }
        wrong.compare("audio channels", original.audioChannels(), made.audioChannels());
        wrong.compare("audio tracks", original.audio().size(), made.audio().size());
        if (original.startTimecode() != null) {
            wrong.compare("reel", original.reel(), made.reel());
        }
        wrong.compare("asset id", Optional.of(id), probe.embeddedAssetId(proxy));
        wrong.throwIfAny(subject + ": the edit proxy does not match the original:");
    }

    private static String str(Timecode tc) {
        return tc == null ? "none" : tc + "@" + tc.rate();
    }
}
