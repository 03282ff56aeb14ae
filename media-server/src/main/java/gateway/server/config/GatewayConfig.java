package gateway.server.config;

import gateway.ingest.config.ClusterConfig;
import gateway.ingest.config.IngestConfig;
import gateway.ingest.config.WatchFolder;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import gateway.tiers.TiersConfig;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The node's configuration: one slice per concern, each component takes its slice. Keys are public
 * API (see README "Configuration"): the unit in the key, every default defined once in its slice,
 * validated at start with an error that names the key. Parsing YAML happens here only.
 */
public record GatewayConfig(
        ServerConfig server,
        StoreConfig store,
        ClusterConfig cluster,
        IngestConfig ingest,
        Security security,
        CatalogConfig catalog,
        TiersConfig tiers) {

    public GatewayConfig {
        if (security == null) {
            security = Security.defaults();
        }
        if (tiers == null) {
            tiers = TiersConfig.none();
        }
        if (!security.tls() && !isLoopback(server.host())) {
            throw GatewayException.invalid("config key server.tls.enabled is false but server.host " + server.host()
                    + " is not a loopback address: plaintext is allowed on loopback only");
        }
    }

    /** The embedded defaults: one node on loopback, store under ./data. */
    public static GatewayConfig defaults() {
        return from(Config.empty());
    }

    /**
     * A node that joins nobody: the defaults with its store in {@code store}, any free HTTP and gRPC
     * ports on loopback, and a cluster of its own (tests, benchmarks, side-by-side nodes).
     */
    public static GatewayConfig standalone(Path store, String name) {
        return defaults()
                .withStore(store)
                .withPorts(0, 0, ClusterConfig.DEFAULT_PORT)
                .withCluster(name + "-" + UUID.randomUUID(), ClusterConfig.DEFAULT_PORT);
    }

    /** Loads a YAML file; missing keys take their defaults. */
    public static GatewayConfig load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw GatewayException.invalid("config file " + file + " does not exist or is not a file");
        }
        return from(Config.just(ConfigSources.file(file)));
    }

    static GatewayConfig from(Config c) {
        ConfigUnits.check(c);
        try {
            ServerConfig sd = ServerConfig.defaults();
            ClusterConfig cd = ClusterConfig.defaults();
            IngestConfig id = IngestConfig.defaults();
            return new GatewayConfig(
                    new ServerConfig(
                            c.get("server.host").asString().orElse(sd.host()),
                            c.get("server.http-port").asInt().orElse(sd.httpPort()),
                            c.get("server.grpc-port").asInt().orElse(sd.grpcPort())),
                    new StoreConfig(
                            Path.of(c.get("store.dir").asString().orElse(StoreConfig.DEFAULT_DIR)),
                            c.get("store.node-dir").asString().map(Path::of).orElse(null)),
                    new ClusterConfig(
                            c.get("cluster.name").asString().orElse(cd.name()),
                            c.get("cluster.port").asInt().orElse(cd.port()),
                            c.get("cluster.members").asList(String.class).orElse(cd.members()),
                            c.get("cluster.kubernetes.service-dns").asString().orElse(""),
                            Duration.ofSeconds(
                                    c.get("cluster.max-clock-skew-s").asInt().orElse((int)
                                            cd.maxClockSkew().toSeconds()))),
                    new IngestConfig(
                            c.get("ingest.local-workers").asInt().orElse(id.localWorkers()),
                            Duration.ofSeconds(
                                    c.get("ingest.job-timeout-min-s").asInt().orElse((int)
                                            id.jobTimeoutMin().toSeconds())),
                            c.get("ingest.job-timeout-per-media-s").asInt().orElse(id.jobTimeoutPerMediaSecond()),
                            c.get("probe.default-timecode-rate")
                                    .asString()
                                    .map(FrameRate::parse)
                                    .orElse(id.probeDefaultTimecodeRate()),
                            Duration.ofSeconds(c.get("ingest.lease-s").asInt().orElse((int)
                                    id.jobLease().toSeconds())),
                            Duration.ofMillis(c.get("ingest.poll-ms").asInt().orElse((int)
                                    id.jobPoll().toMillis())),
                            watchFolders(c.get("ingest.watch-folders")),
                            c.get("ingest.roots").asList(String.class).orElse(List.of()).stream()
                                    .map(Path::of)
                                    .toList(),
                            Duration.ofSeconds(c.get("jobs.finished-ttl-s")
                                    .asLong()
                                    .orElse(id.finishedJobTtl().toSeconds())),
                            c.get("ingest.intake-mb-per-s").asInt().orElse(id.intakeMbPerSecond())),
                    security(c),
                    new CatalogConfig(Duration.ofSeconds(c.get("catalog.reconcile-interval-s")
                            .asLong()
                            .orElse(CatalogConfig.DEFAULT_RECONCILE.toSeconds()))),
                    TiersSection.read(c));
        } catch (io.helidon.config.ConfigException e) {
            throw GatewayException.invalid("configuration error: " + e.getMessage());
        }
    }

    /** The store in {@code dir}, its indexes in {@code dir/index}. */
    public GatewayConfig withStore(Path dir) {
        return new GatewayConfig(server, new StoreConfig(dir), cluster, ingest, security, catalog, tiers);
    }

    /** The same configuration with this node's own files (indexes, audit log) in {@code nodeDir} ({@code store.node-dir}). */
    public GatewayConfig withNodeDir(Path nodeDir) {
        return new GatewayConfig(
                server, new StoreConfig(store.dir(), nodeDir), cluster, ingest, security, catalog, tiers);
    }

    /**
     * The store in {@code dir} (shared with other nodes) and this node's own files (its indexes, audit
     * log, TLS default) in {@code nodeDir}.
     */
    public GatewayConfig withStore(Path dir, Path nodeDir) {
        return new GatewayConfig(server, new StoreConfig(dir, nodeDir), cluster, ingest, security, catalog, tiers);
    }

    public GatewayConfig withPorts(int http, int grpc, int clusterPort) {
        return new GatewayConfig(
                new ServerConfig(server.host(), http, grpc),
                store,
                cluster.withPort(clusterPort),
                ingest,
                security,
                catalog,
                tiers);
    }

    /** The same configuration in another cluster (tests and side-by-side nodes must not join each other). */
    public GatewayConfig withCluster(String name, int port) {
        return new GatewayConfig(server, store, cluster.withName(name, port), ingest, security, catalog, tiers);
    }

    public GatewayConfig withIngest(IngestConfig slice) {
        return new GatewayConfig(server, store, cluster, slice, security, catalog, tiers);
    }

    /**
     * The same configuration with other job-queue settings: {@code workers} claimers in this process,
     * a lease of {@code lease} (renewed while a job runs), a look for claimable jobs every {@code poll}.
     */
    public GatewayConfig withIngest(int workers, Duration lease, Duration poll) {
        return withIngest(ingest.withWorkers(workers, lease, poll));
    }

    /** The same configuration with these storage tiers and policies (sections {@code tiers}, {@code tiers-policy}). */
    public GatewayConfig withTiers(TiersConfig t) {
        return new GatewayConfig(server, store, cluster, ingest, security, catalog, t);
    }

    public GatewayConfig withSecurity(Security s) {
        return new GatewayConfig(server, store, cluster, ingest, s, catalog, tiers);
    }

    /** Plaintext gRPC and HTTP, allowed on a loopback host only (tests and local tools). */
    public GatewayConfig withPlaintextOnLoopback() {
        return withSecurity(security.withTlsDisabled());
    }

    /** The same configuration with these watch folders ({@code ingest.watch-folders}). */
    public GatewayConfig withWatchFolders(List<WatchFolder> folders) {
        return withIngest(ingest.withWatchFolders(folders));
    }

    /** The same configuration with these ingest roots ({@code ingest.roots}; empty = any path). */
    public GatewayConfig withIngestRoots(List<Path> roots) {
        return withIngest(ingest.withIngestRoots(roots));
    }

    /** The same configuration keeping finished jobs on the job board for {@code ttl} ({@code jobs.finished-ttl-s}). */
    public GatewayConfig withFinishedJobTtl(Duration ttl) {
        return withIngest(ingest.withFinishedJobTtl(ttl));
    }

    /** {@code ingest.watch-folders: [{path, project, copy: false, settle-s: 10}]}. */
    private static List<WatchFolder> watchFolders(Config list) {
        if (!list.exists()) {
            return List.of();
        }
        return list.asNodeList().orElse(List.of()).stream()
                .map(n -> {
                    String path = n.get("path")
                            .asString()
                            .orElseThrow(() -> GatewayException.invalid(
                                    "config key ingest.watch-folders[].path is missing in " + n.key()));
                    String project = n.get("project")
                            .asString()
                            .orElseThrow(() -> GatewayException.invalid(
                                    "config key ingest.watch-folders[].project is missing for " + path));
                    if (!ProjectId.isValid(project)) {
                        throw GatewayException.invalid(
                                "config key ingest.watch-folders[].project '" + project + "' is not a project id");
                    }
                    return new WatchFolder(
                            Path.of(path),
                            new ProjectId(project),
                            n.get("copy").asBoolean().orElse(false),
                            Duration.ofSeconds(
                                    n.get("settle-s").asInt().orElse((int) WatchFolder.DEFAULT_SETTLE.toSeconds())));
                })
                .toList();
    }

    private static Security security(Config c) {
        Security d = Security.defaults();
        return new Security(
                c.get("server.tls.enabled").asBoolean().asOptional().orElse(null),
                c.get("server.tls.cert-file").asString().map(Path::of).orElse(null),
                c.get("server.tls.key-file").asString().map(Path::of).orElse(null),
                c.get("server.rate-limit.calls-per-s").asInt().orElse(d.callsPerSecond()),
                c.get("server.rate-limit.burst").asInt().orElse(d.callBurst()),
                c.get("auth.login-attempts-per-min").asInt().orElse(d.loginAttemptsPerMinute()),
                Duration.ofHours(c.get("auth.refresh-token-ttl-h").asInt().orElse((int)
                        d.refreshTokenTtl().toHours())),
                Duration.ofHours(c.get("auth.key-rotation-interval-h").asInt().orElse((int)
                        d.keyRotationInterval().toHours())),
                Duration.ofSeconds(
                        c.get("auth.revocation-check-interval-s").asInt().orElse((int)
                                d.revocationCheckInterval().toSeconds())),
                c.get("auth.scrypt-log2-n").asInt().orElse(d.scryptLog2N()),
                Duration.ofSeconds(c.get("auth.access-token-ttl-s").asInt().orElse((int)
                        d.accessTokenTtl().toSeconds())));
    }

    /** Whether {@code host} names this machine's loopback interface (resolved once, at start). */
    public static boolean isLoopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    static void requirePort(String key, int port) {
        if (port < 0 || port > 65535) {
            throw GatewayException.invalid(
                    "config key " + key + " must be a port 0-65535 (0 = any free port), not " + port);
        }
    }
}
