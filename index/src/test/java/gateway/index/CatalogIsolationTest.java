package gateway.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.AssetId;
import gateway.model.asset.AudioStream;
import gateway.model.asset.Checksums;
import gateway.model.asset.Manifest;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.ProjectId;
import gateway.model.asset.VideoInfo;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Five projects that share reels, tags, cameras and clip-name patterns, and users whose grants
 * overlap. Thousands of seeded random searches, facet counts, suggestions and page walks are checked
 * against what the manifests in memory say the readable projects hold: nothing of a project the user
 * cannot read ever shows, and what does show is exactly what should.
 */
class CatalogIsolationTest {
    private static final long SEED = 0x5EED_CA7AL;
    private static final List<ProjectId> PROJECTS = List.of(
            new ProjectId("heist"),
            new ProjectId("heist-promo"),
            new ProjectId("docu"),
            new ProjectId("ads"),
            new ProjectId("music-video"));
    /** The users' grants; they overlap, and one names a project that has no index. */
    private static final List<Set<ProjectId>> GRANTS = List.of(
            Set.of(),
            Set.of(PROJECTS.get(0)),
            Set.of(PROJECTS.get(0), PROJECTS.get(1)),
            Set.of(PROJECTS.get(1), PROJECTS.get(2)),
            Set.of(PROJECTS.get(2), PROJECTS.get(3), PROJECTS.get(4)),
            Set.of(PROJECTS.get(0), PROJECTS.get(2), PROJECTS.get(4)),
            Set.of(PROJECTS.get(3)),
            Set.copyOf(PROJECTS),
            Set.of(PROJECTS.get(4), new ProjectId("never-indexed")));

    private static final List<String> FACETS = List.of("camera", "codec", "fps", "resolution", "tag");
    private static final List<String> SHARED_TAGS =
            List.of("interview", "exterior", "interior", "night", "drone", "broll", "closeup", "wide", "pickup");
    private static final String[][] CAMERAS = {
        {"ARRI", "ALEXA Mini LF", "prores", "3840", "2160"},
        {"ARRI", "ALEXA 35", "arriraw", "4608", "3164"},
        {"Sony", "VENICE 2", "xavc", "1920", "1080"},
        {"RED", "KOMODO 6K", "r3d", "6144", "3240"},
        {"Blackmagic Design", "URSA Mini Pro 12K", "braw", "6144", "3456"}
    };
    private static final FrameRate[] RATES = {
        FrameRate.FPS_23_976, FrameRate.FPS_24, FrameRate.FPS_25, FrameRate.FPS_29_97, FrameRate.FPS_50
    };

    @TempDir
    static Path temp;

    private static CatalogIndex catalog;
    private static final List<Manifest> ALL = new ArrayList<>();
    private static final List<String> REELS = new ArrayList<>();
    private static final List<String> TAGS = new ArrayList<>(SHARED_TAGS);

    @BeforeAll
    static void indexFiveProjects() {
        Random r = new Random(SEED);
        for (int i = 1; i <= 12; i++) {
            REELS.add(String.format(Locale.ROOT, "A%03d", i));
        }
        for (int pi = 0; pi < PROJECTS.size(); pi++) {
            // Each project also has values nobody else has: a reel, a tag, a camera serial.
            REELS.add(ownReel(pi));
            TAGS.add("secret-" + PROJECTS.get(pi).value());
        }
        catalog = CatalogIndex.open(temp.resolve("index"));
        for (int pi = 0; pi < PROJECTS.size(); pi++) {
            ProjectId p = PROJECTS.get(pi);
            for (int n = 0; n < 120; n++) {
                Manifest m = asset(r, p, pi, n);
                ALL.add(m);
                catalog.upsert(m);
            }
        }
        catalog.refresh();
    }

    @AfterAll
    static void close() {
        catalog.close();
    }

    private static String ownReel(int projectIndex) {
        return "ZR" + projectIndex + "X";
    }

    private static Manifest asset(Random r, ProjectId p, int projectIndex, int n) {
        String reel = r.nextInt(10) < 7 ? REELS.get(r.nextInt(12)) : ownReel(projectIndex);
        String name = String.format(
                Locale.ROOT,
                "%sC%03d_2311%02d_R%s",
                reel,
                r.nextInt(40),
                1 + r.nextInt(28),
                Integer.toString(36 * 36 + r.nextInt(36 * 36 * 35), 36).toUpperCase(Locale.ROOT));
        String[] cam = CAMERAS[r.nextInt(CAMERAS.length)];
        FrameRate rate = RATES[r.nextInt(RATES.length)];
        Set<String> tags = new LinkedHashSet<>();
        for (int t = r.nextInt(4); t > 0; t--) {
            tags.add(SHARED_TAGS.get(r.nextInt(SHARED_TAGS.size())));
        }
        if (r.nextInt(5) == 0) {
            tags.add("secret-" + p.value());
        }
        Map<String, String> meta = new HashMap<>();
        if (!tags.isEmpty()) {
            meta.put("tags", String.join(", ", tags));
        }
        meta.put("scene", Integer.toString(1 + r.nextInt(30)));
        boolean df = rate.supportsDropFrame() && r.nextBoolean();
        Timecode tc = Timecode.fromFrames(r.nextInt(20 * 3600 * 24), rate, df);
        String path = "/cards/day0" + (1 + r.nextInt(5)) + "/" + reel + "/" + name + ".mov";
        MediaInfo media = new MediaInfo(
                path,
                "mov",
                rate,
                24 + r.nextInt(5000),
                tc,
                reel,
                new VideoInfo(cam[2], Integer.parseInt(cam[3]), Integer.parseInt(cam[4])),
                List.of(new AudioStream("pcm_s24le", 1 + r.nextInt(8), 48000, 24)),
                false,
                new MediaInfo.Camera(cam[0], cam[1], "SN-" + projectIndex + "-" + r.nextInt(3)),
                List.of());
        return new Manifest(
                Manifest.SCHEMA_VERSION,
                1,
                new AssetId(String.format(Locale.ROOT, "%s-asset-%04d", p.value(), n)),
                p,
                name,
                path,
                media,
                new Checksums("00", null),
                List.of(),
                meta,
                Instant.parse("2026-05-03T09:00:00Z").plusSeconds(r.nextInt(86_400 * 10)));
    }

    // ---- the model: what a query must find, computed from the manifests alone -----------------

    /** A generated query: its text, and which assets it matches (second argument: the typo-tolerant retry). */
    private record Generated(String text, BiPredicate<Manifest, Boolean> matches, boolean hasRetry) {}

    private static Set<Manifest> expected(Generated q, Set<ProjectId> readable) {
        List<Manifest> visible =
                ALL.stream().filter(m -> readable.contains(m.project())).toList();
        Set<Manifest> exact =
                visible.stream().filter(m -> q.matches().test(m, false)).collect(Collectors.toSet());
        if (!exact.isEmpty() || !q.hasRetry()) {
            return exact;
        }
        return visible.stream().filter(m -> q.matches().test(m, true)).collect(Collectors.toSet());
    }

    private static boolean keyword(String value, String wanted, boolean lenient) {
        if (value == null) {
            return false;
        }
        String v = value.toLowerCase(Locale.ROOT);
        String w = wanted.toLowerCase(Locale.ROOT);
        return v.equals(w) || (lenient && osa(v, w) <= editsFor(w));
    }

    private static int editsFor(String word) {
        return word.length() <= 2 ? 0 : word.length() <= 5 ? 1 : 2;
    }

    /** Optimal string alignment distance: insert, delete, substitute, swap neighbours. */
    private static int osa(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    private static Set<String> tagsOf(Manifest m) {
        return AssetDocument.tags(m.metadata());
    }

    /** The words free text searches: name, file, path, reel, camera, codec, tags, metadata values. */
    private static List<String> words(Manifest m) {
        MediaInfo x = m.media();
        StringBuilder all = new StringBuilder();
        all.append(m.name())
                .append(' ')
                .append(m.originalPath())
                .append(' ')
                .append(x.reel())
                .append(' ');
        all.append(x.camera().make()).append(' ').append(x.camera().model()).append(' ');
        all.append(x.camera().serial()).append(' ').append(x.video().codec()).append(' ');
        m.metadata().values().forEach(v -> all.append(v).append(' '));
        List<String> out = new ArrayList<>();
        for (String w : all.toString().toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    private static boolean freeWord(Manifest m, String word) {
        for (String t : words(m)) {
            if (t.equals(word)
                    || (word.length() >= 2 && t.startsWith(word))
                    || (editsFor(word) > 0 && osa(t, word) <= editsFor(word))) {
                return true;
            }
        }
        return false;
    }

    private static String typo(Random r, String word) {
        if (word.length() < 4 || r.nextBoolean()) {
            return word;
        }
        int i = 1 + r.nextInt(word.length() - 2);
        return switch (r.nextInt(3)) {
            case 0 -> word.substring(0, i) + word.substring(i + 1); // drop a letter
            case 1 -> word.substring(0, i) + word.charAt(i + 1) + word.charAt(i) + word.substring(i + 2); // swap
            default -> word.substring(0, i) + 'x' + word.substring(i + 1); // wrong letter
        };
    }

    private static <T> T any(Random r, List<T> xs) {
        return xs.get(r.nextInt(xs.size()));
    }

    private static Generated generate(Random r) {
        List<String> codecs = List.of("prores", "arriraw", "xavc", "r3d", "braw");
        List<String> freeWords = new ArrayList<>(
                TAGS.stream().filter(t -> !t.startsWith("secret")).toList());
        freeWords.addAll(List.of("alexa", "venice", "komodo", "ursa", "secret", "heist", "docu", "music"));
        return switch (r.nextInt(9)) {
            case 0 -> {
                String reel = typo(r, any(r, REELS));
                yield new Generated(
                        "reel:" + reel, (m, len) -> keyword(m.media().reel(), reel, len), true);
            }
            case 1 -> {
                String tag = typo(r, any(r, TAGS));
                yield new Generated(
                        "tag:" + tag, (m, len) -> tagsOf(m).stream().anyMatch(t -> keyword(t, tag, len)), true);
            }
            case 2 -> {
                String prefix = any(r, REELS).substring(0, 1 + r.nextInt(3));
                yield new Generated(
                        "reel:" + prefix + "*",
                        (m, len) ->
                                m.media().reel().toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT)),
                        false);
            }
            case 3 -> {
                String word = typo(r, any(r, freeWords));
                yield new Generated(word, (m, len) -> freeWord(m, word), false);
            }
            case 4 -> {
                String a = typo(r, any(r, freeWords));
                String b = any(r, freeWords);
                yield new Generated(a + " " + b, (m, len) -> freeWord(m, a) && freeWord(m, b), false);
            }
            case 5 -> {
                String codec = any(r, codecs);
                String tag = any(r, TAGS);
                yield new Generated(
                        "codec:" + codec + " -tag:" + tag,
                        (m, len) -> keyword(m.media().video().codec(), codec, len)
                                && tagsOf(m).stream().noneMatch(t -> keyword(t, tag, len)),
                        true);
            }
            case 6 -> {
                String reel = any(r, REELS);
                String tag = any(r, TAGS);
                yield new Generated(
                        "reel:" + reel + " OR tag:" + tag,
                        (m, len) -> keyword(m.media().reel(), reel, len)
                                || tagsOf(m).stream().anyMatch(t -> keyword(t, tag, len)),
                        true);
            }
            case 7 -> {
                FrameRate rate = RATES[r.nextInt(RATES.length)];
                yield new Generated(
                        "fps:" + rate.toDecimalString(),
                        (m, len) -> m.media().frameRate().equals(rate),
                        false);
            }
            default -> new Generated("", (m, len) -> true, false);
        };
    }

    private static Map<String, List<FacetCount>> expectedFacets(Set<Manifest> hits, List<String> facets) {
        Map<String, List<FacetCount>> out = new HashMap<>();
        for (String f : facets) {
            Map<String, Long> counts = new HashMap<>();
            for (Manifest m : hits) {
                MediaInfo x = m.media();
                List<String> values =
                        switch (f) {
                            case "camera" ->
                                List.of(x.camera().make() + " " + x.camera().model());
                            case "codec" -> List.of(x.video().codec());
                            case "fps" -> List.of(x.frameRate().toDecimalString());
                            case "resolution" ->
                                List.of(x.video().width() + "x" + x.video().height());
                            default -> List.copyOf(tagsOf(m));
                        };
                values.forEach(v -> counts.merge(v, 1L, Long::sum));
            }
            out.put(
                    f,
                    counts.entrySet().stream()
                            .map(e -> new FacetCount(e.getKey(), e.getValue()))
                            .sorted(Comparator.comparingLong(FacetCount::count)
                                    .reversed()
                                    .thenComparing(FacetCount::value))
                            .limit(50)
                            .toList());
        }
        return out;
    }

    // ---- the checks ---------------------------------------------------------------------------

    @Test
    void randomSearchesShowExactlyWhatTheReadableProjectsHold() {
        Random r = new Random(SEED + 1);
        for (int i = 0; i < 2500; i++) {
            Generated q = generate(r);
            Set<ProjectId> readable = any(r, GRANTS);
            List<String> facets = FACETS.stream().filter(f -> r.nextBoolean()).toList();
            int pageSize = 1 + r.nextInt(40);
            String what = "query #" + i + " '" + q.text() + "' over " + readable;

            SearchResult first = catalog.search(new SearchRequest(q.text(), readable, pageSize, null, facets));
            Set<Manifest> expected = expected(q, readable);
            Set<String> expectedIds = ids(expected);
            assertEquals(expected.size(), first.total(), what);
            assertEquals(Math.min(pageSize, expected.size()), first.hits().size(), what);
            for (AssetHit h : first.hits()) {
                assertTrue(readable.contains(h.project()), what + ": hit of " + h.project());
                assertTrue(expectedIds.contains(h.assetId().value()), what + ": unexpected hit " + h.assetId());
            }
            assertEquals(expectedFacets(expected, facets), first.facets(), what);
        }
    }

    @Test
    void pageWalksCoverExactlyTheReadableHitsAndTokensDoNotTravel() {
        Random r = new Random(SEED + 2);
        for (int i = 0; i < 300; i++) {
            Generated q = generate(r);
            Set<ProjectId> readable = any(r, GRANTS);
            SearchRequest request = new SearchRequest(q.text(), readable, 1 + r.nextInt(25), null, List.of("tag"));
            String what = "walk #" + i + " '" + q.text() + "' over " + readable;
            List<String> seen = new ArrayList<>();
            String token = null;
            do {
                SearchResult page = catalog.search(request.nextPage(token));
                page.hits().forEach(h -> seen.add(h.assetId().value()));
                token = page.nextPageToken();
                if (token != null) {
                    replayElsewhere(r, request, token, what);
                }
            } while (token != null);
            assertEquals(seen.size(), new HashSet<>(seen).size(), what + ": a hit came twice");
            assertEquals(ids(expected(q, readable)), new HashSet<>(seen), what);
        }
    }

    /** A token replayed by a user with other grants, or for another query, is refused and shows nothing. */
    private static void replayElsewhere(Random r, SearchRequest request, String token, String what) {
        Set<ProjectId> other;
        do {
            other = any(r, GRANTS);
        } while (other.equals(request.readable()));
        SearchRequest stolen = new SearchRequest(request.query(), other, request.pageSize(), token, List.of("tag"));
        GatewayException e = assertThrows(GatewayException.class, () -> catalog.search(stolen), what);
        assertEquals(Reason.INVALID_ARGUMENT, e.reason(), what);
        SearchRequest widened =
                new SearchRequest(request.query() + " ", request.readable(), request.pageSize(), token, List.of());
        assertEquals(
                Reason.INVALID_ARGUMENT,
                assertThrows(GatewayException.class, () -> catalog.search(widened), what)
                        .reason(),
                what);
    }

    @Test
    void suggestionsComeOnlyFromReadableProjects() {
        Random r = new Random(SEED + 3);
        List<String> values = new ArrayList<>();
        ALL.forEach(m -> values.addAll(suggestable(m)));
        for (int i = 0; i < 1500; i++) {
            String value = any(r, values);
            String prefix = value.substring(0, 1 + r.nextInt(Math.min(5, value.length())));
            if (r.nextBoolean()) {
                prefix = prefix.toLowerCase(Locale.ROOT);
            }
            Set<ProjectId> readable = any(r, GRANTS);
            int max = 1 + r.nextInt(15);
            assertEquals(
                    expectedSuggestions(prefix, readable, max),
                    catalog.suggest(prefix, readable, max),
                    "suggest #" + i + " '" + prefix + "' over " + readable);
        }
    }

    private static List<String> suggestable(Manifest m) {
        List<String> out = new ArrayList<>(List.of(m.name(), m.media().reel()));
        out.addAll(tagsOf(m));
        return out;
    }

    private static List<String> expectedSuggestions(String prefix, Set<ProjectId> readable, int max) {
        String p = prefix.toLowerCase(Locale.ROOT);
        TreeMap<String, String> byKey = new TreeMap<>();
        ALL.stream()
                .filter(m -> readable.contains(m.project()))
                .flatMap(m -> suggestable(m).stream())
                .filter(v -> v.toLowerCase(Locale.ROOT).startsWith(p))
                .forEach(v -> byKey.put(v.toLowerCase(Locale.ROOT), v));
        return byKey.values().stream().limit(max).toList();
    }

    private static Set<String> ids(Set<Manifest> manifests) {
        return manifests.stream().map(m -> m.assetId().value()).collect(Collectors.toSet());
    }
}
