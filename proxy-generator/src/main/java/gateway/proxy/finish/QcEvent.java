package gateway.proxy.finish;

import gateway.model.error.GatewayException;
import java.util.Objects;

/**
 * One event of the cut as conform QC checks it: its name and track (for the report), the frames it
 * covers in the conformed movie ({@code firstFrame} 0-based from the movie's first picture, for
 * {@code frames} frames), and why it is not compared ({@code notChecked}: a title, an effect,
 * covered by a track above ...), null when it is.
 */
public record QcEvent(String event, String track, long firstFrame, long frames, String notChecked) {
    public QcEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(track, "track");
        if (firstFrame < 0 || frames < 0) {
            throw GatewayException.invalid(
                    "QC event " + event + ": frames " + firstFrame + " + " + frames + " must not be negative");
        }
    }

    public static QcEvent checked(String event, String track, long firstFrame, long frames) {
        return new QcEvent(event, track, firstFrame, frames, null);
    }
}
