package gateway.relink.link;

import java.util.Locale;

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
    INVALID;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for the statuses a conform can go on with (the clip plays the right frames). */
    public boolean isUsable() {
        return this == MATCHED || this == SHORT_HANDLES;
    }
}
