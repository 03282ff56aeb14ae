package gateway.relink.link;

import java.util.Locale;

/** How the linker found an event's original, tried in this order. */
public enum MatchMethod {
    ASSET_ID,
    REEL_TIMECODE,
    CLIP_NAME_TIMECODE,
    FILE_NAME,
    /** Black, bars: nothing to link. */
    GENERATOR,
    NONE;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
