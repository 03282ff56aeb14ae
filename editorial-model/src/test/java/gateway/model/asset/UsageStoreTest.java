package gateway.model.asset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageStoreTest {
    static final ProjectId P = new ProjectId("feature");
    static final AssetId A = new AssetId("asset-aaaa1");
    static final AssetId B = new AssetId("asset-bbbb2");
    static final AssetId C = new AssetId("asset-cccc3");

    @TempDir
    Path dir;

    @Test
    void aRecordedSequenceIsFoundFromEachAssetItUsesAndSurvivesANewStore() {
        UsageStore store = new UsageStore(dir);
        assertEquals(Set.of(A, B), store.record(use("Reel 3 cut v12", Map.of(A, 4, B, 1))));
        store.record(use("Trailer", Map.of(A, 2)));

        UsageStore reopened = new UsageStore(dir);
        assertEquals(List.of("Reel 3 cut v12", "Trailer"), reopened.sequencesUsing(P, A));
        assertEquals(List.of("Reel 3 cut v12"), reopened.sequencesUsing(P, B));
        assertEquals(List.of(), reopened.sequencesUsing(P, C));
        assertEquals(List.of(), reopened.sequencesUsing(new ProjectId("other"), A));
    }

    @Test
    void recordingTheSameSequenceAgainReplacesItAndNamesEveryAssetWhoseUseChanged() {
        UsageStore store = new UsageStore(dir);
        store.record(use("Reel 3 cut", Map.of(A, 1, B, 1)));
        assertEquals(List.of("Reel 3 cut"), store.sequencesUsing(P, B));
        // The same cut conformed again (names compare without case): B left it, C came in.
        assertEquals(Set.of(A, B, C), store.record(use("REEL 3 CUT", Map.of(A, 1, C, 2))));
        assertEquals(List.of(), store.sequencesUsing(P, B));
        assertEquals(List.of("REEL 3 CUT"), store.sequencesUsing(P, C));
        assertEquals(1, store.list(P, e -> {}).size());
    }

    @Test
    void aDamagedFileIsReportedAndSkipped() throws Exception {
        UsageStore store = new UsageStore(dir);
        store.record(use("Good", Map.of(A, 1)));
        Files.writeString(dir.resolve("usage").resolve("feature").resolve("broken.json"), "{not json");
        List<GatewayException> problems = new ArrayList<>();
        List<SequenceUse> all = new UsageStore(dir).list(P, problems::add);
        assertEquals(1, all.size());
        assertEquals(1, problems.size());
        assertEquals(Reason.CORRUPT, problems.get(0).reason());
        assertTrue(
                problems.get(0).getMessage().contains("broken.json"),
                problems.get(0).getMessage());
    }

    @Test
    void aSequenceNeedsAName() {
        assertThrows(GatewayException.class, () -> use("  ", Map.of(A, 1)));
    }

    @Test
    void keysAreStableFileNamesWhateverTheSequenceIsCalled() {
        assertEquals(UsageStore.keyOf("Reel 3 / cut"), UsageStore.keyOf("reel 3 / CUT"));
        assertTrue(UsageStore.keyOf("../../etc/passwd").matches("[a-z0-9._-]+"), UsageStore.keyOf("../../etc/passwd"));
        assertTrue(!UsageStore.keyOf("../x").startsWith("."));
    }

    private static SequenceUse use(String name, Map<AssetId, Integer> events) {
        return new SequenceUse(P, name, "conform", Instant.parse("2026-11-21T10:00:00Z"), events);
    }
}
