package gateway.relink.link;

import gateway.model.timeline.MarkerColor;
import java.util.Locale;
import java.util.Optional;

/** The outcome of linking one event; {@link #json()} is its name in the conform report. */
public enum LinkStatus {
    /** One original covers the event and its handles. */
    MATCHED,
    /** More than one original fits equally well: the candidates are listed. */
    AMBIGUOUS,
    /** No original fits. */
    UNMATCHED,
    /** The original was found but runs at another rate or timecode mode than the edit. */
    RATE_MISMATCH,
    /** The original covers the event but not the requested handles. */
    SHORT_HANDLES,
    /** The original was found but does not hold the frames the event uses. */
    OUT_OF_RANGE,
    /** The event itself could not be read. */
    INVALID,
    /** Read, with nothing to conform (a NONE-channel title or graphics event): kept as a row with why. */
    SKIPPED;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The colour of this status as a marker on the conformed timeline: matched green, ambiguous
     * yellow, short handles orange, unmatched red, rate mismatch purple, out of range magenta,
     * invalid red.
     */
    public MarkerColor markerColor() {
        return switch (this) {
            case MATCHED -> MarkerColor.GREEN;
            case AMBIGUOUS -> MarkerColor.YELLOW;
            case SHORT_HANDLES -> MarkerColor.ORANGE;
            case UNMATCHED, INVALID -> MarkerColor.RED;
            case SKIPPED -> MarkerColor.BLACK;
            case RATE_MISMATCH -> MarkerColor.PURPLE;
            case OUT_OF_RANGE -> MarkerColor.MAGENTA;
        };
    }

    /** The status a marker's name spells ({@link #json()}), if it is one. */
    public static Optional<LinkStatus> fromJson(String name) {
        for (LinkStatus s : values()) {
            if (s.json().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** True for the statuses a conform can go on with (the clip plays the right frames). */
    public boolean isUsable() {
        return this == MATCHED || this == SHORT_HANDLES;
    }
}
