package gateway.model.timeline;

import java.util.List;

/** Tracks composited bottom to top (first = bottom), as in OTIO. */
public record Stack(String name, List<Track> tracks, Metadata metadata) {
    public Stack {
        name = name == null ? "" : name;
        tracks = List.copyOf(tracks == null ? List.of() : tracks);
        metadata = metadata == null ? Metadata.empty() : metadata;
    }

    public static Stack of(List<Track> tracks) {
        return new Stack("tracks", tracks, Metadata.empty());
    }
}
