package gateway.server.config;

import java.nio.file.Path;

/**
 * The media store (key {@code store.dir}): manifests and renditions (shared by a cluster's nodes),
 * this node's indexes and its security files.
 */
public record StoreConfig(Path dir) {
    public static final String DEFAULT_DIR = "data";

    public StoreConfig {
        dir = dir.toAbsolutePath().normalize();
    }

    public static StoreConfig defaults() {
        return new StoreConfig(Path.of(DEFAULT_DIR));
    }

    public Path assetsDir() {
        return dir.resolve("assets");
    }

    public Path indexDir() {
        return dir.resolve("index");
    }

    public Path securityDir() {
        return dir.resolve("security");
    }
}
