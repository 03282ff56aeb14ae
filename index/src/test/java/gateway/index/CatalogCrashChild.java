package gateway.index;

import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.ProjectId;
import gateway.model.time.FrameRate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The process {@link CatalogCrashIT} kills: commits manifests and indexes them in a burst, as the
 * ingest path does, and says on standard output which manifest versions are committed. Every
 * seventh asset is indexed ahead of a manifest that is never committed (a writer that died between
 * the two). Index commits are rare, so most index writes are in flight when the kill lands. Stops by
 * itself after a minute in case nobody kills it.
 */
public final class CatalogCrashChild {
    static final String COMMITTED = "committed";
    static final List<ProjectId> PROJECTS =
            List.of(new ProjectId("crash-a"), new ProjectId("crash-b"), new ProjectId("crash-c"));

    private CatalogCrashChild() {}

    public static void main(String[] args) {
        ManifestStore store = new ManifestStore(Path.of(args[0]));
        long stopAt = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        try (CatalogIndex catalog = CatalogIndex.open(Path.of(args[1]), store, Duration.ofMillis(20))) {
            for (int i = 0; System.nanoTime() < stopAt; i++) {
                ProjectId project = PROJECTS.get(i % PROJECTS.size());
                if (i % 7 == 6) {
                    catalog.upsert(asset(project, "ghost", i));
                    continue;
                }
                // Ids repeat, so later commits are new versions of assets already indexed.
                Manifest next = asset(project, "clip", i % 150);
                long current = store.read(project, next.assetId())
                        .map(Manifest::version)
                        .orElse(0L);
                Manifest committed = store.commit(derivedFrom(next, current));
                System.out.println(COMMITTED + " " + project.value() + " "
                        + committed.assetId().value() + " " + committed.version());
                System.out.flush();
                catalog.upsert(committed);
                if (i % 97 == 0) {
                    catalog.commit();
                }
            }
        }
    }

    private static Manifest derivedFrom(Manifest m, long version) {
        return new Manifest(
                m.schemaVersion(),
                version,
                m.assetId(),
                m.project(),
                m.name(),
                m.originalPath(),
                m.media(),
                m.checksums(),
                m.renditions(),
                m.metadata(),
                m.ingestedAt());
    }

    static Manifest asset(ProjectId project, String kind, int n) {
        String name = String.format(Locale.ROOT, "A%03dC%03d_231105_R1AB", n % 40, n);
        return TestAssets.asset(project, String.format(Locale.ROOT, "%s-%s-%06d", project.value(), kind, n))
                .file("/cards/day01/A" + (n % 40) + "/" + name + ".mov")
                .rate(FrameRate.FPS_25)
                .tc("10:00:00:00")
                .frames(100 + n)
                .reel(String.format(Locale.ROOT, "A%03d", n % 40))
                .video("prores", 1920, 1080)
                .meta(Map.of("tags", kind))
                .build();
    }
}
