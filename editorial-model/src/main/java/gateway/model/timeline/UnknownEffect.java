package gateway.model.timeline;

import java.util.Objects;

/** An effect we carry through but do not interpret (a resize, a colour correction ...). */
public record UnknownEffect(String name, Metadata metadata) implements Effect {
    public UnknownEffect {
        Objects.requireNonNull(name, "name");
        metadata = metadata == null ? Metadata.empty() : metadata;
    }
}
