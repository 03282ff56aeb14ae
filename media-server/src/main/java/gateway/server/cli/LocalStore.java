package gateway.server.cli;

import gateway.index.CatalogIndex;
import gateway.model.asset.ManifestStore;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The local store opened in-process, for commands run without {@code --server}. A running node
 * holds the index's write lock; then the command says so and points at {@code --server}.
 */
final class LocalStore implements AutoCloseable {
    final Path dir;
    final ManifestStore manifests;
    final CatalogIndex index;

    private LocalStore(Path dir, ManifestStore manifests, CatalogIndex index) {
        this.dir = dir;
        this.manifests = manifests;
        this.index = index;
    }

    static LocalStore open(Path dir, boolean mustExist) {
        Path abs = dir.toAbsolutePath().normalize();
        if (mustExist && !Files.isDirectory(abs)) {
            throw GatewayException.notFound(
                    "no store at " + abs + " (run ./gateway demo first, or give --store DIR or --server HOST:PORT)");
        }
        try {
            ManifestStore manifests = new ManifestStore(abs);
            return new LocalStore(abs, manifests, CatalogIndex.open(abs.resolve("index"), manifests));
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
