package gateway.proxy.finish;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import org.freedesktop.gstreamer.Sample;

/**
 * Decodes the wanted pictures of one movie at QC size (frames counted from the first picture,
 * 0-based), shrunk by an area filter ({@link DecodedSource.Scaling#AREA}): the two-tap default
 * reads two columns in twenty of a 1080p picture, so the same shot shrunk from a 1080p original and
 * from a 160 x 90 reference draws each colour edge differently (ConformQcIT's fine colour detail, a
 * 640 x 360 original against a 160 x 90 reference:
 * a mean chroma difference of 18 of 255, all at the edges). It reads forward through runs of wanted
 * frames and seeks over the gaps between them
 * (an accurate seek: GStreamer starts decoding at the key frame before the target and drops what
 * precedes it). How long a gap must be to seek depends on the codec: an intra-only codec (ProRes,
 * DNxHD / DNxHR, Motion JPEG, uncompressed) decodes nothing extra after a seek, so every gap over
 * {@value #INTRA_GAP} frames is skipped; a Long-GOP codec (H.264 ...) may decode from a key frame
 * up to a GOP back, so only gaps over {@value #LONG_GOP_GAP_SECONDS} s (longer than common
 * key-frame intervals) are skipped and shorter ones are read through.
 */
final class QcFrames {
    /** Gap (frames) over which an intra-only movie seeks: a seek costs about one picture's decode. */
    static final int INTRA_GAP = 2;

    static final int LONG_GOP_GAP_SECONDS = 10;

    private static final Set<String> INTRA_ONLY = Set.of("prores", "dnxhd", "mjpeg", "v210", "rawvideo");

    private QcFrames() {}

    /** True when every picture of {@code codec} decodes on its own (no seek ever decodes extra pictures). */
    static boolean intraOnly(String codec) {
        return codec != null && INTRA_ONLY.contains(codec);
    }

    /** The gap, in frames, over which reading {@code codec} seeks rather than decodes through. */
    static long seekGap(String codec, FrameRate rate) {
        if (intraOnly(codec)) {
            return INTRA_GAP;
        }
        return Math.max(
                INTRA_GAP,
                RationalTime.fromNanos(LONG_GOP_GAP_SECONDS * 1_000_000_000L, rate, RoundingMode.CEILING)
                        .value());
    }

    static Map<Long, QcPicture> read(
            Path file,
            String codec,
            FrameRate rate,
            int width,
            int height,
            NavigableSet<Long> wanted,
            Duration timeout) {
        Map<Long, QcPicture> pictures = new HashMap<>();
        if (wanted.isEmpty()) {
            return pictures;
        }
        String subject = file.getFileName().toString();
        String caps = "video/x-raw,format=" + QcPicture.FORMAT + ",width=" + width + ",height=" + height
                + ",pixel-aspect-ratio=1/1";
        long gap = seekGap(codec, rate);
        try (DecodedSource source =
                DecodedSource.open(file, subject, caps, DecodedSource.Scaling.AREA, List.of(), timeout)) {
            // an area filter reads every pixel: only the wanted pictures are converted and scaled
            source.keepOnly(wanted::contains, rate);
            Long cursor = wanted.first(); // the first wanted frame not yet passed
            seek(source, cursor, rate);
            while (true) {
                Sample sample = source.pullVideo();
                if (sample == null) {
                    GatewayException f = source.failure();
                    if (f != null) {
                        throw f;
                    }
                    return pictures; // the end: frames past it are missing from the map
                }
                long frame = source.frameOf(sample.getBuffer().getPresentationTimestamp(), rate);
                if (frame < cursor || !wanted.contains(frame)) {
                    sample.dispose();
                } else {
                    byte[] bytes = DecodedSource.bytesOf(sample);
                    if (bytes.length != QcPicture.byteSize(width, height)) {
                        throw new GatewayException(
                                Reason.INTERNAL,
                                subject + ": a decoded picture holds " + bytes.length + " bytes, not "
                                        + QcPicture.byteSize(width, height));
                    }
                    pictures.put(frame, new QcPicture(width, height, bytes));
                }
                if (frame < cursor) {
                    continue; // before the run asked for (decoded up to the seek target)
                }
                cursor = wanted.higher(frame);
                if (cursor == null) {
                    return pictures;
                }
                if (cursor - frame > gap) {
                    seek(source, cursor, rate);
                }
            }
        }
    }

    /** Seeks to a little before {@code frame} (a B-frame stream's first picture is late) and plays. */
    private static void seek(DecodedSource source, long frame, FrameRate rate) {
        source.playBefore(source.nanosOfFrame(frame, rate), rate);
    }
}
