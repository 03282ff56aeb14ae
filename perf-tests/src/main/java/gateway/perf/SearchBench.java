package gateway.perf;

import gateway.index.CatalogIndex;
import gateway.index.SearchRequest;
import gateway.index.SearchResult;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.Query;

/**
 * Search at scale: 1,000,000 synthetic camera originals (100,000 with {@code quick}) in four project
 * indexes under the work dir, built once and reused. Reports the indexing rate of
 * {@link CatalogIndex#upsert} and the p50 / p99 latency of a query mix (free text, a typo, a prefix,
 * a field term with facets, a field pair, timecode coverage, a second page) through
 * {@link CatalogIndex#search}, against the same queries built by hand and run straight on Lucene
 * over the same folders ({@link SearchRawLucene}). Ours and raw alternate query by query.
 */
public final class SearchBench {
    private static final int PAGE = 20;
    private static final int INDEX_THREADS = 2;

    private final Path work;
    private final boolean quick;
    private final long assets;

    public SearchBench(Path workDir, boolean quick) {
        this.work = workDir;
        this.quick = quick;
        this.assets = quick ? 100_000 : 1_000_000;
    }

    /** {@code java ... gateway.perf.SearchBench [--quick] [--work DIR]}: runs the bench and prints its rows. */
    public static void main(String[] argv) throws Exception {
        List<String> args = Arrays.asList(argv);
        int w = args.indexOf("--work");
        Path work = w >= 0 && w + 1 < args.size() ? Path.of(args.get(w + 1)) : Path.of(".gateway", "bench");
        List<BenchRow> rows = new SearchBench(work, args.contains("--quick")).run();
        System.out.println();
        System.out.println(BenchRow.header());
        rows.forEach(r -> System.out.println(r.format()));
    }

    /** One query of the mix: the catalogue's text and the same query for raw Lucene. */
    private record Probe(String label, SearchRequest ours, Query raw, FieldDoc rawAfter, Map<String, String> facets) {}

    public List<BenchRow> run() throws IOException, InterruptedException {
        Path root = work.resolve("search-index-" + assets);
        buildIfMissing(root);
        Set<ProjectId> all = Set.copyOf(SearchAssets.PROJECTS);
        List<Path> dirs =
                SearchAssets.PROJECTS.stream().map(p -> root.resolve(p.value())).toList();
        try (CatalogIndex catalog = CatalogIndex.open(root, null, Duration.ofSeconds(5));
                SearchRawLucene raw = new SearchRawLucene(dirs)) {
            List<Probe> mix = mix(catalog, raw, all);
            int rounds = quick ? 3 : 5;
            int reps = quick ? 20 : 30;
            measure(catalog, raw, mix, reps, false); // warm-up: JIT, page cache, query cache
            double[][] ours = new double[2][rounds];
            double[][] peer = new double[2][rounds];
            for (int r = 0; r < rounds; r++) {
                double[] p = measure(catalog, raw, mix, reps, r == rounds - 1);
                ours[0][r] = p[0];
                ours[1][r] = p[1];
                peer[0][r] = p[2];
                peer[1][r] = p[3];
                System.out.printf(
                        Locale.ROOT,
                        "  round %d: ours p50 %.2f ms p99 %.2f ms; raw lucene p50 %.2f ms p99 %.2f ms%n",
                        r + 1,
                        p[0] * 1e3,
                        p[1] * 1e3,
                        p[2] * 1e3,
                        p[3] * 1e3);
            }
            String n = quick ? "100k" : "1M";
            return List.of(
                    new BenchRow(
                            "search p50 (" + n + " assets, query mix)",
                            "lucene",
                            ours[0],
                            peer[0],
                            "<= 1.2, p99 <= 20 ms"),
                    new BenchRow(
                            "search p99 (" + n + " assets, query mix)",
                            "lucene",
                            ours[1],
                            peer[1],
                            "<= 1.2, <= 20 ms"));
        }
    }

    /**
     * Runs the mix {@code reps} times, ours and raw alternating query by query (both must count the
     * same hits); returns p50 ours, p99 ours, p50 raw, p99 raw in seconds. {@code perQuery} prints
     * each query's p50 and worst.
     */
    private static double[] measure(
            CatalogIndex catalog, SearchRawLucene raw, List<Probe> mix, int reps, boolean perQuery) throws IOException {
        Map<String, List<Double>> byLabel = new LinkedHashMap<>();
        List<Double> ours = new ArrayList<>();
        List<Double> peer = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            for (Probe q : mix) {
                long t0 = System.nanoTime();
                SearchResult r = catalog.search(q.ours());
                long t1 = System.nanoTime();
                SearchRawLucene.Page page = raw.search(q.raw(), PAGE, q.rawAfter(), q.facets());
                long t2 = System.nanoTime();
                if (r.total() != page.total()
                        || r.hits().size() != page.manifests().size()) {
                    throw new GatewayException(
                            Reason.INTERNAL,
                            "bench query " + q.label() + ": ours found " + r.total() + ", raw lucene " + page.total());
                }
                ours.add((t1 - t0) / 1e9);
                peer.add((t2 - t1) / 1e9);
                byLabel.computeIfAbsent(q.label(), k -> new ArrayList<>()).add((t1 - t0) / 1e9);
                byLabel.computeIfAbsent(q.label() + " [raw]", k -> new ArrayList<>())
                        .add((t2 - t1) / 1e9);
            }
        }
        if (perQuery) {
            byLabel.forEach((label, xs) -> System.out.printf(
                    Locale.ROOT,
                    "    %-36s p50 %7.2f ms  worst %7.2f ms%n",
                    label,
                    percentile(xs, 0.5) * 1e3,
                    percentile(xs, 1.0) * 1e3));
        }
        return new double[] {
            percentile(ours, 0.50), percentile(ours, 0.99), percentile(peer, 0.50), percentile(peer, 0.99)
        };
    }

    private static double percentile(List<Double> xs, double q) {
        double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int i = (int) Math.ceil(q * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))];
    }

    private static List<Probe> mix(CatalogIndex catalog, SearchRawLucene raw, Set<ProjectId> all) throws IOException {
        List<FrameRate> rates = List.of(
                FrameRate.FPS_23_976,
                FrameRate.FPS_24,
                FrameRate.FPS_25,
                FrameRate.FPS_29_97,
                FrameRate.FPS_50,
                FrameRate.FPS_59_94);
        Map<String, String> facetFields = new LinkedHashMap<>();
        facetFields.put("camera", "facet_camera");
        facetFields.put("fps", "facet_fps");
        facetFields.put("tag", "facet_tag");
        List<Probe> mix = new ArrayList<>();
        mix.add(probe("free text 'interview'", "interview", all, SearchRawLucene.freeText("interview")));
        mix.add(probe("typo 'intervew'", "intervew", all, SearchRawLucene.freeText("intervew")));
        mix.add(probe("prefix 'A012C0*'", "A012C0*", all, SearchRawLucene.prefixText("a012c0")));
        mix.add(new Probe(
                "codec:prores + 3 facets",
                new SearchRequest("codec:prores", all, PAGE, null, List.of("camera", "fps", "tag")),
                SearchRawLucene.keyword("codec_lc", "prores"),
                null,
                facetFields));
        mix.add(probe(
                "camera:alexa tag:night",
                "camera:alexa tag:night",
                all,
                SearchRawLucene.cameraAndTag("alexa", "night")));
        mix.add(probe("tc:14:03:10:00", "tc:14:03:10:00", all, SearchRawLucene.coversTimecode(14, 3, 10, 0, rates)));
        // The second page of a reel: ours replays the first page's token, raw Lucene searches after its last hit.
        SearchRequest reel = new SearchRequest("reel:B123", all, PAGE, null, List.of());
        String token = catalog.search(reel).nextPageToken();
        Query rawReel = SearchRawLucene.keyword("reel_lc", "b123");
        FieldDoc after = raw.search(rawReel, PAGE, null, Map.of()).last();
        mix.add(new Probe("reel:B123 page 2", reel.nextPage(token), rawReel, after, Map.of()));
        return mix;
    }

    private static Probe probe(String label, String text, Set<ProjectId> all, Query raw) {
        return new Probe(label, new SearchRequest(text, all, PAGE, null, List.of()), raw, null, Map.of());
    }

    // ---- the index --------------------------------------------------------------------------

    private void buildIfMissing(Path root) throws IOException, InterruptedException {
        Path marker = root.resolve("built.txt");
        if (Files.isRegularFile(marker)) {
            System.out.println(
                    "search: reusing " + root + " (" + Files.readString(marker).trim() + ")");
            return;
        }
        deleteTree(root);
        System.out.printf(Locale.ROOT, "search: indexing %,d synthetic assets into %s ...%n", assets, root);
        long t0 = System.nanoTime();
        try (CatalogIndex catalog = CatalogIndex.open(root, null, Duration.ofSeconds(30))) {
            ExecutorService pool = Executors.newFixedThreadPool(INDEX_THREADS);
            try {
                List<Future<?>> parts = new ArrayList<>();
                for (int t = 0; t < INDEX_THREADS; t++) {
                    long from = assets * t / INDEX_THREADS;
                    long to = assets * (t + 1) / INDEX_THREADS;
                    parts.add(pool.submit(() -> {
                        for (long n = from; n < to; n++) {
                            catalog.upsert(SearchAssets.manifest(n));
                        }
                    }));
                }
                for (Future<?> f : parts) {
                    f.get();
                }
            } catch (java.util.concurrent.ExecutionException e) {
                throw new GatewayException(Reason.INTERNAL, "indexing the bench assets failed: " + e.getCause(), e);
            } finally {
                pool.shutdown();
            }
            catalog.commit();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        String line = String.format(
                Locale.ROOT,
                "%,d assets indexed in %.1f s: %,.0f assets/s (goal >= 20,000/s)",
                assets,
                seconds,
                assets / seconds);
        System.out.println("search: " + line);
        Files.writeString(marker, line + "\n", StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
