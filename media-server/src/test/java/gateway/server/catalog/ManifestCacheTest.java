package gateway.server.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.ingest.fixtures.TestManifests;
import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.ProjectId;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestCacheTest {
    @TempDir
    Path dir;

    @Test
    void answersFromMemoryWhileTheManifestIsUnchanged() {
        ManifestStore store = new ManifestStore(dir);
        Manifest committed = store.commit(TestManifests.prores(AssetId.random(), new ProjectId("p2"), "a.mov", 0));
        store.commit(TestManifests.prores(AssetId.random(), new ProjectId("p1"), "other.mov", 0));
        ManifestCache cache = new ManifestCache(store, 10);

        Manifest first = cache.find(committed.assetId()).orElseThrow();
        Manifest second = cache.find(committed.assetId()).orElseThrow();

        assertEquals(committed, first);
        assertSame(first, second, "the second lookup is the held manifest, not a new read");
    }

    @Test
    void aRecommitIsSeenAtTheNextLookup() {
        ManifestStore store = new ManifestStore(dir);
        Manifest v1 = store.commit(TestManifests.prores(AssetId.random(), new ProjectId("p1"), "a.mov", 0));
        ManifestCache cache = new ManifestCache(store, 10);
        assertEquals(1, cache.find(v1.assetId()).orElseThrow().version());

        // Same size on purpose: the name changes one letter, so only the file identity and time differ.
        Manifest v2 = store.commit(TestManifests.prores(v1.assetId(), v1.project(), "b.mov", v1.version()));

        Manifest seen = cache.find(v1.assetId()).orElseThrow();
        assertEquals(2, seen.version());
        assertEquals("b.mov", seen.name());
        assertEquals(v2, seen);
    }

    @Test
    void aRemovedOrMovedAssetIsNotServedFromMemory() throws Exception {
        ManifestStore store = new ManifestStore(dir);
        Manifest m = store.commit(TestManifests.prores(AssetId.random(), new ProjectId("p1"), "a.mov", 0));
        ManifestCache cache = new ManifestCache(store, 10);
        assertTrue(cache.find(m.assetId()).isPresent());

        Files.delete(store.manifestPath(m.project(), m.assetId()));
        assertTrue(cache.find(m.assetId()).isEmpty());

        Manifest moved = store.commit(TestManifests.prores(m.assetId(), new ProjectId("p9"), "a.mov", 0));
        assertEquals(new ProjectId("p9"), cache.find(m.assetId()).orElseThrow().project());
        assertEquals(moved, cache.find(m.assetId()).orElseThrow());
    }

    @Test
    void holdsNoMoreThanItsCapacity() {
        ManifestStore store = new ManifestStore(dir);
        ManifestCache cache = new ManifestCache(store, 3);
        for (int i = 0; i < 5; i++) {
            Manifest m = store.commit(TestManifests.prores(AssetId.random(), new ProjectId("p1"), "a" + i + ".mov", 0));
            assertEquals(m, cache.find(m.assetId()).orElseThrow());
        }
        assertEquals(3, cache.size());
        assertTrue(cache.find(AssetId.random()).isEmpty());
    }
}
