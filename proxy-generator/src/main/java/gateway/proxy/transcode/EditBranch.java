package gateway.proxy.transcode;

import gateway.proxy.gst.PipelineJob;
import gateway.proxy.probe.EmbeddedAssetId;

/** The edit proxy as a rung of the ladder: {@link EditProxy}'s chain and checks, every audio stream as PCM. */
final class EditBranch implements LadderBranch {
    private final LadderProfile.Edit profile;
    private final Context context;
    private final EditProxy editProxy;
    private final int threads;
    private LadderOutputs.Output output;

    /** {@code threads}: x264's thread count, 0 to let x264 choose. */
    EditBranch(LadderProfile.Edit profile, Context context, EditProxy editProxy, int threads) {
        this.profile = profile;
        this.context = context;
        this.editProxy = editProxy;
        this.threads = threads;
    }

    @Override
    public LadderProfile profile() {
        return profile;
    }

    @Override
    public ProxyFrameSize encodeSize() {
        return EditProxy.frameSize(context.probed());
    }

    @Override
    public String videoChain() {
        return EditProxy.encodeChain(context.probed(), prefix(), threads);
    }

    @Override
    public AudioChain audioChain(int index, int channels) {
        return new AudioChain(EditProxy.audioBranch(channels), prefix() + "mux", bin -> {});
    }

    @Override
    public void attach(PipelineJob job) {
        output = context.outputs()
                .open(profile.name(), "proxy/" + EditProxy.fileNameFor(context.original()), EditProxy.MIME_TYPE);
        job.element(prefix() + "sink").set("location", output.temp().toString());
        job.element(prefix() + "tags").set("tags", "comment=\"" + EmbeddedAssetId.tagValue(context.id()) + "\"");
    }

    @Override
    public void finish() {
        editProxy.finish(
                context.subject(),
                context.probed(),
                context.id(),
                output.temp(),
                context.decodedPictures().getAsLong());
    }
}
