package gateway.index;

import static gateway.index.TestAssets.FEATURE;
import static gateway.index.TestAssets.PROMO;
import static org.junit.jupiter.api.Assertions.assertEquals;

import gateway.model.asset.AssetId;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.ProjectId;
import gateway.model.asset.SequenceUse;
import gateway.model.asset.UsageStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reverse index: which sequences use an asset, fed by usage records on the store. */
class AssetUsageTest {
    static final AssetId A003 = new AssetId("feature-a003c012");
    static final AssetId C017 = new AssetId("feature-c017");

    @TempDir
    Path temp;

    ManifestStore store;
    UsageStore usage;
    CatalogIndex catalog;

    @BeforeEach
    void open() {
        store = new ManifestStore(temp.resolve("store"));
        TestAssets.feature().forEach(store::commit);
        TestAssets.promo().forEach(store::commit);
        usage = new UsageStore(temp.resolve("store"));
        catalog = CatalogIndex.open(temp.resolve("index"), store, Duration.ofMillis(50), usage::sequencesUsing);
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    @Test
    void aConformedSequenceIsFoundFromItsAssetsAndItsAssetsFromIt() {
        use(FEATURE, "Reel 3 cut v12", A003, C017);
        use(FEATURE, "Trailer", A003);

        assertEquals(Set.of(A003.value(), C017.value()), ids("used:\"reel 3 cut v12\""));
        assertEquals(Set.of(A003.value()), ids("used:trailer"));
        assertEquals(Set.of(A003.value()), ids("used:trailr~"), "typo tolerant like other words");
        assertEquals(Set.of(A003.value(), C017.value()), ids("used:any"));
        assertEquals(4, ids("-used:any").size(), "the feature's six assets minus the two in a cut");
        AssetHit hit = catalog.search(SearchRequest.of("id:" + A003.value(), Set.of(FEATURE)))
                .hits()
                .get(0);
        assertEquals(List.of("Reel 3 cut v12", "Trailer"), hit.usedIn());
    }

    @Test
    void reconformingACutMovesTheUse() {
        use(FEATURE, "Reel 3", A003, C017);
        use(FEATURE, "reel 3", C017);
        assertEquals(Set.of(C017.value()), ids("used:any"));
    }

    @Test
    void aNodeThatMissedAUsageConvergesOnReconcileAndRebuild() {
        // Another node recorded the sequence: this node's index has not heard of it.
        usage.record(new SequenceUse(FEATURE, "Cut B", "conform", Instant.now(), Map.of(C017, 3)));
        usage.forget(FEATURE);
        assertEquals(Set.of(), ids("used:any"));

        Reconciliation r = catalog.reconcile(FEATURE, store.list(FEATURE));
        assertEquals(1, r.upserted(), "only the asset whose use changed is re-indexed");
        assertEquals(Set.of(C017.value()), ids("used:\"cut b\""));

        catalog.rebuild(FEATURE, store.list(FEATURE));
        assertEquals(Set.of(C017.value()), ids("used:any"));
    }

    @Test
    void useNeverCrossesProjects() {
        use(FEATURE, "Shared name", A003);
        assertEquals(Set.of(), idsIn("used:any", PROMO));
    }

    private void use(ProjectId project, String sequence, AssetId... assets) {
        Map<AssetId, Integer> events = java.util.Arrays.stream(assets).collect(Collectors.toMap(a -> a, a -> 1));
        for (AssetId changed : usage.record(new SequenceUse(project, sequence, "conform", Instant.now(), events))) {
            store.read(project, changed).ifPresent(catalog::upsert);
        }
        catalog.refresh();
    }

    private Set<String> ids(String query) {
        return idsIn(query, FEATURE);
    }

    private Set<String> idsIn(String query, ProjectId project) {
        return catalog.search(new SearchRequest(query, Set.of(project), 100, null, List.of())).hits().stream()
                .map(h -> h.assetId().value())
                .collect(Collectors.toSet());
    }
}
