package gateway.relink.read;

import java.util.List;
import java.util.Objects;

/**
 * What a reader made of an edit file: the timeline (every clip with a {@code MissingReference} that
 * keeps what the edit said), the events it could not place, and the problems it worked around.
 * Each clip's metadata namespace {@value #NAMESPACE} holds its event number ({@code event}), line
 * ({@code line}), {@code drop_frame} and the {@code problems} noted on it.
 */
public record Edit(
        EditFormat format,
        gateway.model.timeline.Timeline timeline,
        List<InvalidEvent> invalidEvents,
        List<EditProblem> problems) {

    /** The format-neutral metadata namespace readers put event facts in. */
    public static final String NAMESPACE = "edit";

    public Edit {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(timeline, "timeline");
        invalidEvents = List.copyOf(invalidEvents == null ? List.of() : invalidEvents);
        problems = List.copyOf(problems == null ? List.of() : problems);
    }
}
