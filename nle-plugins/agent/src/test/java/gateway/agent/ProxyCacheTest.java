package gateway.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.AssetId;
import gateway.model.asset.ProjectId;
import gateway.model.checksum.XxHash64;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyCacheTest {
    private static final ProjectId FEATURE = new ProjectId("feature_01");
    private static final ProjectId PROMO = new ProjectId("promo");

    @TempDir
    Path root;

    private final TestClock clock = new TestClock(Instant.parse("2026-11-21T09:00:00Z"));

    @Test
    void recordsSizeAndXxh64AndAnotherInstanceReadsThemBack() throws IOException {
        ProxyCache cache = new ProxyCache(root, clock);
        byte[] bytes = bytes(1, 100_000);
        CacheEntry entry = put(cache, FEATURE, id(1), bytes);

        assertEquals(100_000, entry.sizeBytes());
        assertEquals(XxHash64.hex(XxHash64.hash(bytes, 0, bytes.length, 0)), entry.xxh64());
        assertEquals(root.resolve("feature_01/clip1__00000001.mov"), entry.file(root));
        List<CacheEntry> reread = new ProxyCache(root, clock).entries();
        assertEquals(List.of(entry), reread);
        assertTrue(Files.readString(root.resolve("cache.json")).contains("\"xxh64\" : \"" + entry.xxh64() + "\""));
    }

    @Test
    void theIndexIsReplacedWholeSoAReaderNeverSeesAHalfWrittenFile() throws Exception {
        ProxyCache cache = new ProxyCache(root, clock);
        put(cache, FEATURE, id(1), bytes(1, 10));
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> writer = pool.submit(() -> {
                try {
                    for (int i = 0; i < 150; i++) {
                        cache.use(id(1), "edit");
                    }
                } finally {
                    writing.set(false);
                }
                return null;
            });
            Future<Integer> reader = pool.submit(() -> {
                int reads = 0;
                while (writing.get()) {
                    assertEquals(
                            1,
                            CacheIndex.read(root.resolve("cache.json"))
                                    .entries()
                                    .size());
                    reads++;
                }
                return reads;
            });
            writer.get(60, TimeUnit.SECONDS);
            assertTrue(reader.get(60, TimeUnit.SECONDS) > 0);
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> files = Files.list(root)) {
            assertEquals(
                    Set.of("cache.json", ".cache.lock", "feature_01"),
                    Set.copyOf(files.map(p -> p.getFileName().toString()).toList()),
                    "no temporary index files are left behind");
        }
    }

    @Test
    void concurrentRecordsAreAllKept() throws Exception {
        ProxyCache cache = new ProxyCache(root, clock);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                start.await();
                // Separate instances, as the serve daemon and a command line fetch would be.
                ProxyCache mine = new ProxyCache(root, clock);
                for (int i = 0; i < 15; i++) {
                    put(mine, FEATURE, id(thread * 100 + i), bytes(i, 10));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(60, cache.entries().size());
    }

    @Test
    void aCorruptIndexIsReportedNotSilentlyEmptied() throws IOException {
        Files.writeString(root.resolve("cache.json"), "{\"schema\": 1, \"entries\": [");
        GatewayException e = assertThrows(GatewayException.class, () -> new ProxyCache(root, clock).entries());
        assertEquals(Reason.CORRUPT, e.reason());
        assertTrue(e.getMessage().contains("cache.json"), e.getMessage());
    }

    @Test
    void verifyFindsAFlippedByteAndAMissingFileAndRemovesThem() throws IOException {
        ProxyCache cache = new ProxyCache(root, clock);
        CacheEntry good = put(cache, FEATURE, id(1), bytes(1, 50_000));
        CacheEntry flipped = put(cache, FEATURE, id(2), bytes(2, 50_000));
        CacheEntry missing = put(cache, PROMO, id(3), bytes(3, 50_000));
        byte[] content = Files.readAllBytes(flipped.file(root));
        content[25_000] ^= 0x40;
        Files.write(flipped.file(root), content);
        Files.delete(missing.file(root));

        VerifyReport report = cache.verify();

        assertEquals(3, report.checked());
        assertEquals(
                List.of(flipped.assetId(), missing.assetId()),
                report.problems().stream().map(p -> p.entry().assetId()).toList());
        assertTrue(
                report.problems().get(0).why().contains("hashes to xxh64"),
                report.problems().get(0).why());
        assertTrue(
                report.problems().get(1).why().contains("missing"),
                report.problems().get(1).why());
        assertFalse(Files.exists(flipped.file(root)), "the corrupt file is deleted");
        assertEquals(List.of(good), cache.entries());
        assertTrue(cache.verify().allGood());
    }

    @Test
    void evictsLeastRecentlyUsedFirstUntilWithinBudget() throws IOException {
        ProxyCache cache = new ProxyCache(root, clock);
        CacheEntry a = put(cache, FEATURE, id(1), bytes(1, 100));
        clock.advance(Duration.ofMinutes(1));
        CacheEntry b = put(cache, FEATURE, id(2), bytes(2, 100));
        clock.advance(Duration.ofMinutes(1));
        CacheEntry c = put(cache, FEATURE, id(3), bytes(3, 100));
        clock.advance(Duration.ofMinutes(1));
        assertTrue(cache.use(a.assetId(), "edit").isPresent()); // a is now the most recently used

        List<CacheEntry> evicted = cache.evictToBudget(200, Set.of());

        assertEquals(
                List.of(b.assetId()), evicted.stream().map(CacheEntry::assetId).toList());
        assertFalse(Files.exists(b.file(root)));
        assertEquals(Set.of(a.assetId(), c.assetId()), assetIds(cache.entries()));
        assertEquals(200, cache.totalBytes());
        assertEquals(List.of(), cache.evictToBudget(200, Set.of()), "already within budget");
    }

    @Test
    void neverEvictsAPinnedProjectOrWhatTheCallerKeeps() throws IOException {
        ProxyCache cache = new ProxyCache(root, clock);
        CacheEntry pinnedOldest = put(cache, PROMO, id(1), bytes(1, 100));
        clock.advance(Duration.ofMinutes(1));
        CacheEntry b = put(cache, FEATURE, id(2), bytes(2, 100));
        clock.advance(Duration.ofMinutes(1));
        CacheEntry justFetched = put(cache, FEATURE, id(3), bytes(3, 100));
        cache.pin(PROMO);

        List<CacheEntry> evicted = cache.evictToBudget(0, Set.of(justFetched.key()));

        assertEquals(
                List.of(b.assetId()), evicted.stream().map(CacheEntry::assetId).toList());
        assertEquals(Set.of(pinnedOldest.assetId(), justFetched.assetId()), assetIds(cache.entries()));
        assertEquals(Set.of("promo"), cache.pinnedProjects());
        cache.unpin(PROMO);
        assertEquals(
                List.of(pinnedOldest.assetId()),
                cache.evictToBudget(100, Set.of()).stream()
                        .map(CacheEntry::assetId)
                        .toList());
    }

    @Test
    void useForgetsAnEntryWhoseFileWasDeletedBehindItsBack() throws IOException {
        ProxyCache cache = new ProxyCache(root, clock);
        CacheEntry a = put(cache, FEATURE, id(1), bytes(1, 100));
        Files.delete(a.file(root));
        assertTrue(cache.find(a.assetId(), "edit").isEmpty());
        assertTrue(cache.use(a.assetId(), "edit").isEmpty());
        assertEquals(List.of(), cache.entries());
    }

    @Test
    void twoAssetsThatWouldShareANameGetDistinctPaths() throws IOException {
        ProxyCache cache = new ProxyCache(root, clock);
        AssetId first = new AssetId("abcdef12-0000-4000-8000-000000000001");
        AssetId second = new AssetId("abcdef12-0000-4000-8000-000000000002");
        Path one = cache.stablePath(FEATURE, "/cards/A/A001.mov", null, first, "edit");
        write(one, bytes(1, 10));
        cache.record(first, FEATURE, "edit", one);

        Path two = cache.stablePath(FEATURE, "/cards/B/A001.mov", null, second, "edit");

        assertEquals("A001__abcdef12.mov", one.getFileName().toString());
        assertEquals(
                "A001__abcdef12-0000-4000-8000-000000000002.mov",
                two.getFileName().toString());
        assertEquals(one, cache.stablePath(FEATURE, "/cards/A/A001.mov", null, first, "edit"), "stable for its owner");
    }

    @Test
    void aPinnedPlanKeepsItsAssetsWhenTheCacheGoesPastItsLimit() throws IOException {
        ProxyCache cache = new ProxyCache(root, clock);
        put(cache, FEATURE, id(1), bytes(1, 100));
        clock.advance(Duration.ofMinutes(1));
        put(cache, FEATURE, id(2), bytes(2, 100));
        cache.pinPlan("p-00000000000000aa", List.of(id(1), id(2), id(9)));
        clock.advance(Duration.ofMinutes(1));
        for (int n = 3; n <= 6; n++) {
            put(cache, FEATURE, id(n), bytes(n, 100));
            clock.advance(Duration.ofMinutes(1));
        }

        List<CacheEntry> evicted = cache.evictToBudget(250, Set.of());

        assertEquals(Set.of(id(3), id(4), id(5), id(6)), assetIds(evicted), "only what the plan does not name");
        assertEquals(Set.of(id(1), id(2)), assetIds(cache.entries()));
        assertTrue(Files.exists(cache.entries().get(0).file(root)));
        assertEquals(Set.of("p-00000000000000aa"), new ProxyCache(root, clock).pinnedPlans(), "kept in cache.json");
        put(cache, FEATURE, id(9), bytes(9, 100)); // named by the plan, cached after the pin
        assertEquals(List.of(), cache.evictToBudget(0, Set.of()), "a plan pins its assets cached later too");

        assertTrue(cache.unpinPlan("p-00000000000000aa"));
        assertEquals(3, cache.evictToBudget(0, Set.of()).size(), "unpinned, they go like any other");
    }

    private CacheEntry put(ProxyCache cache, ProjectId project, AssetId id, byte[] content) throws IOException {
        String n = Integer.toString(Integer.parseInt(id.value().substring(0, 8)));
        Path file = cache.stablePath(project, "/cards/clip" + n + ".mov", null, id, "edit");
        write(file, content);
        return cache.record(id, project, "edit", file);
    }

    private static void write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }

    private static AssetId id(int n) {
        return new AssetId(String.format("%08d-0000-4000-8000-000000000000", n));
    }

    private static byte[] bytes(int seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static Set<AssetId> assetIds(List<CacheEntry> entries) {
        return Set.copyOf(entries.stream().map(CacheEntry::assetId).toList());
    }
}
