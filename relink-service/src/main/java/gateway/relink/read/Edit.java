package gateway.relink.read;

import gateway.model.timeline.Timeline;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a reader made of an edit file: the timeline (every clip with a {@code MissingReference} that
 * keeps what the edit said), the events it could not place, the problems it worked around, and the
 * nested sequences / compound clips its clips play ({@code nests}, by key). Each clip's metadata
 * namespace {@value #NAMESPACE} holds its event number ({@code event}), line ({@code line}),
 * {@code drop_frame} and the {@code problems} noted on it; a clip that plays a nest holds the nest's
 * key in {@value #NEST_KEY}. The model has no nested stacks: a nest clip's source range is in the
 * nest's own record time frame (its global start + the track position inside it), and {@code
 * gateway.relink.nest.Flattener} lays the nest's contents into the parent.
 */
public record Edit(
        EditFormat format,
        Timeline timeline,
        List<InvalidEvent> invalidEvents,
        List<EditProblem> problems,
        Map<String, Timeline> nests) {

    /** The format-neutral metadata namespace readers put event facts in. */
    public static final String NAMESPACE = "edit";

    /** Key (in {@value #NAMESPACE}) of a clip that plays a nested sequence: the nest's key in {@link #nests()}. */
    public static final String NEST_KEY = "nest";

    /** How deep nests (compound clips, nested sequences) may go; deeper is a cycle or an attack, not an edit. */
    public static final int MAX_NESTING = 16;

    public Edit {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(timeline, "timeline");
        invalidEvents = List.copyOf(invalidEvents == null ? List.of() : invalidEvents);
        problems = List.copyOf(problems == null ? List.of() : problems);
        nests = nests == null || nests.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(nests));
    }

    /** An edit whose clips play no nests. */
    public Edit(EditFormat format, Timeline timeline, List<InvalidEvent> invalidEvents, List<EditProblem> problems) {
        this(format, timeline, invalidEvents, problems, Map.of());
    }

    /** A copy with {@code replaced} as its timeline and {@code more} problems after the ones it has. */
    public Edit with(Timeline replaced, List<EditProblem> more) {
        List<EditProblem> all = new java.util.ArrayList<>(problems);
        all.addAll(more);
        return new Edit(format, replaced, invalidEvents, all, nests);
    }
}
