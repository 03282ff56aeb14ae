package gateway.model.asset;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The source of truth for one asset: everything else (the index, the caches) is derived from it.
 * {@code version} grows by one with every commit.
 */
public record Manifest(
        int schemaVersion,
        long version,
        AssetId assetId,
        ProjectId project,
        String name,
        String originalPath,
        MediaInfo media,
        Checksums checksums,
        List<Rendition> renditions,
        Map<String, String> metadata,
        Instant ingestedAt) {

    public static final int SCHEMA_VERSION = 1;

    public Manifest {
        Objects.requireNonNull(assetId, "assetId");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(media, "media");
        renditions = List.copyOf(renditions == null ? List.of() : renditions);
        metadata = Map.copyOf(metadata == null ? Map.of() : metadata);
    }

    public Optional<Rendition> rendition(String profile) {
        return renditions.stream().filter(r -> r.profile().equals(profile)).findFirst();
    }

    /** This manifest (same version) with {@code renditions} instead of its own. */
    public Manifest withRenditions(List<Rendition> renditions) {
        return new Manifest(
                schemaVersion,
                version,
                assetId,
                project,
                name,
                originalPath,
                media,
                checksums,
                renditions,
                metadata,
                ingestedAt);
    }

    /** This manifest (same version) with {@code media} instead of its own. */
    public Manifest withMedia(MediaInfo media) {
        return new Manifest(
                schemaVersion,
                version,
                assetId,
                project,
                name,
                originalPath,
                media,
                checksums,
                renditions,
                metadata,
                ingestedAt);
    }
}
