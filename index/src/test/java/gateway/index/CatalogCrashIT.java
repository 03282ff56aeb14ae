package gateway.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that commits manifests and indexes them in a burst is killed with SIGKILL mid-burst.
 * Reopening the catalogue from the manifests and reconciling makes every committed manifest
 * searchable at its committed version, and leaves nothing in the index that no committed manifest
 * backs (the assets it indexed ahead of a commit that never happened).
 */
class CatalogCrashIT {
    @TempDir
    Path temp;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void killedMidBurstEveryCommittedManifestIsSearchableAndNothingHalfWrittenShows() throws Exception {
        Path storeRoot = temp.resolve("store");
        Path indexRoot = temp.resolve("index");
        for (int round = 0; round < 2; round++) {
            Map<String, Long> announced = burstUntilKilled(storeRoot, indexRoot, 150 + 150 * round);
            checkRecovered(new ManifestStore(storeRoot), indexRoot, announced, "round " + round);
        }
    }

    /** Runs the child until it has announced {@code commits} committed manifests, then SIGKILLs it. */
    private Map<String, Long> burstUntilKilled(Path storeRoot, Path indexRoot, int commits) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path stderr = Files.createTempFile(temp, "child-stderr", ".txt");
        Process child = new ProcessBuilder(
                        java,
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        CatalogCrashChild.class.getName(),
                        storeRoot.toString(),
                        indexRoot.toString())
                .redirectError(stderr.toFile())
                .start();
        Map<String, Long> announced = new HashMap<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            int seen = 0;
            for (String line = out.readLine(); line != null && seen < commits; line = out.readLine()) {
                String[] f = line.split(" ");
                if (f.length == 4 && f[0].equals(CatalogCrashChild.COMMITTED)) {
                    announced.merge(f[1] + "/" + f[2], Long.parseLong(f[3]), Math::max);
                    seen++;
                }
            }
            if (seen < commits) {
                child.waitFor(30, TimeUnit.SECONDS);
                throw new AssertionError(
                        "the child announced " + seen + " commits, not " + commits + ":\n" + Files.readString(stderr));
            }
            assertTrue(child.isAlive(), "the child must still be writing when it is killed");
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the killed child did not exit");
        } finally {
            child.destroyForcibly();
        }
        return announced;
    }

    private static void checkRecovered(ManifestStore store, Path indexRoot, Map<String, Long> announced, String what) {
        List<GatewayException> torn = new ArrayList<>();
        try (CatalogIndex catalog = CatalogIndex.open(indexRoot, store)) {
            long manifests = 0;
            for (ProjectId project : store.projects()) {
                List<Manifest> all = store.list(project, torn::add);
                catalog.reconcile(project, all);
                for (Manifest m : all) {
                    assertEquals(m, catalog.byId(project, m.assetId()).orElseThrow(), what + ": " + m.assetId());
                }
                SearchResult everything =
                        catalog.search(new SearchRequest("", Set.of(project), 1, null, List.of("tag")));
                assertEquals(all.size(), everything.total(), what + ": index entries of " + project);
                assertEquals(
                        List.of(new FacetCount("clip", all.size())),
                        everything.facets().get("tag"),
                        what + ": no asset indexed ahead of its manifest survives in " + project);
                assertTrue(
                        catalog.search(SearchRequest.of("tag:ghost", Set.of(project)))
                                .hits()
                                .isEmpty(),
                        what);
                manifests += all.size();
            }
            assertEquals(List.of(), torn, what + ": no manifest is torn");
            for (Map.Entry<String, Long> a : announced.entrySet()) {
                String[] key = a.getKey().split("/");
                Manifest indexed = catalog.byId(new ProjectId(key[0]), new AssetId(key[1]))
                        .orElseThrow(() -> new AssertionError(what + ": announced " + a.getKey() + " is not indexed"));
                assertTrue(indexed.version() >= a.getValue(), what + ": " + a.getKey() + " went back a version");
            }
            assertTrue(manifests >= announced.size(), what);
        }
    }
}
