package gateway.proxy.gst;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.freedesktop.gstreamer.Bin;
import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Structure;

/**
 * Routes the streams a decodebin exposes (one decode, many outputs): the first video stream to a
 * given element, each audio stream through a branch made for it into the muxer's next audio pad,
 * and everything else (further video, subtitles, or audio the caller does not want) to a fakesink
 * so that no pad is left unlinked.
 */
public final class DecodedStreams {

    /** Makes the launch description of the branch for the {@code index}-th audio stream, or null to drop it. */
    @FunctionalInterface
    public interface AudioBranch {
        String describe(int index, int channels);
    }

    private DecodedStreams() {}

    public static void route(PipelineJob job, Element decodebin, Element videoIn, Element mux, AudioBranch audio) {
        AtomicBoolean videoLinked = new AtomicBoolean();
        AtomicInteger audioIndex = new AtomicInteger();
        decodebin.connect((Element.PAD_ADDED) (dec, pad) -> {
            Caps caps = pad.getCurrentCaps();
            Structure s = caps == null || caps.size() == 0 ? null : caps.getStructure(0);
            String media = s == null ? "" : s.getName();
            if (media.startsWith("video/") && videoLinked.compareAndSet(false, true)) {
                PipelineJob.link(pad, videoIn.getStaticPad("sink"));
                return;
            }
            if (media.startsWith("audio/")) {
                int channels = s.hasField("channels") ? s.getInteger("channels") : 2;
                String description = audio.describe(audioIndex.getAndIncrement(), channels);
                if (description != null) {
                    Bin branch = Gst.parseBinFromDescription(description, true);
                    job.pipeline().add(branch);
                    branch.syncStateWithParent();
                    PipelineJob.link(pad, branch.getStaticPad("sink"));
                    PipelineJob.link(branch.getStaticPad("src"), mux.getRequestPad("audio_%u"));
                    return;
                }
            }
            Element discard = ElementFactory.make("fakesink", null);
            discard.set("sync", false);
            job.pipeline().add(discard);
            discard.syncStateWithParent();
            PipelineJob.link(pad, discard.getStaticPad("sink"));
        });
    }
}
