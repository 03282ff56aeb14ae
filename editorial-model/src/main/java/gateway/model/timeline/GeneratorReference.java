package gateway.model.timeline;

import gateway.model.time.TimeRange;
import java.util.Objects;
import java.util.Optional;

/** Media made by the NLE, not read from a file: black ({@link #BLACK}), bars ({@link #BARS}) ... */
public record GeneratorReference(String kind, Metadata metadata) implements MediaReference {
    public static final String BLACK = "black";
    public static final String BARS = "SMPTEBars";

    public GeneratorReference {
        Objects.requireNonNull(kind, "kind");
        metadata = metadata == null ? Metadata.empty() : metadata;
    }

    public static GeneratorReference of(String kind) {
        return new GeneratorReference(kind, Metadata.empty());
    }

    @Override
    public Optional<TimeRange> availableRange() {
        return Optional.empty();
    }
}
