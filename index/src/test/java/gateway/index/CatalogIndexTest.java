package gateway.index;

import static gateway.index.TestAssets.FEATURE;
import static gateway.index.TestAssets.PROMO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogIndexTest {
    private static final Set<ProjectId> FEATURE_ONLY = Set.of(FEATURE);

    @TempDir
    Path temp;

    private Path indexRoot;
    private ManifestStore store;
    private CatalogIndex catalog;

    @BeforeEach
    void indexBothProjects() {
        indexRoot = temp.resolve("index");
        store = new ManifestStore(temp.resolve("store"));
        Stream.concat(TestAssets.feature().stream(), TestAssets.promo().stream())
                .forEach(m -> {
                    Manifest committed = store.commit(m);
                    assertEquals(1, committed.version());
                });
        catalog = CatalogIndex.open(indexRoot);
        store.projects().forEach(p -> store.list(p).forEach(catalog::upsert));
        catalog.refresh();
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    private Set<String> ids(String query) {
        return ids(query, FEATURE_ONLY);
    }

    private Set<String> ids(String query, Set<ProjectId> readable) {
        SearchResult r = catalog.search(new SearchRequest(query, readable, 100, null, List.of()));
        assertEquals(r.hits().size(), r.total(), "one page holds every hit of " + query);
        return r.hits().stream().map(h -> h.assetId().value()).collect(Collectors.toSet());
    }

    private String first(String query) {
        return catalog.search(SearchRequest.of(query, FEATURE_ONLY))
                .hits()
                .get(0)
                .assetId()
                .value();
    }

    @Test
    void freeTextMatchesWordsPrefixesAndTypos() {
        assertEquals(Set.of("feature-a003c012", "feature-c017"), ids("interview"));
        assertEquals(Set.of("feature-a003c012", "feature-c017"), ids("intervew"));
        assertEquals(Set.of("feature-a003c012"), ids("A003C0*"));
        assertEquals(Set.of("feature-a003c012"), ids("A003C012_230101_R1AB"));
        assertEquals("feature-a003c012", first("A003"));
        assertEquals(Set.of("feature-a101-1"), ids("A101_1.WAV"));
        assertEquals(Set.of(), ids("nothing-like-this"));
    }

    @Test
    void aMisspelledReelFindsTheRightAsset() {
        assertEquals(Set.of("feature-a003c012"), ids("reel:A0O3"));
        assertEquals("feature-a003c012", first("A0O3"));
        assertEquals(Set.of("feature-a003c012"), ids("reel:a003"));
        assertEquals(Set.of("feature-a003c012", "feature-a004c001"), ids("reel:A00*"));
    }

    @Test
    void fieldTerms() {
        assertEquals(Set.of("feature-a003c012", "feature-a004c001"), ids("codec:prores"));
        assertEquals(Set.of("feature-a003c012", "feature-a004c001"), ids("camera:alexa"));
        assertEquals(Set.of("feature-a003c012", "feature-a004c001"), ids("camera:\"ALEXA Mini LF\""));
        assertEquals(Set.of("feature-b001c003"), ids("make:sony"));
        assertEquals(Set.of("feature-b001c003"), ids("model:\"VENICE 2\""));
        assertEquals(Set.of("feature-b001c003", "feature-night001"), ids("res:1920x1080"));
        assertEquals(Set.of("feature-a003c012", "feature-c017"), ids("tag:interview"));
        assertEquals(Set.of("feature-a003c012", "feature-a004c001"), ids("meta.scene:12"));
        assertEquals(Set.of("feature-a003c012"), ids("meta.take:3"));
        assertEquals(Set.of("feature-a003c012"), ids("status:proxied"));
        assertEquals(Set.of("feature-c017"), ids("name:interview"));
        assertEquals(Set.of("feature-b001c003"), ids("file:B001C003_230102_X9.mxf"));
        assertEquals(Set.of("feature-b001c003", "feature-c017"), ids("path:day02"));
        assertEquals(Set.of("feature-c017"), ids("container:braw"));
        assertEquals(Set.of("feature-b001c003"), ids("id:feature-b001c003"));
        assertEquals(Set.of("feature-a003c012", "feature-a004c001"), ids("width:>=3840 width:<6000"));
    }

    @Test
    void ratesAndDurationsAreExactAtEachAssetsRate() {
        assertEquals(Set.of("feature-a003c012", "feature-a004c001", "feature-a101-1"), ids("fps:23.976"));
        assertEquals(Set.of("feature-a003c012", "feature-a004c001", "feature-a101-1"), ids("fps:24000/1001"));
        assertEquals(Set.of(), ids("fps:24"));
        assertEquals(Set.of("feature-c017"), ids("fps:>25"));
        // 240 frames at 23.976 last 10.01 s; 250 at 25 last exactly 10 s.
        assertEquals(
                Set.of("feature-a003c012", "feature-a004c001", "feature-c017", "feature-night001"),
                ids("duration:>10s"));
        assertEquals(
                Set.of("feature-a003c012", "feature-a004c001", "feature-b001c003", "feature-c017", "feature-night001"),
                ids("duration:>=10s"));
        assertEquals(Set.of("feature-b001c003"), ids("duration:10s"));
        assertEquals(Set.of("feature-a003c012", "feature-a101-1"), ids("duration:<=240f"));
        assertEquals(Set.of("feature-a101-1"), ids("duration:<240f"));
        assertEquals(Set.of("feature-c017"), ids("duration:>=1m"));
        assertEquals(Set.of("feature-a003c012"), ids("channels:>=4"));
    }

    @Test
    void ingestDates() {
        assertEquals(Set.of("feature-a004c001"), ids("ingested:2026-05-04"));
        assertEquals(Set.of("feature-a003c012"), ids("ingested:<2026-05-04"));
        assertEquals(
                Set.of("feature-b001c003", "feature-c017", "feature-a101-1", "feature-night001"),
                ids("ingested:>2026-05-04"));
        assertEquals(Set.of("feature-b001c003"), ids("ingested:2026-05-05T08:00:00Z"));
    }

    @Test
    void timecodeCoverageIncludesTheStartAndExcludesTheEnd() {
        // A003 covers [14:03:00:00, 14:03:10:00) at 23.976; A004 starts at 14:03:10:00; B001 too, at 25.
        assertEquals(Set.of("feature-a004c001", "feature-b001c003"), ids("tc:14:03:10:00"));
        assertEquals(Set.of("feature-a003c012"), ids("tc:14:03:09:23"));
        assertEquals(Set.of("feature-a003c012"), ids("tc:14:03:00:00"));
        assertEquals(Set.of(), ids("tc:14:02:59:23"));
        assertEquals(Set.of("feature-a004c001"), ids("tc:14:03:10:00 reel:A004"));
        // Frame 24 exists only at rates counting more than 24 frames a second.
        assertEquals(Set.of("feature-b001c003"), ids("tc:14:03:10:24"));
        // B001 lasts 250 frames at 25: its last frame is 14:03:19:24 (a label A004, at 23.976, has not).
        assertEquals(Set.of("feature-b001c003"), ids("tc:14:03:19:24"));
        assertEquals(Set.of("feature-b001c003", "feature-a004c001"), ids("tc:14:03:19:23"));
        assertEquals(Set.of("feature-a004c001"), ids("tc:14:03:20:00"));
    }

    @Test
    void timecodeCoverageReadsDropFrameAndRunsPastMidnight() {
        assertEquals(Set.of("feature-c017"), ids("tc:10:03:00;05"));
        assertEquals(Set.of("feature-c017"), ids("tc:10:03:00:05"));
        assertEquals(Set.of(), ids("tc:10:03:00;04"));
        assertEquals(Set.of("feature-night001"), ids("tc:23:59:55:00"));
        assertEquals(Set.of("feature-night001"), ids("tc:00:00:05:00"));
        assertEquals(Set.of(), ids("tc:00:00:10:00"));
    }

    @Test
    void booleanOperatorsParenthesesAndPhrases() {
        assertEquals(Set.of("feature-a003c012"), ids("codec:prores AND NOT reel:A004"));
        assertEquals(Set.of("feature-b001c003"), ids("(reel:A003 OR reel:B001) fps:25"));
        assertEquals(Set.of("feature-a004c001"), ids("-tag:interview codec:prores"));
        assertEquals(
                Set.of("feature-a003c012", "feature-a004c001", "feature-c017"), ids("codec:prores || tag:interview"));
        assertEquals(Set.of("feature-a003c012", "feature-a004c001"), ids("\"ALEXA Mini\""));
        assertEquals(Set.of(), ids("\"Mini ALEXA\""));
        assertEquals(6, ids("").size());
        assertEquals(5, ids("NOT reel:N001").size());
    }

    @Test
    void aSyntaxErrorIsAParseErrorWithItsColumn() {
        GatewayException e = assertThrows(
                GatewayException.class, () -> catalog.search(SearchRequest.of("(reel:A003 OR", FEATURE_ONLY)));
        assertEquals(Reason.PARSE_ERROR, e.reason());
        assertTrue(e.getMessage().contains("column 14"), e.getMessage());
        GatewayException facet = assertThrows(
                GatewayException.class,
                () -> catalog.search(new SearchRequest("", FEATURE_ONLY, 10, null, List.of("lens"))));
        assertEquals(Reason.INVALID_ARGUMENT, facet.reason());
    }

    @Test
    void facetsCountEveryHitOfTheQuery() {
        SearchResult r = catalog.search(
                new SearchRequest("", FEATURE_ONLY, 1, null, List.of("camera", "codec", "fps", "resolution", "tag")));
        assertEquals(6, r.total());
        assertEquals(1, r.hits().size());
        assertEquals(
                List.of(
                        new FacetCount("ARRI ALEXA Mini LF", 2),
                        new FacetCount("Blackmagic Design URSA Mini Pro 12K", 1),
                        new FacetCount("Sony VENICE 2", 1)),
                r.facets().get("camera"));
        assertEquals(
                List.of(new FacetCount("23.976", 3), new FacetCount("25", 2), new FacetCount("29.97", 1)),
                r.facets().get("fps"));
        assertEquals(new FacetCount("prores", 2), r.facets().get("codec").get(0));
        assertEquals(5, r.facets().get("codec").size());
        assertEquals(
                List.of(new FacetCount("exterior", 2), new FacetCount("interview", 2)),
                r.facets().get("tag"));

        SearchResult prores =
                catalog.search(new SearchRequest("codec:prores", FEATURE_ONLY, 10, null, List.of("fps", "resolution")));
        assertEquals(List.of(new FacetCount("23.976", 2)), prores.facets().get("fps"));
        assertEquals(List.of(new FacetCount("3840x2160", 2)), prores.facets().get("resolution"));
    }

    @Test
    void projectsThatAreNotReadableNeverShowInHitsTotalsOrFacets() {
        SearchResult feature =
                catalog.search(new SearchRequest("A003", FEATURE_ONLY, 100, null, List.of("camera", "tag")));
        assertTrue(feature.hits().stream().allMatch(h -> h.project().equals(FEATURE)));
        assertTrue(
                feature.facets().get("camera").stream().noneMatch(f -> f.value().startsWith("RED")));
        assertTrue(feature.facets().get("tag").stream().noneMatch(f -> f.value().equals("secret-launch")));
        assertEquals(feature.hits().size(), feature.total());

        assertEquals(Set.of(), ids("secret", FEATURE_ONLY));
        assertEquals(Set.of(), ids("reel:R3D~", FEATURE_ONLY));
        assertEquals(Set.of("promo-a003c012"), ids("secret", Set.of(PROMO)));
        assertEquals(Set.of("promo-a003c012"), ids("tag:secret-launch", Set.of(FEATURE, PROMO)));
        assertEquals(Set.of("feature-a003c012", "promo-a003c012"), ids("reel:A003", Set.of(FEATURE, PROMO)));
        assertEquals(Set.of(), ids("reel:A003", Set.of()));
        assertEquals(Set.of(), ids("reel:A003", Set.of(new ProjectId("no-such-project"))));
    }

    @Test
    void hitsCarryWhatAListShows() {
        AssetHit hit = catalog.search(SearchRequest.of("reel:C017", FEATURE_ONLY))
                .hits()
                .get(0);
        assertEquals(new AssetId("feature-c017"), hit.assetId());
        assertEquals(FEATURE, hit.project());
        assertEquals("C017_interview_wide", hit.name());
        assertEquals("C017", hit.reel());
        assertEquals("10:03:00;05", hit.startTimecode().toString());
        assertEquals(FrameRate.FPS_29_97, hit.frameRate());
        assertEquals(1800, hit.durationFrames());
        assertTrue(hit.score() > 0);
    }

    @Test
    void hitsMarkWhatTheQueryMatched() {
        Map<String, Map<String, String>> interview = highlights("interview");
        assertEquals(
                Map.of(
                        "name", "C017_<em>interview</em>_wide",
                        "file", "C017_<em>interview</em>_wide.braw",
                        "tags", "<em>interview</em>"),
                interview.get("feature-c017"));
        assertEquals(Map.of("tags", "<em>interview</em>, exterior"), interview.get("feature-a003c012"));
        assertEquals(Map.of("reel", "<em>A003</em>"), highlights("reel:A003").get("feature-a003c012"));
        assertEquals(
                Map.of("reel", "<em>A003</em>"),
                highlights("reel:A0O3").get("feature-a003c012"),
                "the typo-tolerant retry marks what it matched");
        assertEquals(
                Map.of("camera", "ARRI <em>ALEXA</em> Mini LF 2920"),
                highlights("camera:alexa").get("feature-a004c001"));
        assertEquals(Map.of(), highlights("-tag:interview codec:prores").get("feature-a004c001"));
        assertEquals(
                Map.of(
                        "name",
                        "<em>A003C012</em>_230101_R1AB",
                        "file",
                        "<em>A003C012</em>_230101_R1AB.mov",
                        "reel",
                        "<em>A003</em>"),
                highlights("A003").get("feature-a003c012"));
        assertEquals(
                Map.of("tags", "<em>exterior</em>"),
                highlights("exterior NOT interview").get("feature-a004c001"));
    }

    private Map<String, Map<String, String>> highlights(String query) {
        Map<String, Map<String, String>> out = new HashMap<>();
        catalog.search(new SearchRequest(query, FEATURE_ONLY, 100, null, List.of()))
                .hits()
                .forEach(h -> out.put(h.assetId().value(), h.highlights()));
        return out;
    }

    @Test
    void suggestionsBeginWithThePrefixInAlphabeticalOrderFromReadableProjectsOnly() {
        assertEquals(
                List.of("A003", "A003C012_230101_R1AB", "A004", "A004C001_230101_R1AB"),
                catalog.suggest("a00", FEATURE_ONLY, 10));
        assertEquals(List.of("A003", "A003C012_230101_R1AB"), catalog.suggest("A00", FEATURE_ONLY, 2));
        assertEquals(
                List.of("A003", "A003C012_230101_R1AB", "A003C012_promo"),
                catalog.suggest("a003", Set.of(FEATURE, PROMO), 10));
        assertEquals(List.of("interview"), catalog.suggest("IN", FEATURE_ONLY, 10));
        assertEquals(List.of(), catalog.suggest("secret", FEATURE_ONLY, 10));
        assertEquals(List.of("secret-launch"), catalog.suggest("secret", Set.of(PROMO), 10));
        assertEquals(List.of(), catalog.suggest("a003", Set.of(), 10));
        assertEquals(List.of(), catalog.suggest(" ", FEATURE_ONLY, 10));
        GatewayException e = assertThrows(GatewayException.class, () -> catalog.suggest("a", FEATURE_ONLY, 0));
        assertEquals(Reason.INVALID_ARGUMENT, e.reason());
    }

    @Test
    void suggestionsForgetValuesNoAssetHasAnyMore() {
        Manifest a003 = catalog.byId(FEATURE, new AssetId("feature-a003c012")).orElseThrow();
        catalog.upsert(store.commit(withReel(a003, "A099")));
        catalog.refresh();
        assertEquals(List.of("A003C012_230101_R1AB"), catalog.suggest("a003", FEATURE_ONLY, 10));
        assertEquals(List.of("A099"), catalog.suggest("a09", FEATURE_ONLY, 10));
    }

    @Test
    void pagesAreStableAndCoverEveryHitOnce() {
        for (String query : List.of("", "exterior OR interview OR fps:25")) {
            SearchRequest request = new SearchRequest(query, FEATURE_ONLY, 2, null, List.of());
            long total = catalog.search(request).total();
            List<String> seen = new ArrayList<>();
            String token = null;
            int pages = 0;
            do {
                SearchResult page = catalog.search(request.nextPage(token));
                assertEquals(total, page.total());
                page.hits().forEach(h -> seen.add(h.assetId().value()));
                token = page.nextPageToken();
                pages++;
            } while (token != null);
            assertEquals(total, seen.size(), query);
            assertEquals(seen.size(), new HashSet<>(seen).size(), "no hit twice: " + seen);
            assertEquals((total + 1) / 2, pages);
        }
    }

    @Test
    void aPageTokenIsOpaqueBoundToItsQueryAndProjectsAndTamperEvident() {
        Set<ProjectId> both = Set.of(FEATURE, PROMO);
        SearchRequest request = new SearchRequest("", both, 2, null, List.of());
        String token = catalog.search(request).nextPageToken();
        assertNotNull(token);
        String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.ISO_8859_1);
        assertFalse(decoded.contains("feature"), "the token shows no project or asset");

        assertEquals(2, catalog.search(request.nextPage(token)).hits().size());
        for (SearchRequest misuse : List.of(
                new SearchRequest("", FEATURE_ONLY, 2, token, List.of()),
                new SearchRequest("codec:prores", both, 2, token, List.of()),
                new SearchRequest("", both, 3, token, List.of()),
                request.nextPage(tamper(token)),
                request.nextPage("not a token"))) {
            GatewayException e = assertThrows(GatewayException.class, () -> catalog.search(misuse));
            assertEquals(Reason.INVALID_ARGUMENT, e.reason());
        }
    }

    private static String tamper(String token) {
        char[] c = token.toCharArray();
        int i = c.length / 2;
        c[i] = c[i] == 'A' ? 'B' : 'A';
        return new String(c);
    }

    @Test
    void lastPageHasNoToken() {
        SearchResult r = catalog.search(new SearchRequest("", FEATURE_ONLY, 6, null, List.of()));
        assertEquals(6, r.hits().size());
        assertNull(r.nextPageToken());
    }

    @Test
    void linkerLookups() {
        assertEquals(
                "A003C012_230101_R1AB",
                catalog.byId(FEATURE, new AssetId("feature-a003c012"))
                        .orElseThrow()
                        .name());
        assertTrue(catalog.byId(PROMO, new AssetId("feature-a003c012")).isEmpty());
        assertEquals(List.of("feature-a003c012"), idsOf(catalog.byReel(FEATURE, "a003")));
        assertEquals(List.of("promo-a003c012"), idsOf(catalog.byReel(PROMO, "A003")));
        assertEquals(List.of(), idsOf(catalog.byReel(FEATURE, "A00")));
        assertEquals(List.of("feature-a003c012"), idsOf(catalog.byClipName(FEATURE, "A003C012_230101_R1AB")));
        assertEquals(List.of("feature-a003c012"), idsOf(catalog.byClipName(FEATURE, "a003c012_230101_r1ab.MOV")));
        assertEquals(List.of("promo-a003c012"), idsOf(catalog.byClipName(PROMO, "A003C012_promo.r3d")));
        assertEquals(List.of(), idsOf(catalog.byClipName(FEATURE, "A003C012")));
        assertEquals(
                List.of("feature-a003c012"),
                idsOf(catalog.byFileName(FEATURE, "/Volumes/RAID/day01/A003C012_230101_R1AB.mov")));
        assertEquals(List.of("feature-a101-1"), idsOf(catalog.byFileName(FEATURE, "C:\\sound\\a101_1.wav")));
        assertEquals(List.of(), idsOf(catalog.byFileName(FEATURE, "A003C012_230101_R1AB")));
        assertEquals(List.of(), idsOf(catalog.byReel(new ProjectId("no-such-project"), "A003")));
    }

    @Test
    void lookupsReturnTheWholeManifest() {
        Manifest stored = store.read(FEATURE, new AssetId("feature-c017")).orElseThrow();
        assertEquals(stored, catalog.byId(FEATURE, stored.assetId()).orElseThrow());
    }

    private static List<String> idsOf(List<Manifest> manifests) {
        return manifests.stream().map(m -> m.assetId().value()).toList();
    }

    @Test
    void upsertReplacesByAssetIdAndDeleteRemoves() {
        Manifest a003 = catalog.byId(FEATURE, new AssetId("feature-a003c012")).orElseThrow();
        Manifest moved = store.commit(withReel(a003, "A099"));
        catalog.upsert(moved);
        catalog.refresh();
        assertEquals(List.of(), catalog.byReel(FEATURE, "A003"));
        assertEquals(Set.of("feature-a003c012"), ids("reel:A099"));
        assertEquals(2, catalog.byId(FEATURE, a003.assetId()).orElseThrow().version());
        assertEquals(6, ids("").size());

        catalog.delete(FEATURE, a003.assetId());
        catalog.refresh();
        assertEquals(5, ids("").size());
        assertTrue(catalog.byId(FEATURE, a003.assetId()).isEmpty());
    }

    @Test
    void writesBecomeVisibleWithoutAnExplicitRefresh() {
        Manifest a003 = catalog.byId(FEATURE, new AssetId("feature-a003c012")).orElseThrow();
        catalog.upsert(withReel(a003, "Z777"));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (ids("reel:Z777").isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(Set.of("feature-a003c012"), ids("reel:Z777"));
    }

    @Test
    void aMissingIndexIsRebuiltFromTheManifests() throws IOException {
        catalog.close();
        deleteTree(indexRoot.resolve(FEATURE.value()));

        catalog = CatalogIndex.open(indexRoot, store);

        assertEquals(List.of(PROMO), catalog.status().opened());
        assertEquals(
                List.of(new IndexStatus.Repair(FEATURE, "no index", true, 6)),
                catalog.status().repaired());
        assertEquals(Set.of("feature-a004c001", "feature-b001c003"), ids("tc:14:03:10:00"));
        assertEquals(List.of("feature-a003c012"), idsOf(catalog.byReel(FEATURE, "A003")));
    }

    @Test
    void aCorruptIndexIsRebuiltFromTheManifests() throws IOException {
        catalog.close();
        corrupt(indexRoot.resolve(FEATURE.value()));

        catalog = CatalogIndex.open(indexRoot, store);

        assertEquals(List.of(PROMO), catalog.status().opened());
        IndexStatus.Repair repair = catalog.status().repaired().get(0);
        assertEquals(FEATURE, repair.project());
        assertTrue(repair.rebuilt());
        assertEquals(6, repair.assets());
        assertTrue(repair.problem().contains(indexRoot.resolve(FEATURE.value()).toString()), repair.problem());
        assertEquals(6, ids("").size());
        assertEquals(Set.of("promo-a003c012"), ids("", Set.of(PROMO)));
    }

    @Test
    void withoutManifestsACorruptIndexIsResetAndRebuildFillsIt() throws IOException {
        catalog.close();
        corrupt(indexRoot.resolve(FEATURE.value()));

        catalog = CatalogIndex.open(indexRoot);
        IndexStatus.Repair repair = catalog.status().repaired().get(0);
        assertEquals(FEATURE, repair.project());
        assertFalse(repair.rebuilt());
        assertEquals(0, ids("").size());

        catalog.rebuild(FEATURE, store.list(FEATURE));
        assertEquals(6, ids("").size());
        assertEquals(Set.of("feature-c017"), ids("tc:10:03:00;05"));
    }

    @Test
    void rebuildReplacesEverythingAndRefusesAnotherProjectsAssets() {
        catalog.rebuild(FEATURE, store.list(FEATURE).subList(0, 2));
        assertEquals(2, ids("").size());
        GatewayException e = assertThrows(GatewayException.class, () -> catalog.rebuild(FEATURE, store.list(PROMO)));
        assertEquals(Reason.INVALID_ARGUMENT, e.reason());
    }

    @Test
    void reconcileReindexesChangedManifestsAndDropsVanishedOnes() {
        Manifest a003 = store.read(FEATURE, new AssetId("feature-a003c012")).orElseThrow();
        Manifest changed = store.commit(withReel(a003, "A042"));
        catalog.delete(FEATURE, new AssetId("feature-c017"));
        catalog.upsert(TestAssets.asset(FEATURE, "feature-ghost-01")
                .file("/gone/GHOST.mov")
                .build());
        catalog.refresh();

        Reconciliation r = catalog.reconcile(FEATURE, store.list(FEATURE));

        assertEquals(new Reconciliation(FEATURE, 2, 1), r);
        assertEquals(Set.of("feature-a003c012"), ids("reel:A042"));
        assertEquals(changed, catalog.byId(FEATURE, changed.assetId()).orElseThrow());
        assertEquals(Set.of("feature-c017"), ids("reel:C017"));
        assertEquals(Set.of(), ids("GHOST"));
        assertEquals(new Reconciliation(FEATURE, 0, 0), catalog.reconcile(FEATURE, store.list(FEATURE)));
    }

    @Test
    void theIndexSurvivesARestart() {
        catalog.commit();
        catalog.close();
        catalog = CatalogIndex.open(indexRoot, store);
        assertTrue(catalog.status().healthy());
        assertEquals(List.of(FEATURE, PROMO), catalog.status().opened());
        assertEquals(List.of(FEATURE, PROMO), catalog.projects());
        assertEquals(6, ids("").size());
    }

    /** Overwrites every index file with bytes that are no Lucene file. */
    private static void corrupt(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().equals("write.lock")) {
                    Files.write(f, "this is not a lucene file".getBytes(StandardCharsets.US_ASCII));
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static Manifest withReel(Manifest m, String reel) {
        MediaInfo x = m.media();
        MediaInfo media = new MediaInfo(
                x.path(),
                x.container(),
                x.frameRate(),
                x.durationFrames(),
                x.startTimecode(),
                reel,
                x.video(),
                x.audio(),
                x.variableFrameRate(),
                x.camera(),
                x.warnings());
        return new Manifest(
                m.schemaVersion(),
                m.version(),
                m.assetId(),
                m.project(),
                m.name(),
                m.originalPath(),
                media,
                m.checksums(),
                m.renditions(),
                m.metadata(),
                m.ingestedAt());
    }
}
