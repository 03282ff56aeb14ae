package gateway.model.timeline;

import java.util.Locale;
import java.util.Optional;

/** OTIO's marker colours. */
public enum MarkerColor {
    PINK,
    RED,
    ORANGE,
    YELLOW,
    GREEN,
    CYAN,
    BLUE,
    PURPLE,
    MAGENTA,
    BLACK,
    WHITE;

    /** The colour named {@code name} (any case), if it is one of ours. */
    public static Optional<MarkerColor> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.trim().toUpperCase(Locale.ROOT);
        for (MarkerColor c : values()) {
            if (c.name().equals(n)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
