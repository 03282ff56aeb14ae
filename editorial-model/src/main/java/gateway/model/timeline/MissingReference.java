package gateway.model.timeline;

import gateway.model.time.TimeRange;
import java.util.Optional;

/**
 * Media the edit names but nobody has found yet. Keeps what the edit said so a linker can look for
 * it: the reel (tape) name, the clip name, the source file name and a path; each may be null.
 */
public record MissingReference(String reel, String clipName, String sourceFile, String path, Metadata metadata)
        implements MediaReference {

    public MissingReference {
        metadata = metadata == null ? Metadata.empty() : metadata;
    }

    public static MissingReference of(String reel, String clipName, String sourceFile, String path) {
        return new MissingReference(reel, clipName, sourceFile, path, Metadata.empty());
    }

    @Override
    public Optional<TimeRange> availableRange() {
        return Optional.empty();
    }
}
