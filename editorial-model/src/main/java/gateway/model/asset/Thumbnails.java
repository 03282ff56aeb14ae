package gateway.model.asset;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * An asset's thumbnails: its {@value #PROFILE} renditions, each file named by its frame counted from
 * the clip's first frame ({@code thumbs/00000050.jpg} is frame 50).
 */
public final class Thumbnails {
    public static final String PROFILE = "thumbnails";

    private Thumbnails() {}

    /** The asset's thumbnails in frame order (empty when it has none). */
    public static List<Rendition> of(Manifest m) {
        return m.renditions().stream()
                .filter(r -> r.profile().equals(PROFILE))
                .sorted(Comparator.comparingLong(Thumbnails::frameOf))
                .toList();
    }

    /** The thumbnail that best shows {@code frame} (from the clip's first frame): the last at or before it, else the first. */
    public static Optional<Rendition> at(Manifest m, long frame) {
        List<Rendition> all = of(m);
        Rendition best = null;
        for (Rendition r : all) {
            if (best == null || frameOf(r) <= frame) {
                best = r;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The frame in a thumbnail's file name, from the clip's first frame. */
    public static long frameOf(Rendition r) {
        String name = Path.of(r.path()).getFileName().toString();
        int dot = name.lastIndexOf('.');
        try {
            return Long.parseLong(dot < 0 ? name : name.substring(0, dot));
        } catch (NumberFormatException e) {
            throw new GatewayException(
                    Reason.INTERNAL, "thumbnail " + r.path() + " is not named by its frame number", e);
        }
    }
}
