package gateway.model.timeline;

import gateway.model.time.TimeRange;
import java.util.Objects;
import java.util.Optional;

/** One media file by URL or path; {@code available} is null when the range is not known. */
public record ExternalReference(String target, TimeRange available, Metadata metadata) implements MediaReference {
    public ExternalReference {
        Objects.requireNonNull(target, "target");
        metadata = metadata == null ? Metadata.empty() : metadata;
    }

    public static ExternalReference of(String target, TimeRange available) {
        return new ExternalReference(target, available, Metadata.empty());
    }

    @Override
    public Optional<TimeRange> availableRange() {
        return Optional.ofNullable(available);
    }

    /** The last path segment of the target ("A001C003.mov"). */
    public String fileName() {
        String t = target.replace('\\', '/');
        int slash = t.lastIndexOf('/');
        return slash < 0 ? t : t.substring(slash + 1);
    }
}
