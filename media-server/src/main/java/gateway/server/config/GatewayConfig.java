package gateway.server.config;

import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The node's configuration. Keys are public API (see README "Configuration"): one section per
 * module, the unit in the key, every default defined here once, validated at start with an error
 * that names the key.
 */
public record GatewayConfig(
        String host,
        int httpPort,
        int grpcPort,
        Path storeDir,
        String clusterName,
        int clusterPort,
        List<String> clusterMembers,
        int localWorkers,
        Duration jobTimeoutMin,
        int jobTimeoutPerMediaSecond,
        FrameRate probeDefaultTimecodeRate,
        Duration accessTokenTtl,
        Security security,
        Duration jobLease,
        Duration jobPoll,
        List<WatchFolder> watchFolders,
        List<Path> ingestRoots,
        Duration finishedJobTtl,
        Duration catalogReconcileInterval) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final int DEFAULT_GRPC_PORT = 9090;
    public static final String DEFAULT_STORE = "data";
    /** ingest.lease-s: how long a claimed job stays with its worker without a renewal. */
    public static final Duration DEFAULT_JOB_LEASE = Duration.ofSeconds(30);
    /** ingest.poll-ms: how often an idle claimer looks for claimable jobs. */
    public static final Duration DEFAULT_JOB_POLL = Duration.ofMillis(1000);
    /** catalog.reconcile-interval-s: how often a node reconciles its indexes with the store (0: only at start). */
    public static final Duration DEFAULT_CATALOG_RECONCILE = Duration.ofMinutes(10);
    /** jobs.finished-ttl-s: how long a finished job (done or quarantined) stays on the job board. */
    public static final Duration DEFAULT_FINISHED_JOB_TTL = Duration.ofHours(24);

    public GatewayConfig {
        requirePort("server.http-port", httpPort);
        requirePort("server.grpc-port", grpcPort);
        requirePort("cluster.port", clusterPort);
        if (localWorkers < 0 || localWorkers > 64) {
            throw GatewayException.invalid("config key ingest.local-workers must be 0-64, not " + localWorkers);
        }
        if (accessTokenTtl.isNegative() || accessTokenTtl.compareTo(Duration.ofMinutes(15)) > 0) {
            throw GatewayException.invalid("config key auth.access-token-ttl-s must be 1-900 seconds");
        }
        if (jobLease.compareTo(Duration.ofSeconds(1)) < 0 || jobLease.compareTo(Duration.ofMinutes(10)) > 0) {
            throw GatewayException.invalid(
                    "config key ingest.lease-s must be 1-600 seconds, not " + jobLease.toSeconds());
        }
        if (jobPoll.toMillis() < 50 || jobPoll.compareTo(Duration.ofMinutes(1)) > 0) {
            throw GatewayException.invalid("config key ingest.poll-ms must be 50-60000, not " + jobPoll.toMillis());
        }
        if (security == null) {
            security = Security.defaults();
        }
        if (!security.tls() && !isLoopback(host)) {
            throw GatewayException.invalid("config key server.tls.enabled is false but server.host " + host
                    + " is not a loopback address: plaintext is allowed on loopback only");
        }
        storeDir = storeDir.toAbsolutePath().normalize();
        clusterMembers = List.copyOf(clusterMembers);
        watchFolders = List.copyOf(watchFolders == null ? List.of() : watchFolders);
        ingestRoots = ingestRoots == null
                ? List.of()
                : ingestRoots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        if (catalogReconcileInterval == null) {
            catalogReconcileInterval = DEFAULT_CATALOG_RECONCILE;
        }
        if (catalogReconcileInterval.isNegative() || catalogReconcileInterval.compareTo(Duration.ofDays(7)) > 0) {
            throw GatewayException.invalid("config key catalog.reconcile-interval-s must be 0-604800 seconds, not "
                    + catalogReconcileInterval.toSeconds());
        }
        if (finishedJobTtl == null) {
            finishedJobTtl = DEFAULT_FINISHED_JOB_TTL;
        }
        if (finishedJobTtl.toSeconds() < 1 || finishedJobTtl.compareTo(Duration.ofDays(365)) > 0) {
            throw GatewayException.invalid(
                    "config key jobs.finished-ttl-s must be 1-31536000 seconds, not " + finishedJobTtl.toSeconds());
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
        return defaults().withStore(store).withPorts(0, 0, 5701).withCluster(name + "-" + UUID.randomUUID(), 5701);
    }

    /** Loads a YAML file; missing keys take their defaults. */
    public static GatewayConfig load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw GatewayException.invalid("config file " + file + " does not exist or is not a file");
        }
        return from(Config.just(ConfigSources.file(file)));
    }

    static GatewayConfig from(Config c) {
        try {
            return new GatewayConfig(
                    c.get("server.host").asString().orElse(DEFAULT_HOST),
                    c.get("server.http-port").asInt().orElse(DEFAULT_HTTP_PORT),
                    c.get("server.grpc-port").asInt().orElse(DEFAULT_GRPC_PORT),
                    Path.of(c.get("store.dir").asString().orElse(DEFAULT_STORE)),
                    c.get("cluster.name").asString().orElse("gateway"),
                    c.get("cluster.port").asInt().orElse(5701),
                    c.get("cluster.members").asList(String.class).orElse(List.of("127.0.0.1")),
                    c.get("ingest.local-workers").asInt().orElse(1),
                    Duration.ofSeconds(c.get("ingest.job-timeout-min-s").asInt().orElse(120)),
                    c.get("ingest.job-timeout-per-media-s").asInt().orElse(20),
                    FrameRate.parse(
                            c.get("probe.default-timecode-rate").asString().orElse("25/1")),
                    Duration.ofSeconds(c.get("auth.access-token-ttl-s").asInt().orElse(900)),
                    security(c),
                    Duration.ofSeconds(c.get("ingest.lease-s").asInt().orElse((int) DEFAULT_JOB_LEASE.toSeconds())),
                    Duration.ofMillis(c.get("ingest.poll-ms").asInt().orElse((int) DEFAULT_JOB_POLL.toMillis())),
                    watchFolders(c.get("ingest.watch-folders")),
                    c.get("ingest.roots").asList(String.class).orElse(List.of()).stream()
                            .map(Path::of)
                            .toList(),
                    Duration.ofSeconds(
                            c.get("jobs.finished-ttl-s").asLong().orElse(DEFAULT_FINISHED_JOB_TTL.toSeconds())),
                    Duration.ofSeconds(c.get("catalog.reconcile-interval-s")
                            .asLong()
                            .orElse(DEFAULT_CATALOG_RECONCILE.toSeconds())));
        } catch (io.helidon.config.ConfigException e) {
            throw GatewayException.invalid("configuration error: " + e.getMessage());
        }
    }

    public GatewayConfig withStore(Path dir) {
        Copy c = new Copy(this);
        c.storeDir = dir;
        return c.build();
    }

    public GatewayConfig withPorts(int http, int grpc, int cluster) {
        Copy c = new Copy(this);
        c.httpPort = http;
        c.grpcPort = grpc;
        c.clusterPort = cluster;
        return c.build();
    }

    /** The same configuration in another cluster (tests and side-by-side nodes must not join each other). */
    public GatewayConfig withCluster(String name, int port) {
        Copy c = new Copy(this);
        c.clusterName = name;
        c.clusterPort = port;
        return c.build();
    }

    /**
     * The same configuration with other job-queue settings: {@code workers} claimers in this process,
     * a lease of {@code lease} (renewed while a job runs), a look for claimable jobs every {@code poll}.
     */
    public GatewayConfig withIngest(int workers, Duration lease, Duration poll) {
        Copy c = new Copy(this);
        c.localWorkers = workers;
        c.jobLease = lease;
        c.jobPoll = poll;
        return c.build();
    }

    public GatewayConfig withSecurity(Security s) {
        Copy c = new Copy(this);
        c.security = s;
        return c.build();
    }

    /** Plaintext gRPC and HTTP, allowed on a loopback host only (tests and local tools). */
    public GatewayConfig withPlaintextOnLoopback() {
        return withSecurity(security.withTlsDisabled());
    }

    /** The same configuration with these watch folders ({@code ingest.watch-folders}). */
    public GatewayConfig withWatchFolders(List<WatchFolder> folders) {
        Copy c = new Copy(this);
        c.watchFolders = folders;
        return c.build();
    }

    /**
     * The same configuration with these ingest roots ({@code ingest.roots}: the folders ingest
     * requests may name; empty = any path).
     */
    public GatewayConfig withIngestRoots(List<Path> roots) {
        Copy c = new Copy(this);
        c.ingestRoots = roots;
        return c.build();
    }

    /** The same configuration keeping finished jobs on the job board for {@code ttl} ({@code jobs.finished-ttl-s}). */
    public GatewayConfig withFinishedJobTtl(Duration ttl) {
        Copy c = new Copy(this);
        c.finishedJobTtl = ttl;
        return c.build();
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
                c.get("auth.scrypt-log2-n").asInt().orElse(d.scryptLog2N()));
    }

    /** Whether {@code host} names this machine's loopback interface (resolved once, at start). */
    public static boolean isLoopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    public Path assetsDir() {
        return storeDir.resolve("assets");
    }

    public Path indexDir() {
        return storeDir.resolve("index");
    }

    public Path securityDir() {
        return storeDir.resolve("security");
    }

    /** A job's time-out grows with the media's duration. */
    public Duration jobTimeout(long mediaSeconds) {
        return jobTimeoutMin.plusSeconds(Math.max(0, mediaSeconds) * jobTimeoutPerMediaSecond);
    }

    private static void requirePort(String key, int port) {
        if (port < 0 || port > 65535) {
            throw GatewayException.invalid(
                    "config key " + key + " must be a port 0-65535 (0 = any free port), not " + port);
        }
    }

    /** A mutable copy for the withers: one place lists every component. */
    private static final class Copy {
        private String host;
        private int httpPort;
        private int grpcPort;
        private Path storeDir;
        private String clusterName;
        private int clusterPort;
        private List<String> clusterMembers;
        private int localWorkers;
        private Duration jobTimeoutMin;
        private int jobTimeoutPerMediaSecond;
        private FrameRate probeDefaultTimecodeRate;
        private Duration accessTokenTtl;
        private Security security;
        private Duration jobLease;
        private Duration jobPoll;
        private List<WatchFolder> watchFolders;
        private List<Path> ingestRoots;
        private Duration finishedJobTtl;
        private Duration catalogReconcileInterval;

        Copy(GatewayConfig c) {
            host = c.host;
            httpPort = c.httpPort;
            grpcPort = c.grpcPort;
            storeDir = c.storeDir;
            clusterName = c.clusterName;
            clusterPort = c.clusterPort;
            clusterMembers = c.clusterMembers;
            localWorkers = c.localWorkers;
            jobTimeoutMin = c.jobTimeoutMin;
            jobTimeoutPerMediaSecond = c.jobTimeoutPerMediaSecond;
            probeDefaultTimecodeRate = c.probeDefaultTimecodeRate;
            accessTokenTtl = c.accessTokenTtl;
            security = c.security;
            jobLease = c.jobLease;
            jobPoll = c.jobPoll;
            watchFolders = c.watchFolders;
            ingestRoots = c.ingestRoots;
            finishedJobTtl = c.finishedJobTtl;
            catalogReconcileInterval = c.catalogReconcileInterval;
        }

        GatewayConfig build() {
            return new GatewayConfig(
                    host,
                    httpPort,
                    grpcPort,
                    storeDir,
                    clusterName,
                    clusterPort,
                    clusterMembers,
                    localWorkers,
                    jobTimeoutMin,
                    jobTimeoutPerMediaSecond,
                    probeDefaultTimecodeRate,
                    accessTokenTtl,
                    security,
                    jobLease,
                    jobPoll,
                    watchFolders,
                    ingestRoots,
                    finishedJobTtl,
                    catalogReconcileInterval);
        }
    }
}
