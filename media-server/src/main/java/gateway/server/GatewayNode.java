package gateway.server;

import com.hazelcast.topic.ITopic;
import gateway.index.CatalogIndex;
import gateway.index.Reconciliation;
import gateway.ingest.IngestCoordinator;
import gateway.ingest.IngestRoots;
import gateway.ingest.cluster.ClusterMember;
import gateway.ingest.cluster.StoreClaim;
import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.ProjectId;
import gateway.model.asset.UsageStore;
import gateway.model.error.GatewayException;
import gateway.model.storage.StorageTier;
import gateway.server.auth.ApiKeys;
import gateway.server.auth.AuditLog;
import gateway.server.auth.Authenticator;
import gateway.server.auth.Authoriser;
import gateway.server.auth.CallInfo;
import gateway.server.auth.CallRateLimit;
import gateway.server.auth.KeyRing;
import gateway.server.auth.ProjectRegistry;
import gateway.server.auth.RefreshTokens;
import gateway.server.auth.RevocationRegistry;
import gateway.server.auth.ScryptParams;
import gateway.server.auth.TokenService;
import gateway.server.auth.UserDirectory;
import gateway.server.catalog.Catalogue;
import gateway.server.catalog.UsageFeed;
import gateway.server.cluster.ClusterRevocations;
import gateway.server.config.GatewayConfig;
import gateway.server.config.Security;
import gateway.server.conform.ConformDesk;
import gateway.server.conform.Finishing;
import gateway.server.conform.FinishingRuns;
import gateway.server.conform.RestoreEgress;
import gateway.server.grpc.AuthInterceptor;
import gateway.server.grpc.GrpcServer;
import gateway.server.http.AdminEndpoints;
import gateway.server.http.ClusterEndpoints;
import gateway.server.http.ConformEndpoints;
import gateway.server.http.HttpEndpoints;
import gateway.server.http.IngestEndpoints;
import gateway.server.http.StreamEndpoints;
import gateway.server.http.TierEndpoints;
import gateway.server.ingest.AuthorisedIngest;
import gateway.server.ingest.JobEventLog;
import gateway.server.metrics.JobMeters;
import gateway.server.metrics.Metrics;
import gateway.server.metrics.NodeMeters;
import gateway.server.metrics.ReadinessProbe;
import gateway.server.tiers.OriginalTiers;
import gateway.server.tiers.TierDesk;
import gateway.server.tls.ServerCertificate;
import gateway.server.tls.ServerTls;
import io.helidon.common.tls.Tls;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One gateway node: the media store, the catalogue, an embedded Hazelcast member, the gRPC server
 * (grpc-java on Netty) and the HTTP server (Helidon) in one JVM. Media is decoded in worker
 * processes, never here.
 */
public final class GatewayNode implements AutoCloseable {
    private final GatewayConfig config;
    private final ManifestStore store;
    private final CatalogIndex index;
    private final ClusterMember cluster;
    private final StoreClaim storeClaim;
    private final ClusterRevocations revocationSync;
    private final UserDirectory users;
    private final AuditLog audit;
    private final Authenticator authenticator;
    private final Optional<ServerCertificate> tls;
    private final ScheduledExecutorService maintenance;
    private final Metrics metrics = new Metrics();
    private final UsageStore usage;
    private final IngestCoordinator ingest;
    private final GrpcServer grpc;
    private final ReadinessProbe readiness;
    private final JobMeters jobMeters;
    private final WebServer http;
    /** Job changes retained for event-stream clients that reconnect (Last-Event-ID). */
    private static final int JOB_EVENTS_RETAINED = 2000;

    private final AutoCloseable jobEventFeed;
    /** Storage tiers: demotion of originals to the object tier (empty when no tier is configured). */
    private final Optional<TierDesk> tierDesk;

    private volatile boolean ready;

    private GatewayNode(GatewayConfig config, Consumer<String> log) throws IOException {
        this.config = config;
        log.accept("store " + config.store().dir()
                + (config.store().nodeDir().equals(config.store().dir())
                        ? ""
                        : "; this node's indexes and audit log in "
                                + config.store().nodeDir()));
        // TLS first: a refused configuration stops the node before anything listens.
        this.tls = ServerTls.forConfig(config);
        this.tls.ifPresentOrElse(
                c -> log.accept("TLS certificate "
                        + c.leaf().getSubjectX500Principal().getName() + "; clients trust " + c.trustFile()),
                () -> log.accept("plaintext on loopback (server.tls.enabled: false)"));
        this.store = new ManifestStore(config.store().dir());
        this.usage = new UsageStore(config.store().dir());
        this.index = CatalogIndex.open(
                config.store().indexDir(), store, CatalogIndex.DEFAULT_REFRESH, usage::sequencesUsing);
        index.status()
                .repaired()
                .forEach(r -> log.accept("rebuilt the index of project " + r.project() + " (" + r.problem() + "): "
                        + r.assets() + " asset(s)"));
        reconcileIndex(log);
        log.accept("starting cluster member");
        try {
            this.cluster = ClusterMember.start(
                    config.cluster(), "gateway-" + UUID.randomUUID().toString().substring(0, 8));
        } catch (RuntimeException e) {
            closeQuietly(index::close);
            throw e;
        }
        try {
            // Before this node writes to the store: it must be the cluster's one shared store.
            this.storeClaim = StoreClaim.join(
                    cluster, config.store().dir(), config.cluster().name(), StoreClaim.DEFAULT_BEAT);
        } catch (RuntimeException e) {
            closeQuietly(cluster::close);
            closeQuietly(index::close);
            throw e;
        }
        log.accept("cluster " + config.cluster().name() + ": " + cluster.memberCount() + " member(s), this one "
                + cluster.address());
        Clock clock = Clock.systemUTC();
        Security sec = config.security();
        Path securityDir = config.store().securityDir();
        this.users = new UserDirectory(securityDir, ScryptParams.DEFAULT.withLog2N(sec.scryptLog2N()));
        KeyRing keys = new KeyRing(securityDir, clock);
        TokenService tokens = new TokenService(keys, config.security().accessTokenTtl(), clock);
        RevocationRegistry revocations = new RevocationRegistry(securityDir, clock);
        // Revoked on one node, refused by all: shared through the cluster, kept in each node's file.
        this.revocationSync =
                ClusterRevocations.join(cluster.hazelcast(), revocations, clock, sec.revocationCheckInterval());
        // Each line names the gRPC call or HTTP request it was made for (request, session, client).
        this.audit = new AuditLog(config.store().auditLog(), clock, () -> {
            CallInfo grpcCall = AuthInterceptor.callInfo();
            return grpcCall.isEmpty() ? HttpEndpoints.callInfo() : grpcCall;
        });
        this.authenticator = new Authenticator(
                users,
                tokens,
                new RefreshTokens(securityDir, sec.refreshTokenTtl(), clock),
                new ApiKeys(securityDir, clock),
                revocations,
                audit,
                new CallRateLimit(
                        "login attempts",
                        sec.loginAttemptsPerMinute() / 60.0,
                        sec.loginAttemptsPerMinute(),
                        System::nanoTime));
        this.maintenance = scheduleKeyRotation(
                keys, sec.keyRotationInterval(), config.security().accessTokenTtl(), log);
        scheduleReconcile(config.catalog().reconcileInterval(), log);
        Authoriser authoriser = new Authoriser(audit);
        ITopic<String> changes = cluster.hazelcast().getTopic("asset-changes");
        changes.addMessageListener(msg -> onAssetChanged(msg.getMessageObject()));
        UsageFeed usageFeed = new UsageFeed(
                usage,
                store,
                index,
                (project, asset) -> changes.publish(UsageFeed.CHANGE_PREFIX + project.value() + "/" + asset.value()),
                clock);
        Catalogue catalogue = new Catalogue(index, store, authoriser, metrics, usageFeed);
        Consumer<Manifest> indexed = m -> {
            index.upsert(m);
            index.commit();
            index.refresh();
            changes.publish(m.project().value() + "/" + m.assetId().value());
        };
        this.tierDesk =
                TierDesk.start(config.tiers(), config.store().dir(), store, usage, metrics, audit, clock, log, indexed);
        this.ingest = IngestCoordinator.clustered(config.ingest(), store, cluster, m -> {
            indexed.accept(m);
            tierDesk.ifPresent(d -> d.committed(m));
        });
        ingest.startWatching(config.ingest().watchFolders());
        int requeued = ingest.reconcile();
        if (requeued > 0) {
            log.accept("re-queued " + requeued + " ingest job(s) the store says are unfinished");
        }

        metrics.gauge("gateway_cluster_members", "Hazelcast members this node sees", cluster::memberCount);
        NodeMeters.register(metrics, tls, audit.file(), maintenance);
        AuthorisedIngest ingestRequests = new AuthorisedIngest(
                ingest,
                authoriser,
                audit,
                new IngestRoots(config.ingest().ingestRoots()),
                config.ingest().watchFolders());
        JobEventLog jobEvents = new JobEventLog(JOB_EVENTS_RETAINED);
        this.jobEventFeed = ingest.watchAll(jobEvents::append);
        metrics.gauge(
                "gateway_http_event_streams",
                "Job and cluster event streams (server-sent events) open on this node",
                jobEvents::subscriberCount);
        ConformDesk conforms = new ConformDesk(
                index,
                store,
                config.store().dir().resolve("tmp"),
                config.store().dir().resolve("conforms"),
                authoriser,
                Optional.of(usageFeed),
                new FinishingRuns(clock, Duration.ofHours(24)),
                tierDesk.map(d -> Finishing.inChildJvms(store)
                                .withOriginals(new OriginalTiers(
                                        d.tiers(), config.store().dir().resolve("restoring"))))
                        .orElseGet(() -> Finishing.inChildJvms(store)),
                tierDesk.<Function<Manifest, StorageTier>>map(d -> new OriginalTiers(d.tiers())::tierOf)
                        .orElseGet(() -> RestoreEgress.posixTiers()),
                metrics.histogram(
                        "gateway_conform_duration_seconds",
                        "How long a conform took to read, link and write an edit (consolidate and render not included)",
                        Metrics.WORK_BUCKETS_S,
                        "",
                        ""));
        this.grpc = GrpcServer.start(
                config.server(),
                config.security(),
                catalogue,
                conforms,
                store,
                ingestRequests,
                authenticator,
                tls,
                authoriser,
                metrics,
                audit);
        log.accept("gRPC on " + config.server().host() + ":" + grpc.port());
        // Readiness is a real health call to our own gRPC port, as a client would make it.
        this.readiness = new ReadinessProbe(
                ownAddress(config.server().host()),
                grpc.port(),
                tls.map(ServerCertificate::trustFile),
                tls.flatMap(ServerCertificate::dnsName),
                Duration.ofSeconds(2),
                Duration.ofMillis(1500),
                System::nanoTime,
                metrics);
        this.jobMeters = JobMeters.register(metrics, ingest.board(), this::framesCommitted);
        HttpEndpoints endpoints = new HttpEndpoints(catalogue, authenticator, metrics, new HttpEndpoints.NodeState() {
            @Override
            public String grpcAddress() {
                return config.server().host() + ":" + grpc.port();
            }

            @Override
            public String clusterSummary() {
                return cluster.memberCount() + " member(s), this one " + cluster.address();
            }

            @Override
            public boolean ready() {
                return ready && cluster.isRunning() && !grpc.isShutdown() && readiness.ready();
            }

            @Override
            public String storeDir() {
                return config.store().dir().toString();
            }
        });
        AdminEndpoints admin =
                new AdminEndpoints(authenticator, authoriser, new ProjectRegistry(securityDir, clock), audit);
        WebServerConfig.Builder web = WebServer.builder()
                .host(config.server().host())
                .port(config.server().httpPort())
                // Blocking sockets, not Helidon 4.4.0's default NIO sockets: their write ignores a
                // partial SocketChannel.write, so whenever a client reads slower than the node sends
                // (a browser whose media buffer is full), bytes vanish from the middle of a response
                // and the client waits forever for the rest (a <video> stopped ~40 s into a 60 s
                // clip). helidon-io/helidon#11340, fixed in 4.4.1. Guarded by SlowReaderRangeIT.
                .useNio(false)
                .routing(r -> {
                    endpoints.routing(r);
                    admin.routing(r);
                    new ClusterEndpoints(authenticator, audit, cluster::members, ingestRequests, jobEvents).routing(r);
                    new IngestEndpoints(authenticator, ingestRequests, jobEvents).routing(r);
                    new ConformEndpoints(authenticator, conforms).routing(r);
                    new StreamEndpoints(authenticator, catalogue, store, metrics).routing(r);
                    tierDesk.ifPresent(d -> new TierEndpoints(authenticator, authoriser, d).routing(r));
                });
        tls.ifPresent(c -> web.tls(Tls.builder().sslContext(c.sslContext()).build()));
        this.http = web.build().start();
        log.accept("HTTP on " + config.server().host() + ":" + http.port());
        this.ready = true;
    }

    public static GatewayNode start(GatewayConfig config, Consumer<String> log) {
        try {
            return new GatewayNode(config, log);
        } catch (IOException e) {
            throw GatewayException.io("cannot start the node: " + e.getMessage(), e);
        }
    }

    /** Brings every project index in line with the committed manifests (a node that missed events converges). */
    private void reconcileIndex(Consumer<String> log) {
        store.projects().forEach(usage::forget);
        for (ProjectId p : store.projects()) {
            Reconciliation r =
                    index.reconcile(p, store.list(p, problem -> log.accept("skipping: " + problem.getMessage())));
            if (r.upserted() + r.removed() > 0) {
                log.accept("project " + p + ": indexed " + r.upserted() + ", removed " + r.removed()
                        + " from the manifests");
            }
        }
        index.refresh();
    }

    private void onAssetChanged(String message) {
        boolean usageChanged = message.startsWith(UsageFeed.CHANGE_PREFIX);
        String key = usageChanged ? message.substring(UsageFeed.CHANGE_PREFIX.length()) : message;
        int slash = key.indexOf('/');
        if (slash < 0) {
            return;
        }
        ProjectId project = new ProjectId(key.substring(0, slash));
        if (usageChanged) {
            usage.forget(project); // another node recorded a sequence: re-read the project's usage records
        }
        // The store holds the latest committed version: upserting it is idempotent.
        try {
            store.read(project, new AssetId(key.substring(slash + 1))).ifPresent(index::upsert);
        } catch (GatewayException e) {
            System.getLogger(GatewayNode.class.getName())
                    .log(System.Logger.Level.WARNING, "cannot index changed asset " + key + ": " + e.getMessage());
        }
    }

    /** The frames of media of the asset a finished job committed, for the ingest throughput meter. */
    private long framesCommitted(gateway.ingest.jobs.Job job) {
        try {
            return store.read(job.spec().projectId(), job.spec().asset())
                    .map(m -> m.media().durationFrames())
                    .orElse(0L);
        } catch (GatewayException e) {
            return 0;
        }
    }

    public GatewayConfig config() {
        return config;
    }

    public int grpcPort() {
        return grpc.port();
    }

    public int httpPort() {
        return http.port();
    }

    public UserDirectory users() {
        return users;
    }

    /** Logins, tokens, API keys and revocation as this node applies them. */
    public Authenticator authenticator() {
        return authenticator;
    }

    /** The PEM file clients trust to reach this node over TLS; empty when it serves plaintext. */
    public Optional<Path> trustFile() {
        return tls.map(ServerCertificate::trustFile);
    }

    public Path auditLogFile() {
        return audit.file();
    }

    private static ScheduledExecutorService scheduleKeyRotation(
            KeyRing keys, Duration interval, Duration keepPrevious, Consumer<String> log) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gateway-maintenance");
            t.setDaemon(true);
            return t;
        });
        if (!interval.isZero()) {
            Runnable check = () -> {
                try {
                    if (keys.rotateIfOlderThan(interval, keepPrevious)) {
                        log.accept("rotated the token signing key (auth.key-rotation-interval-h)");
                    }
                } catch (GatewayException e) {
                    System.getLogger(GatewayNode.class.getName())
                            .log(System.Logger.Level.WARNING, "cannot rotate the signing key: " + e.getMessage());
                }
            };
            check.run();
            timer.scheduleWithFixedDelay(check, 1, 1, TimeUnit.HOURS);
        }
        return timer;
    }

    /**
     * Reconciles every project index against the manifests and usage records on the store every
     * {@code every} (catalog.reconcile-interval-s), so a node that missed change-feed events (a
     * partition, a restart of the feed) converges without a restart.
     */
    private void scheduleReconcile(Duration every, Consumer<String> log) {
        if (every.isZero()) {
            return;
        }
        maintenance.scheduleWithFixedDelay(
                () -> {
                    try {
                        reconcileIndex(log);
                    } catch (GatewayException e) {
                        System.getLogger(GatewayNode.class.getName())
                                .log(System.Logger.Level.WARNING, "periodic index reconcile failed: " + e.getMessage());
                    }
                },
                every.toMillis(),
                every.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The node's storage tiers and demotion jobs, when tiers are configured. */
    public Optional<TierDesk> tiers() {
        return tierDesk;
    }

    public IngestCoordinator ingest() {
        return ingest;
    }

    public CatalogIndex index() {
        return index;
    }

    public ManifestStore store() {
        return store;
    }

    public boolean isReady() {
        return ready;
    }

    /**
     * Stops taking new work before a shutdown: the gRPC health service answers NOT_SERVING, so
     * {@code /health/ready} turns 503 and load balancers move on; calls in progress go on.
     */
    public void drain() {
        grpc.setServing(false);
    }

    /** Where this node reaches its own gRPC port: its host, or loopback when it listens on every address. */
    private static String ownAddress(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.isBlank() ? "127.0.0.1" : host;
    }

    @Override
    public void close() {
        ready = false;
        closeQuietly(http::stop);
        closeQuietly(readiness::close);
        closeQuietly(jobMeters::close);
        closeQuietly(grpc::close);
        closeQuietly(jobEventFeed::close);
        closeQuietly(ingest::close);
        tierDesk.ifPresent(d -> closeQuietly(d::close));
        closeQuietly(revocationSync::close);
        closeQuietly(storeClaim::close);
        closeQuietly(cluster::close);
        closeQuietly(index::close);
        closeQuietly(maintenance::shutdownNow);
        closeQuietly(audit::close);
    }

    private static void closeQuietly(ThrowingRunnable r) {
        try {
            r.run();
        } catch (Exception e) {
            System.getLogger(GatewayNode.class.getName()).log(System.Logger.Level.WARNING, "shutdown step failed", e);
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
