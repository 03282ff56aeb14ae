package gateway.model.timeline;

import java.util.Optional;

/** Holds the first frame of the clip for its whole duration. */
public record FreezeFrame(Metadata metadata) implements Effect {
    public FreezeFrame {
        metadata = metadata == null ? Metadata.empty() : metadata;
    }

    public static FreezeFrame of() {
        return new FreezeFrame(Metadata.empty());
    }

    @Override
    public Optional<TimeScalar> timeScalar() {
        return Optional.of(TimeScalar.of(0, 1));
    }
}
