package gateway.model.timeline;

import java.util.Objects;
import java.util.Optional;

/** A constant speed change: {@code scalar} source frames per frame of playback (negative: reverse). */
public record LinearTimeWarp(TimeScalar scalar, Metadata metadata) implements Effect {
    public LinearTimeWarp {
        Objects.requireNonNull(scalar, "scalar");
        metadata = metadata == null ? Metadata.empty() : metadata;
    }

    public static LinearTimeWarp of(TimeScalar scalar) {
        return new LinearTimeWarp(scalar, Metadata.empty());
    }

    @Override
    public Optional<TimeScalar> timeScalar() {
        return Optional.of(scalar);
    }
}
