package gateway.model.timeline;

import gateway.model.time.TimeRange;
import java.util.Objects;

/** A note on an item: {@code markedRange} is in the item's source time frame (as in OTIO). */
public record Marker(String name, MarkerColor color, String comment, TimeRange markedRange, Metadata metadata) {
    public Marker {
        name = name == null ? "" : name;
        comment = comment == null ? "" : comment;
        Objects.requireNonNull(color, "color");
        Objects.requireNonNull(markedRange, "markedRange");
        metadata = metadata == null ? Metadata.empty() : metadata;
    }
}
