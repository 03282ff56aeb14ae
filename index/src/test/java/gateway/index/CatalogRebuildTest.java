package gateway.index;

import static gateway.index.TestAssets.FEATURE;
import static gateway.index.TestAssets.PROMO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bulk path ({@link CatalogIndex#rebuild}): several threads, plain adds, and still what upserts would give. */
class CatalogRebuildTest {
    private static final Set<ProjectId> FEATURE_ONLY = Set.of(FEATURE);
    private static final List<String> FACETS = List.of("camera", "codec", "fps", "resolution", "tag");
    private static final String[] WORDS = {"interview", "exterior", "night", "Café", "drone", "Ünter", "rain"};
    private static final String[][] CAMERAS = {
        {"ARRI", "ALEXA Mini LF", "prores"}, {"Sony", "VENICE 2", "xavc"}, {"Blackmagic Design", "URSA 12K", "braw"}
    };
    private static final FrameRate[] RATES = {FrameRate.FPS_23_976, FrameRate.FPS_25, FrameRate.FPS_29_97};

    @TempDir
    Path temp;

    /** Asset {@code n}: camera-style names, reels, cameras, rates, tags (some not ASCII), metadata. */
    private static Manifest asset(ProjectId project, int n) {
        SplittableRandom r = new SplittableRandom(n * 7919L + 13);
        String reel = (char) ('A' + r.nextInt(3)) + String.format("%03d", 1 + r.nextInt(40));
        String name =
                reel + "C" + String.format("%03d", 1 + r.nextInt(30)) + "_2301" + String.format("%02d", 1 + n % 28);
        String[] cam = CAMERAS[r.nextInt(CAMERAS.length)];
        FrameRate rate = RATES[r.nextInt(RATES.length)];
        String tags = WORDS[r.nextInt(WORDS.length)] + ", " + WORDS[r.nextInt(WORDS.length)];
        return TestAssets.asset(project, project.value() + "-asset-" + n)
                .file("/media/day" + (1 + r.nextInt(5)) + "/" + reel + "/" + name + ".mov")
                .rate(rate)
                .frames(24 + r.nextInt(5000))
                .tc((10 + r.nextInt(10)) + ":0" + r.nextInt(10) + ":00:00")
                .reel(reel)
                .video(cam[2], 1920, 1080)
                .audio(1 + r.nextInt(8))
                .camera(cam[0], cam[1], "S" + r.nextInt(99))
                .meta(Map.of("tags", tags, "scene", Integer.toString(r.nextInt(50))))
                .build();
    }

    private static List<Manifest> assets(ProjectId project, int count) {
        List<Manifest> out = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            out.add(asset(project, n));
        }
        return out;
    }

    private static SearchResult search(CatalogIndex catalog, String query) {
        return catalog.search(new SearchRequest(query, FEATURE_ONLY, 50, null, FACETS));
    }

    /** What a search shows: the total, the page's ids in order with scores and highlights, the facet counts. */
    private static String shown(SearchResult r) {
        return r.total() + " "
                + r.hits().stream()
                        .map(h -> h.assetId().value() + "@" + h.score() + h.highlights())
                        .toList()
                + " " + r.facets();
    }

    @Test
    void aRebuildFindsExactlyWhatUpsertsFind() {
        List<Manifest> all = assets(FEATURE, 1_000);
        try (CatalogIndex upserted = CatalogIndex.open(temp.resolve("upserted"));
                CatalogIndex rebuilt = CatalogIndex.open(temp.resolve("rebuilt"))) {
            all.forEach(upserted::upsert);
            upserted.refresh();
            rebuilt.rebuild(FEATURE, all);
            for (String q : List.of(
                    "",
                    "interview",
                    "intervew",
                    "cafe",
                    "Ünter night",
                    "A01*",
                    "\"ALEXA Mini\"",
                    "reel:B012",
                    "camera:venice tag:rain",
                    "fps:25 duration:>100s",
                    "tc:14:03:10:00",
                    "path:day3",
                    "name:a001c001",
                    "file:A001C001_230101.mov",
                    "meta.scene:7",
                    "channels:>=4")) {
                SearchResult expected = search(upserted, q);
                assertEquals(shown(expected), shown(search(rebuilt, q)), q);
                for (int i = 0; i < expected.hits().size(); i++) {
                    assertEquals(
                            expected.hits().get(i).manifest(),
                            search(rebuilt, q).hits().get(i).manifest(),
                            q);
                }
            }
            assertEquals(1_000, search(rebuilt, "").total());
            assertTrue(search(rebuilt, "interview").total() > 50, "the comparison compares something");
        }
    }

    @Test
    void anAssetGivenTwiceIsTheLaterManifest() {
        List<Manifest> all = new ArrayList<>(assets(FEATURE, 300));
        Manifest first = all.get(10);
        all.add(TestAssets.asset(FEATURE, first.assetId().value())
                .file("/media/day9/Z999/Z999C001.mov")
                .reel("Z999")
                .build());
        try (CatalogIndex catalog = CatalogIndex.open(temp.resolve("index"))) {
            catalog.rebuild(FEATURE, all);
            assertEquals(300, search(catalog, "").total());
            assertEquals(
                    "Z999",
                    catalog.byId(FEATURE, first.assetId()).orElseThrow().media().reel());
            assertEquals(
                    List.of(),
                    catalog.byClipName(FEATURE, first.name()).stream()
                            .filter(m -> m.assetId().equals(first.assetId()))
                            .toList());
        }
    }

    @Test
    void aRebuildRefusedHalfWayLeavesTheIndexAsItWasAndUsable() {
        try (CatalogIndex catalog = CatalogIndex.open(temp.resolve("index"))) {
            List<Manifest> before = assets(FEATURE, 200);
            catalog.rebuild(FEATURE, before);
            Manifest uncommitted = asset(FEATURE, 9_999);
            catalog.upsert(uncommitted);
            catalog.refresh();
            String shownBefore = shown(search(catalog, "interview"));

            // A foreign manifest deep in the list: some threads have added many assets by then.
            List<Manifest> bad = new ArrayList<>(assets(FEATURE, 1_000).subList(300, 1_000));
            bad.add(500, asset(PROMO, 1));
            GatewayException e = assertThrows(GatewayException.class, () -> catalog.rebuild(FEATURE, bad));

            assertEquals(Reason.INVALID_ARGUMENT, e.reason());
            assertTrue(e.getMessage().contains("promo-asset-1"), e.getMessage());
            assertEquals(201, search(catalog, "").total());
            assertEquals(shownBefore, shown(search(catalog, "interview")));
            assertEquals(
                    uncommitted, catalog.byId(FEATURE, uncommitted.assetId()).orElseThrow());

            catalog.upsert(asset(FEATURE, 10_000));
            catalog.refresh();
            assertEquals(202, search(catalog, "").total());
            catalog.rebuild(FEATURE, before.subList(0, 50));
            assertEquals(50, search(catalog, "").total());
            assertEquals(
                    List.of(),
                    catalog.byId(FEATURE, new AssetId("feature-asset-10000")).stream()
                            .toList());
        }
    }

    @Test
    void aSourceThatFailsIsTheFailureAndTheIndexIsKept() {
        try (CatalogIndex catalog = CatalogIndex.open(temp.resolve("index"))) {
            catalog.rebuild(FEATURE, assets(FEATURE, 100));
            GatewayException unreadable = new GatewayException(Reason.IO, "the store went away");
            Iterable<Manifest> failing = () -> new java.util.Iterator<>() {
                private int n;

                @Override
                public boolean hasNext() {
                    return true;
                }

                @Override
                public Manifest next() {
                    if (n == 400) {
                        throw unreadable;
                    }
                    return asset(FEATURE, 1_000 + n++);
                }
            };

            GatewayException e = assertThrows(GatewayException.class, () -> catalog.rebuild(FEATURE, failing));

            assertEquals(unreadable, e); // not taken for a damaged index, which would be deleted and made anew
            assertEquals(100, search(catalog, "").total());
        }
    }
}
