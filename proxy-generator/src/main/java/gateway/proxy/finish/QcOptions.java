package gateway.proxy.finish;

import gateway.model.error.GatewayException;
import java.nio.file.Path;

/**
 * How conform QC searches and where it writes its pictures: the best match of each event is
 * searched {@code searchFrames} frames either side in the reference; the reference and conformed
 * pictures of every event found not OK are written as small PNG files into {@code pictures} (null:
 * none written).
 */
public record QcOptions(int searchFrames, Path pictures) {
    public static final int DEFAULT_SEARCH_FRAMES = 5;
    public static final int MAX_SEARCH_FRAMES = 50;

    public QcOptions {
        if (searchFrames < 0 || searchFrames > MAX_SEARCH_FRAMES) {
            throw GatewayException.invalid(
                    "QC search of " + searchFrames + " frames: it must be 0-" + MAX_SEARCH_FRAMES);
        }
    }

    public static QcOptions defaults(Path pictures) {
        return new QcOptions(DEFAULT_SEARCH_FRAMES, pictures);
    }
}
