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
        Instant ingestedAt,
        List<OriginalLocation> locations) {

    public static final int SCHEMA_VERSION = 1;

    public Manifest {
        Objects.requireNonNull(assetId, "assetId");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(media, "media");
        renditions = List.copyOf(renditions == null ? List.of() : renditions);
        metadata = Map.copyOf(metadata == null ? Map.of() : metadata);
        locations = List.copyOf(locations == null ? List.of() : locations);
    }

    /**
     * A manifest that records no location of its original beyond {@code originalPath} (every manifest
     * before storage tiers, and every fresh ingest).
     */
    public Manifest(
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
        this(
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
                ingestedAt,
                List.of());
    }

    /** The location of the original on tier {@code tier}, if the manifest records one. */
    public Optional<OriginalLocation> location(String tier) {
        return locations.stream().filter(l -> l.tier().equals(tier)).findFirst();
    }

    /** This manifest (same version) with {@code location} replacing the one on the same tier, or added. */
    public Manifest withLocation(OriginalLocation location) {
        List<OriginalLocation> next = new java.util.ArrayList<>();
        boolean replaced = false;
        for (OriginalLocation l : locations) {
            if (l.tier().equals(location.tier())) {
                next.add(location);
                replaced = true;
            } else {
                next.add(l);
            }
        }
        if (!replaced) {
            next.add(location);
        }
        return withLocations(next);
    }

    /** This manifest (same version) without a location on tier {@code tier}. */
    public Manifest withoutLocation(String tier) {
        return withLocations(
                locations.stream().filter(l -> !l.tier().equals(tier)).toList());
    }

    /** This manifest (same version) with {@code locations} instead of its own. */
    public Manifest withLocations(List<OriginalLocation> locations) {
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
                ingestedAt,
                locations);
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
                ingestedAt,
                locations);
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
                ingestedAt,
                locations);
    }
}
