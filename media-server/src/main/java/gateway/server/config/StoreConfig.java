package gateway.server.config;

import java.nio.file.Path;

/**
 * The media store (key {@code store.dir}): manifests and renditions, shared by a cluster's nodes
 * (one file system mounted at the same path on each), and the security files; and this node's own
 * Lucene indexes (key {@code store.index-dir}, default {@code <store.dir>/index}), which a node
 * derives from the manifests and never shares: nodes on one store each name their own.
 */
public record StoreConfig(Path dir, Path indexDir) {
    public static final String DEFAULT_DIR = "data";

    public StoreConfig {
        dir = dir.toAbsolutePath().normalize();
        indexDir = indexDir == null
                ? dir.resolve("index")
                : indexDir.toAbsolutePath().normalize();
    }

    /** The store in {@code dir}, its indexes in {@code dir/index}. */
    public StoreConfig(Path dir) {
        this(dir, null);
    }

    public static StoreConfig defaults() {
        return new StoreConfig(Path.of(DEFAULT_DIR));
    }

    public Path assetsDir() {
        return dir.resolve("assets");
    }

    public Path securityDir() {
        return dir.resolve("security");
    }
}
