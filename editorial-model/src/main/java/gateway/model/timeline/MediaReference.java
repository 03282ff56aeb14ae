package gateway.model.timeline;

import gateway.model.time.TimeRange;
import java.util.Optional;

/** What a clip plays. A reference that could not be resolved is a {@link MissingReference}, never null. */
public sealed interface MediaReference
        permits ExternalReference, ImageSequenceReference, MissingReference, GeneratorReference {

    /** The frames the media holds, in its own time frame (frames since midnight at its rate), when known. */
    Optional<TimeRange> availableRange();

    Metadata metadata();

    /** True when the reference names real media (not missing, not generated). */
    default boolean isResolved() {
        return this instanceof ExternalReference || this instanceof ImageSequenceReference;
    }
}
