package gateway.relink.link;

import gateway.model.time.TimeRange;
import gateway.model.timeline.Clip;
import gateway.model.timeline.Marker;
import gateway.model.timeline.Metadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The linker's decision for one clip as a marker on it: named after the status ({@code matched},
 * {@code short_handles} ...), coloured by {@link LinkStatus#markerColor()}, the report's message and
 * the candidates as its comment, on the clip's first source frame for one frame. Its metadata
 * ({@code gateway.status_marker = true}) tells it apart from the editor's own markers, so marking a
 * clip again replaces the old status marker instead of adding a second one.
 */
public final class StatusMarker {
    public static final String NAMESPACE = "gateway";
    public static final String FLAG = "status_marker";

    private StatusMarker() {}

    /** The marker for {@code link}, placed on {@code clip}. */
    public static Marker of(EventLink link, Clip clip) {
        StringBuilder comment = new StringBuilder(link.message());
        for (Candidate c : link.candidates()) {
            comment.append(comment.isEmpty() ? "" : "\n")
                    .append("candidate: ")
                    .append(c.originalPath())
                    .append(" (")
                    .append(c.assetId())
                    .append(')');
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put(FLAG, true);
        meta.put("status", link.status().json());
        meta.put("match_method", link.method().json());
        if (link.asset() != null) {
            meta.put("asset_id", link.asset().assetId());
        }
        TimeRange source = clip.sourceRange();
        return new Marker(
                link.status().json(),
                link.status().markerColor(),
                comment.toString(),
                TimeRange.of(source.start(), source.isEmpty() ? 0 : 1),
                Metadata.empty().with(NAMESPACE, meta));
    }

    /** {@code clip} with its old status marker (if any) replaced by the one for {@code link}. */
    public static Clip mark(Clip clip, EventLink link) {
        List<Marker> markers = new ArrayList<>();
        for (Marker m : clip.markers()) {
            if (!isStatusMarker(m)) {
                markers.add(m);
            }
        }
        markers.add(of(link, clip));
        return clip.withMarkers(markers);
    }

    /** True for a marker this class made (by its metadata; formats that drop metadata lose the flag). */
    public static boolean isStatusMarker(Marker m) {
        return Boolean.TRUE.equals(m.metadata().namespace(NAMESPACE).get(FLAG).orElse(null));
    }
}
