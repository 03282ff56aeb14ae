package gateway.server;

import com.hazelcast.topic.ITopic;
import gateway.index.CatalogIndex;
import gateway.index.Reconciliation;
import gateway.model.asset.AssetId;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.server.auth.AuditLog;
import gateway.server.auth.Authoriser;
import gateway.server.auth.TokenService;
import gateway.server.auth.UserDirectory;
import gateway.server.catalog.Catalogue;
import gateway.server.cluster.ClusterMember;
import gateway.server.config.GatewayConfig;
import gateway.server.grpc.GrpcServer;
import gateway.server.http.HttpEndpoints;
import gateway.server.ingest.IngestCoordinator;
import gateway.server.ingest.JobStatus;
import gateway.server.ingest.WorkerProcess;
import gateway.server.metrics.Metrics;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Consumer;

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
    private final UserDirectory users;
    private final AuditLog audit;
    private final Metrics metrics = new Metrics();
    private final IngestCoordinator ingest;
    private final GrpcServer grpc;
    private final WebServer http;
    private volatile boolean ready;

    private GatewayNode(GatewayConfig config, Consumer<String> log) throws IOException {
        this.config = config;
        log.accept("store " + config.storeDir());
        this.store = new ManifestStore(config.storeDir());
        this.index = CatalogIndex.open(config.indexDir(), store);
        reconcileIndex(log);
        log.accept("starting cluster member");
        this.cluster = ClusterMember.start(
                config, "gateway-" + UUID.randomUUID().toString().substring(0, 8));
        this.users = new UserDirectory(config.securityDir());
        TokenService tokens = new TokenService(
                TokenService.loadOrCreateKey(config.securityDir()), config.accessTokenTtl(), Clock.systemUTC());
        this.audit = new AuditLog(config.securityDir().resolve("audit.log"), Clock.systemUTC());
        Authoriser authoriser = new Authoriser(audit);
        Catalogue catalogue = new Catalogue(index, store, authoriser, metrics);

        ITopic<String> changes = cluster.hazelcast().getTopic("asset-changes");
        changes.addMessageListener(msg -> onAssetChanged(msg.getMessageObject()));
        this.ingest = new IngestCoordinator(
                config,
                store,
                WorkerProcess.likeThisJvm(),
                cluster.hazelcast().<String, JobStatus>getMap("ingest-jobs"),
                m -> {
                    index.upsert(m);
                    index.commit();
                    index.refresh();
                    changes.publish(m.project().value() + "/" + m.assetId().value());
                });

        metrics.gauge("gateway_cluster_members", "Hazelcast members this node sees", cluster::memberCount);
        this.grpc = GrpcServer.start(config, catalogue, index, store, ingest, users, tokens, authoriser, metrics);
        log.accept("gRPC on " + config.host() + ":" + grpc.port());
        HttpEndpoints endpoints = new HttpEndpoints(catalogue, tokens, users, metrics, new HttpEndpoints.NodeState() {
            @Override
            public String grpcAddress() {
                return config.host() + ":" + grpc.port();
            }

            @Override
            public String clusterSummary() {
                return cluster.memberCount() + " member(s), this one " + cluster.address();
            }

            @Override
            public boolean ready() {
                return ready && cluster.isRunning() && !grpc.isShutdown();
            }

            @Override
            public String storeDir() {
                return config.storeDir().toString();
            }
        });
        this.http = WebServer.builder()
                .host(config.host())
                .port(config.httpPort())
                .routing(endpoints::routing)
                .build()
                .start();
        log.accept("HTTP on " + config.host() + ":" + http.port());
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
        index.status()
                .repaired()
                .forEach(r -> log.accept("rebuilt the index of project " + r.project() + " (" + r.problem() + "): "
                        + r.assets() + " asset(s)"));
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

    private void onAssetChanged(String key) {
        int slash = key.indexOf('/');
        if (slash < 0) {
            return;
        }
        ProjectId project = new ProjectId(key.substring(0, slash));
        // The store holds the latest committed version: upserting it is idempotent.
        try {
            store.read(project, new AssetId(key.substring(slash + 1))).ifPresent(index::upsert);
        } catch (GatewayException e) {
            System.getLogger(GatewayNode.class.getName())
                    .log(System.Logger.Level.WARNING, "cannot index changed asset " + key + ": " + e.getMessage());
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

    @Override
    public void close() {
        ready = false;
        closeQuietly(http::stop);
        closeQuietly(grpc::close);
        closeQuietly(ingest::close);
        closeQuietly(cluster::close);
        closeQuietly(index::close);
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
