package gateway.proxy.finish;

import java.util.Locale;

/**
 * What conform QC found for one event. {@code offset} (for {@link Status#OFFSET}) is signed: at
 * record frame {@code r} the conformed movie shows what the reference shows at {@code r + offset}
 * (positive: the conform runs ahead of the reference, its source starts {@code offset} frames late).
 * {@code similarity} is the mean structural similarity of the sampled frames at the best offset
 * (NaN when not checked). {@code frame} is the conformed movie's frame the pictures show (-1 when
 * none were written); {@code referencePicture} and {@code conformedPicture} are file names in the
 * QC pictures folder, null when none were written.
 */
public record QcFinding(
        String event,
        String track,
        Status status,
        int offset,
        double similarity,
        String message,
        long frame,
        String referencePicture,
        String conformedPicture) {

    public enum Status {
        OK,
        OFFSET,
        DIFFERENT_PICTURE,
        FLOPPED,
        COLOUR_DIFFERS,
        NOT_CHECKED;

        /** The name in the report: "ok", "offset", "different_picture" ... */
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static QcFinding notChecked(QcEvent e, String why) {
        return new QcFinding(e.event(), e.track(), Status.NOT_CHECKED, 0, Double.NaN, why, -1, null, null);
    }
}
