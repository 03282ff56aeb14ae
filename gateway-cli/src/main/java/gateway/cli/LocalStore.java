package gateway.cli;

import gateway.index.CatalogIndex;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.UsageStore;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.server.catalog.UsageFeed;
import gateway.server.config.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The local store opened in-process, for commands run without {@code --server}. A running node
 * holds the index's write lock; then the command says so and points at {@code --server}.
 */
final class LocalStore implements AutoCloseable {
    final Path dir;
    final ManifestStore manifests;
    final CatalogIndex index;
    final UsageStore usage;

    private LocalStore(Path dir, ManifestStore manifests, CatalogIndex index, UsageStore usage) {
        this.dir = dir;
        this.manifests = manifests;
        this.index = index;
        this.usage = usage;
    }

    /** Records a conformed sequence for the "used in" index of this store (no other node to tell). */
    UsageFeed usageFeed() {
        return new UsageFeed(usage, manifests, index, (project, asset) -> {}, Clock.systemUTC());
    }

    /** The store in {@code dir}; its index in {@code nodeDir} when given ({@code store.node-dir}), else in the store. */
    static LocalStore open(Path dir, Path nodeDir, boolean mustExist) {
        StoreConfig store = new StoreConfig(dir, nodeDir);
        Path abs = store.dir();
        if (mustExist && !Files.isDirectory(abs)) {
            throw GatewayException.notFound(
                    "no store at " + abs + " (run ./gateway demo first, or give --store DIR or --server HOST:PORT)");
        }
        try {
            ManifestStore manifests = new ManifestStore(abs);
            UsageStore usage = new UsageStore(abs);
            CatalogIndex index =
                    CatalogIndex.open(store.indexDir(), manifests, CatalogIndex.DEFAULT_REFRESH, usage::sequencesUsing);
            return new LocalStore(abs, manifests, index, usage);
        } catch (GatewayException e) {
            if (String.valueOf(e.getMessage()).toLowerCase().contains("lock")) {
                throw new GatewayException(
                        Reason.FAILED_PRECONDITION,
                        "the store at " + abs + " is in use by a running node; talk to it with --server HOST:PORT",
                        e);
            }
            throw e;
        }
    }

    @Override
    public void close() {
        index.close();
    }
}
