package gateway.relink.nest;

import gateway.model.timeline.Metadata;
import gateway.relink.read.Edit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a flattened clip came from: the event of the top-level clip that played the nest
 * ({@code parentEvent}) on {@code parentTrack}, the nests it went through (outermost first: a clip
 * of "Inner" nested in "Scene 12" has {@code ["Scene 12", "Inner"]}), and its own event and track
 * inside the innermost nest. Kept in the clip's {@code edit.nested_in} metadata.
 */
public record NestOrigin(
        String parentEvent, String parentTrack, List<String> sequences, String innerEvent, String innerTrack) {

    /** The key in the {@value Edit#NAMESPACE} metadata namespace. */
    public static final String KEY = "nested_in";

    public NestOrigin {
        Objects.requireNonNull(parentEvent, "parentEvent");
        parentTrack = parentTrack == null ? "" : parentTrack;
        sequences = List.copyOf(sequences);
        innerEvent = innerEvent == null ? "" : innerEvent;
        innerTrack = innerTrack == null ? "" : innerTrack;
    }

    /** The origin a clip's metadata records, if it was flattened out of a nest. */
    public static Optional<NestOrigin> of(Metadata clipMetadata) {
        Metadata m = clipMetadata.namespace(Edit.NAMESPACE).namespace(KEY);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        List<String> sequences = new ArrayList<>();
        m.get("sequences").filter(List.class::isInstance).ifPresent(l -> ((List<?>) l)
                .forEach(s -> sequences.add(String.valueOf(s))));
        return Optional.of(new NestOrigin(
                m.string("parent_event").orElse(""),
                m.string("parent_track").orElse(""),
                sequences,
                m.string("inner_event").orElse(""),
                m.string("inner_track").orElse("")));
    }

    /** The same clip seen one level further out: played by {@code event} on {@code track} through {@code sequence}. */
    NestOrigin within(String event, String track, String sequence) {
        List<String> longer = new ArrayList<>();
        longer.add(sequence);
        longer.addAll(sequences);
        return new NestOrigin(event, track, longer, innerEvent, innerTrack);
    }

    /** The nests as one line: "Scene 12 ▸ Inner". */
    public String path() {
        return String.join(" ▸ ", sequences);
    }

    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("parent_event", parentEvent);
        m.put("parent_track", parentTrack);
        m.put("sequences", sequences);
        m.put("inner_event", innerEvent);
        m.put("inner_track", innerTrack);
        return m;
    }
}
