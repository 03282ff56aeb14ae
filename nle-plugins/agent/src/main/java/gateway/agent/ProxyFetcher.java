package gateway.agent;

import gateway.client.FetchResult;
import gateway.client.GatewayClient;
import gateway.model.asset.AssetId;
import gateway.model.asset.Checksums;
import gateway.model.asset.Manifest;
import gateway.model.asset.Rendition;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Brings one rendition into the cache: asks the server for the asset, downloads the rendition to
 * its stable path through the SDK (resumable, every chunk verified), checks the whole file against
 * the manifest's XXH64, records it (and the asset in the catalogue kept for offline search), and
 * evicts down to the budget. Two requests for the same
 * rendition wait for each other (threads of this JVM on a lock, other processes on a file lock),
 * so the second finds it cached.
 */
public final class ProxyFetcher {
    /**
     * @param entry the cache entry; {@code entry.file(root)} is the stable path
     * @param alreadyCached true when nothing was downloaded
     * @param resumedFromBytes bytes an earlier, interrupted download had left
     * @param evicted what was evicted to stay within the budget
     */
    public record Outcome(
            CacheEntry entry, Path path, boolean alreadyCached, long resumedFromBytes, List<CacheEntry> evicted) {
        public Outcome {
            evicted = List.copyOf(evicted);
        }
    }

    private final ProxyCache cache;
    private final long maxCacheBytes;
    private final LinkRate linkRate;
    private final CatalogueCache catalogue;
    /** JVM-wide, like the file locks it guards: one download per cache root and rendition. */
    private static final Map<String, ReentrantLock> IN_FLIGHT = new ConcurrentHashMap<>();

    /** {@code maxCacheBytes} 0 means no budget. */
    public ProxyFetcher(ProxyCache cache, long maxCacheBytes) {
        if (maxCacheBytes < 0) {
            throw GatewayException.invalid("cache budget " + maxCacheBytes + " bytes must not be negative");
        }
        this.cache = cache;
        this.maxCacheBytes = maxCacheBytes;
        this.linkRate = new LinkRate(cache.root());
        this.catalogue = new CatalogueCache(cache.root());
    }

    /** The link rate the downloads measured. */
    LinkRate linkRate() {
        return linkRate;
    }

    public ProxyCache cache() {
        return cache;
    }

    @SuppressWarnings("try") // the download lock is held for the block
    public Outcome fetch(GatewayClient client, AssetId assetId, String profile) {
        StableName.requireProfile(profile);
        ReentrantLock lock = IN_FLIGHT.computeIfAbsent(
                cache.root() + "|" + CacheEntry.keyOf(assetId, profile), k -> new ReentrantLock());
        lock.lock();
        try (ProxyCache.DownloadLock held = cache.lockDownload(assetId, profile)) {
            var cached = cache.use(assetId, profile);
            if (cached.isPresent()) {
                return new Outcome(cached.get(), cached.get().file(cache.root()), true, 0, List.of());
            }
            Manifest manifest = client.getAsset(assetId.value());
            remember(manifest);
            Rendition rendition = renditionOf(manifest, profile);
            Path target = stablePath(manifest, profile);
            long started = System.nanoTime();
            FetchResult result = client.fetch(assetId.value(), profile, target);
            linkRate.record(
                    result.sizeBytes() - result.resumedFromBytes(),
                    Duration.ofNanos(System.nanoTime() - started),
                    cache.clock().instant());
            CacheEntry entry = cache.record(assetId, manifest.project(), profile, result.path());
            String expected = expectedXxh64(rendition);
            if (expected != null && !expected.equalsIgnoreCase(entry.xxh64())) {
                cache.remove(assetId, profile);
                throw new GatewayException(
                        Reason.CORRUPT,
                        "asset " + assetId + " rendition " + profile + " arrived with xxh64 " + entry.xxh64()
                                + " but the manifest says " + expected + "; the file was deleted");
            }
            List<CacheEntry> evicted =
                    maxCacheBytes > 0 ? cache.evictToBudget(maxCacheBytes, Set.of(entry.key())) : List.of();
            return new Outcome(entry, result.path(), false, result.resumedFromBytes(), evicted);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Keeps what the gateway said of an asset in the cache's catalogue ({@link CatalogueCache}), so
     * search and asset look-ups find what was made local while the gateway is unreachable.
     */
    void remember(Manifest manifest) {
        catalogue.put(AssetJson.of(manifest));
    }

    /** The stable path of a rendition of an asset as the server describes it, cached or not. */
    public Path stablePath(Manifest manifest, String profile) {
        return cache.stablePath(
                manifest.project(), manifest.originalPath(), manifest.name(), manifest.assetId(), profile);
    }

    private static Rendition renditionOf(Manifest manifest, String profile) {
        return manifest.rendition(profile)
                .orElseThrow(() -> new GatewayException(
                        Reason.FAILED_PRECONDITION,
                        "asset " + manifest.assetId() + " (" + manifest.name() + ") has no '" + profile
                                + "' rendition yet; it has "
                                + manifest.renditions().stream()
                                        .map(Rendition::profile)
                                        .toList()));
    }

    private static String expectedXxh64(Rendition rendition) {
        Checksums sums = rendition.checksums();
        return sums == null || sums.xxh64() == null || sums.xxh64().isBlank() ? null : sums.xxh64();
    }
}
