package gateway.proxy.transcode;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.proxy.gst.PipelineJob;
import java.awt.image.BufferedImage;
import java.util.concurrent.atomic.AtomicReference;

/** One JPEG, {@code poster.jpg}, of the frame {@code percentInto} % into the clip. */
final class PosterBranch implements LadderBranch {
    private final LadderProfile.Poster profile;
    private final Context context;
    private final FrameGrabber grabber;
    private final long frame;
    private final AtomicReference<BufferedImage> poster = new AtomicReference<>();

    PosterBranch(LadderProfile.Poster profile, Context context) {
        this.profile = profile;
        this.context = context;
        var video = context.probed().video();
        this.grabber = new FrameGrabber(
                prefix(),
                FrameGrabber.Size.fit(video.width(), video.height(), profile.maxWidth(), profile.maxHeight()));
        long frames = Math.max(1, context.probed().durationFrames());
        this.frame = Math.min(frames - 1, frames * profile.percentInto() / 100);
    }

    @Override
    public LadderProfile profile() {
        return profile;
    }

    @Override
    public FrameGrabber.Size grabSize() {
        return grabber.size();
    }

    @Override
    public String videoChain() {
        return grabber.chain();
    }

    @Override
    public void attach(PipelineJob job) {
        grabber.attach(job, f -> f == frame, (f, image) -> poster.set(image), context);
    }

    @Override
    public void finish() {
        BufferedImage image = poster.get();
        if (image == null) {
            throw new GatewayException(
                    Reason.CORRUPT, context.subject() + ": the picture ended before frame " + frame + " (the poster)");
        }
        LadderOutputs.Output out = context.outputs().open(profile.name(), "poster.jpg", LadderResult.JPEG_MIME_TYPE);
        JpegFile.write(image, profile.jpegQuality(), out.temp());
    }
}
