package gateway.proxy.transcode;

import gateway.proxy.gst.PipelineJob;
import java.util.Locale;

/**
 * A JPEG every n timecode seconds, {@code thumbs/<frame, 8 digits>.jpg}, the frame counted from the
 * first frame of the file. Each is written (under a temporary name) as it is decoded.
 */
final class ThumbnailsBranch implements LadderBranch {
    private final LadderProfile.Thumbnails profile;
    private final Context context;
    private final FrameGrabber grabber;
    private final long intervalFrames;

    ThumbnailsBranch(LadderProfile.Thumbnails profile, Context context) {
        this.profile = profile;
        this.context = context;
        var video = context.probed().video();
        this.grabber = new FrameGrabber(
                prefix(),
                FrameGrabber.Size.fit(video.width(), video.height(), profile.maxWidth(), profile.maxHeight()));
        this.intervalFrames =
                (long) profile.intervalSeconds() * context.probed().frameRate().timecodeBase();
    }

    /** The path of the thumbnail of {@code frame}, relative to the asset folder. */
    static String pathOf(long frame) {
        return String.format(Locale.ROOT, "thumbs/%08d.jpg", frame);
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
        grabber.attach(
                job,
                f -> f % intervalFrames == 0,
                (frame, image) -> {
                    LadderOutputs.Output out =
                            context.outputs().open(profile.name(), pathOf(frame), LadderResult.JPEG_MIME_TYPE);
                    JpegFile.write(image, profile.jpegQuality(), out.temp());
                },
                context);
    }
}
