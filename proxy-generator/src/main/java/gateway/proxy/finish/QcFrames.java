package gateway.proxy.finish;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import org.freedesktop.gstreamer.Sample;

/**
 * Decodes one movie from its first picture to the last wanted one at QC size and keeps the wanted
 * pictures (frames counted from the first picture, 0-based). One pass: QC wants a few frames of
 * every event, spread over the whole file, so reading through costs less than seeking each.
 */
final class QcFrames {
    private QcFrames() {}

    static Map<Long, QcPicture> read(
            Path file, FrameRate rate, int width, int height, NavigableSet<Long> wanted, Duration timeout) {
        Map<Long, QcPicture> pictures = new HashMap<>();
        if (wanted.isEmpty()) {
            return pictures;
        }
        String subject = file.getFileName().toString();
        String caps = "video/x-raw,format=" + QcPicture.FORMAT + ",width=" + width + ",height=" + height
                + ",pixel-aspect-ratio=1/1";
        long last = wanted.last();
        try (DecodedSource source = DecodedSource.open(file, subject, caps, List.of(), timeout)) {
            source.play(0);
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
                if (!wanted.contains(frame)) {
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
                if (frame >= last) {
                    return pictures;
                }
            }
        }
    }
}
