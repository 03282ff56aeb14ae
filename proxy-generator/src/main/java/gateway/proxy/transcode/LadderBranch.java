package gateway.proxy.transcode;

import gateway.model.asset.AssetId;
import gateway.model.asset.MediaInfo;
import gateway.proxy.gst.PipelineJob;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.freedesktop.gstreamer.Bin;

/**
 * One rung of the ladder inside the shared pipeline: the chain it hangs off the video tee, the
 * chain it hangs off each audio stream's tee, what it does before the pipeline plays (file
 * locations, appsink consumers) and after it has finished (checks, side files).
 */
interface LadderBranch {

    /** What every branch of one run shares. {@code audioProgress} counts audio samples for audio-only originals. */
    record Context(
            Path original,
            MediaInfo probed,
            AssetId id,
            String subject,
            LadderOutputs outputs,
            FirstFailure failure,
            LongConsumer audioProgress,
            LongSupplier decodedPictures) {}

    /** A chain for one decoded audio stream: into {@code muxName}'s next audio pad, or ending in its own sink when null. */
    record AudioChain(String description, String muxName, Consumer<Bin> attach) {}

    LadderProfile profile();

    /** The prefix of its element names ("stream_hi_"). */
    default String prefix() {
        return profile().name().replace('-', '_') + "_";
    }

    /**
     * The I420 picture size it encodes (branches of one size share one scaler), or null when its
     * video chain takes the decoded picture as it comes.
     */
    default ProxyFrameSize encodeSize() {
        return null;
    }

    /**
     * For a branch that scales the picture itself (a frame grabber): the size it scales to, so that
     * the graph can feed it an already scaled picture at least that big; null otherwise.
     */
    default FrameGrabber.Size grabSize() {
        return null;
    }

    /** Its video chain (without the leading queue), or null when it takes no picture. */
    default String videoChain() {
        return null;
    }

    /** Its chain for the {@code index}-th decoded audio stream, or null when it does not want it. */
    default AudioChain audioChain(int index, int channels) {
        return null;
    }

    /** Before the pipeline plays: set locations, connect consumers. */
    default void attach(PipelineJob job) {}

    /** After end of stream, with the pipeline stopped: check the outputs, write side files. */
    default void finish() {}
}
