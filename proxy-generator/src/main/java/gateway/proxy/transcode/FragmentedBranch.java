package gateway.proxy.transcode;

import gateway.model.asset.AudioStream;
import gateway.model.asset.FragmentIndex;
import gateway.model.asset.MediaInfo;
import gateway.proxy.gst.PipelineJob;
import gateway.proxy.probe.EmbeddedAssetId;
import gateway.proxy.probe.FragmentScan;
import java.util.List;
import org.freedesktop.gstreamer.Element;

/**
 * A fragmented MP4 rung ("stream-hi", "stream-lo", "scrub") and its fragment index, written as
 * {@code stream/<profile>.mp4} and {@code stream/<profile>.index.json}. Streams carry stereo AAC
 * (a stereo mix of every channel of every audio stream, {@link StreamProxy#mixMatrix}: several
 * streams each make their share of the mix and an {@code audiomixer} sums them) and 1 s GOPs, one GOP per fragment; scrub is all-intra and silent,
 * about one frame per fragment (mp4mux cuts at key frames: its index gives the bytes of each frame
 * or two). Checked as
 * {@link StreamProxy} checks its output: every frame in exactly one fragment (of one GOP for the streams).
 */
final class FragmentedBranch implements LadderBranch {
    private final LadderProfile profile;
    private final Context context;
    private final ProxyFrameSize size;
    private final int videoKbps;
    private final int audioKbps;
    private final int gopFrames;
    private final int threads;
    private LadderOutputs.Output output;
    private FragmentIndex index;
    private Element mixer;

    /** {@code threads}: x264's thread count, 0 to let x264 choose. */
    FragmentedBranch(LadderProfile.Stream p, Context context, int threads) {
        this(p, context, p.maxWidth(), p.maxHeight(), p.videoKbps(), p.audioKbps(), false, threads);
    }

    /** {@code threads}: x264's thread count, 0 to let x264 choose. */
    FragmentedBranch(LadderProfile.Scrub p, Context context, int threads) {
        this(p, context, p.maxWidth(), p.maxHeight(), p.videoKbps(), 0, true, threads);
    }

    private FragmentedBranch(
            LadderProfile profile,
            Context context,
            int maxWidth,
            int maxHeight,
            int videoKbps,
            int audioKbps,
            boolean allIntra,
            int threads) {
        this.profile = profile;
        this.context = context;
        MediaInfo probed = context.probed();
        this.size = ProxyFrameSize.of(probed.video().width(), probed.video().height(), maxWidth, maxHeight);
        this.videoKbps = videoKbps;
        this.audioKbps = audioKbps;
        this.gopFrames = allIntra ? 1 : probed.frameRate().timecodeBase();
        this.threads = threads;
    }

    @Override
    public LadderProfile profile() {
        return profile;
    }

    @Override
    public ProxyFrameSize encodeSize() {
        return size;
    }

    @Override
    public String videoChain() {
        String video = StreamProxy.encodeChain(context.probed().frameRate(), videoKbps, gopFrames, threads, prefix());
        if (!mixes()) {
            return video;
        }
        // a second chain of the launch description: the mixer of the streams into the muxer
        return video + " audiomixer name=" + prefix() + "mix ! " + StreamProxy.MIX_CAPS + " ! "
                + StreamProxy.aacChain(audioKbps * 1000) + " ! " + prefix() + "mux.";
    }

    @Override
    public AudioChain audioChain(int index, int channels) {
        if (audioKbps == 0) {
            return null;
        }
        if (!mixes()) {
            return index == 0
                    ? new AudioChain(StreamProxy.audioBranch(channels, audioKbps * 1000), prefix() + "mux", bin -> {})
                    : null;
        }
        List<AudioStream> streams = context.probed().audio();
        int offset = 0;
        for (int i = 0; i < index && i < streams.size(); i++) {
            offset += streams.get(i).channels();
        }
        int total = Math.max(context.probed().audioChannels(), offset + channels);
        return new AudioChain(
                StreamProxy.mixInput(offset, channels, total),
                null,
                bin -> PipelineJob.link(bin.getStaticPad("src"), mixer.getRequestPad("sink_%u")));
    }

    /** True when the original has several audio streams, mixed into the one stereo track. */
    private boolean mixes() {
        return audioKbps > 0 && context.probed().audio().size() > 1;
    }

    @Override
    public void attach(PipelineJob job) {
        output = context.outputs().open(profile.name(), "stream/" + profile.name() + ".mp4", StreamProxy.MIME_TYPE);
        job.element(prefix() + "sink").set("location", output.temp().toString());
        job.element(prefix() + "tags").set("tags", "comment=\"" + EmbeddedAssetId.tagValue(context.id()) + "\"");
        if (mixes()) {
            mixer = job.element(prefix() + "mix");
        }
    }

    @Override
    public void finish() {
        index = FragmentScan.scan(output.temp());
        StreamProxy.verify(
                context.subject() + " (" + profile.name() + ")",
                context.probed(),
                index,
                gopFrames,
                context.decodedPictures().getAsLong());
        context.outputs()
                .open(profile.name(), "stream/" + profile.name() + ".index.json", LadderResult.JSON_MIME_TYPE)
                .write(index.toJson() + "\n");
    }

    /** The fragment index, once {@link #finish()} has run. */
    FragmentIndex index() {
        return index;
    }
}
