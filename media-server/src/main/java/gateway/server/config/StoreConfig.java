package gateway.server.config;

import java.nio.file.Path;

/**
 * The media store and this node's own files (keys {@code store.dir}, {@code store.node-dir}).
 *
 * <p>{@code store.dir} holds what every node of a cluster shares: manifests and renditions
 * ({@code assets/}), usage records, originals taken in by copy, and the security files all nodes
 * must agree on ({@code security/}: users, projects, token signing keys, refresh tokens, API keys,
 * revocations; each changed under a file lock). {@code store.node-dir} holds what is this node's
 * alone: its Lucene indexes ({@code index/}, derived, rebuilt from the manifests), its audit log
 * ({@code security/audit.log}, one hash chain per writer) and its self-signed TLS default
 * ({@code security/tls/}). On one machine both are the same folder (the default).
 *
 * @param dir {@code store.dir}: the shared store
 * @param nodeDir {@code store.node-dir}: this node's own files; default {@code store.dir}
 */
public record StoreConfig(Path dir, Path nodeDir) {
    public static final String DEFAULT_DIR = "data";

    public StoreConfig {
        dir = dir.toAbsolutePath().normalize();
        nodeDir = nodeDir == null ? dir : nodeDir.toAbsolutePath().normalize();
    }

    /** One machine: the node's own files in the store. */
    public StoreConfig(Path dir) {
        this(dir, null);
    }

    public static StoreConfig defaults() {
        return new StoreConfig(Path.of(DEFAULT_DIR));
    }

    public Path assetsDir() {
        return dir.resolve("assets");
    }

    /** This node's Lucene indexes, one per project. */
    public Path indexDir() {
        return nodeDir.resolve("index");
    }

    /** The security files every node shares (the audit log and TLS default are per node: see below). */
    public Path securityDir() {
        return dir.resolve("security");
    }

    /** This node's hash-chained audit log. */
    public Path auditLog() {
        return nodeDir.resolve("security").resolve("audit.log");
    }

    /** Where this node keeps its self-signed certificate when none is configured. */
    public Path tlsDir() {
        return nodeDir.resolve("security").resolve("tls");
    }
}
