package gateway.ingest.jobs;

import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.asset.MediaInfo;
import gateway.model.time.TimeRange;
import gateway.model.time.Timecode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Originals of one project that a conform could not tell apart: the same clip name (the MXF
 * material package's name, else the file's base name), or the same reel with overlapping source
 * timecode at the same rate. Each is a warning on both assets, each naming the other, so that the
 * assistant hears of it at ingest rather than the online editor at conform (which reports the
 * events it cannot resolve as ambiguous, naming the candidates).
 */
public final class ProjectConflicts {
    /** Manifest metadata: the ids (comma-separated) of the assets a commit found conflicting, for re-indexing. */
    public static final String META_CONFLICTS = "conflicting_assets";

    /** A conflict of the asset being committed with {@code other}: the warning each of the two carries. */
    public record Conflict(Manifest other, String warningHere, String warningThere) {}

    private ProjectConflicts() {}

    /** The conflicts of {@code made} with the project's other committed assets. */
    public static List<Conflict> find(Manifest made, Stream<Manifest> project) {
        List<Conflict> found = new ArrayList<>();
        project.filter(m -> !m.assetId().equals(made.assetId())).forEach(other -> {
            String name = clipName(made);
            if (name.equalsIgnoreCase(clipName(other))) {
                found.add(new Conflict(other, sameName(name, other), sameName(name, made)));
            }
            overlap(made.media(), other.media())
                    .ifPresent(range -> found.add(new Conflict(
                            other,
                            sameReel(made.media().reel(), range, made.media(), other),
                            sameReel(made.media().reel(), range, made.media(), made))));
        });
        return found;
    }

    /**
     * {@code made} with the warnings of {@code conflicts} after its own and their assets' ids in
     * {@link #META_CONFLICTS} (none: the key removed, so a re-ingest forgets conflicts that went away).
     */
    public static Manifest withConflicts(Manifest made, List<Conflict> conflicts) {
        List<String> warnings = new ArrayList<>(made.media().warnings());
        conflicts.stream()
                .map(Conflict::warningHere)
                .filter(w -> !warnings.contains(w))
                .forEach(warnings::add);
        java.util.Map<String, String> meta = new java.util.HashMap<>(made.metadata());
        List<String> ids = conflicts.stream()
                .map(c -> c.other().assetId().value())
                .distinct()
                .toList();
        if (ids.isEmpty()) {
            meta.remove(META_CONFLICTS);
        } else {
            meta.put(META_CONFLICTS, String.join(",", ids));
        }
        return new Manifest(
                made.schemaVersion(),
                made.version(),
                made.assetId(),
                made.project(),
                made.name(),
                made.originalPath(),
                withWarnings(made.media(), warnings),
                made.checksums(),
                made.renditions(),
                meta,
                made.ingestedAt(),
                made.locations());
    }

    /** {@code other} with {@code warning} added to its media warnings, or empty when it carries it already. */
    public static Optional<Manifest> warned(Manifest other, String warning) {
        if (other.media().warnings().contains(warning)) {
            return Optional.empty();
        }
        List<String> warnings = new ArrayList<>(other.media().warnings());
        warnings.add(warning);
        return Optional.of(other.withMedia(withWarnings(other.media(), warnings)));
    }

    private static MediaInfo withWarnings(MediaInfo m, List<String> warnings) {
        return new MediaInfo(
                m.path(),
                m.container(),
                m.frameRate(),
                m.durationFrames(),
                m.startTimecode(),
                m.reel(),
                m.clipName(),
                m.video(),
                m.audio(),
                m.variableFrameRate(),
                m.camera(),
                warnings);
    }

    /** The ids of the assets named in {@link #META_CONFLICTS} of {@code m}. */
    public static List<AssetId> conflicting(Manifest m) {
        String ids = m.metadata().getOrDefault(META_CONFLICTS, "");
        return ids.isBlank()
                ? List.of()
                : Arrays.stream(ids.split(",")).map(AssetId::new).toList();
    }

    /** The name a conform matches by clip name. */
    static String clipName(Manifest m) {
        if (m.media().clipName() != null && !m.media().clipName().isBlank()) {
            return m.media().clipName();
        }
        String n = m.name() == null ? "" : m.name();
        int slash = Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\'));
        n = n.substring(slash + 1);
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /** The frames both cover, when both have the same reel and timecode at the same rate. */
    private static Optional<TimeRange> overlap(MediaInfo a, MediaInfo b) {
        if (a.reel() == null
                || a.reel().isBlank()
                || !a.reel().equals(b.reel())
                || a.startTimecode() == null
                || b.startTimecode() == null
                || !a.startTimecode().rate().equals(b.startTimecode().rate())) {
            return Optional.empty();
        }
        return a.sourceRange().intersection(b.sourceRange());
    }

    private static String sameName(String name, Manifest other) {
        return "same clip name '" + name + "' as " + describe(other)
                + ": a conform by clip name cannot tell them apart";
    }

    private static String sameReel(String reel, TimeRange range, MediaInfo media, Manifest other) {
        Timecode from = Timecode.of(range.start(), media.dropFrame());
        Timecode to = Timecode.of(range.endInclusive(), media.dropFrame());
        return "same reel " + reel + " and overlapping timecode " + from + "-" + to + " (" + range.durationFrames()
                + " frames) as " + describe(other) + ": a conform by reel and timecode finds both (ambiguous)";
    }

    private static String describe(Manifest m) {
        return m.name() + " (asset " + m.assetId().value() + ")";
    }
}
