package gateway.server.grpc;

import gateway.model.asset.ManifestStore;
import gateway.model.error.GatewayException;
import gateway.server.auth.AuditLog;
import gateway.server.auth.Authenticator;
import gateway.server.auth.Authoriser;
import gateway.server.auth.CallRateLimit;
import gateway.server.catalog.Catalogue;
import gateway.server.config.Security;
import gateway.server.config.ServerConfig;
import gateway.server.conform.ConformDesk;
import gateway.server.ingest.AuthorisedIngest;
import gateway.server.metrics.Metrics;
import gateway.server.tls.ServerCertificate;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.TlsServerCredentials;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC side of a node: grpc-java on Netty over TLS (plaintext only on loopback when configured
 * so) with explicit limits — message and metadata sizes, concurrent calls per connection,
 * keep-alive, idle connections, RST floods, and a per-principal call rate — every service behind
 * the authentication and error interceptors, plus standard health and reflection.
 */
public final class GrpcServer implements AutoCloseable {
    private final Server server;
    private final HealthStatusManager health;
    private final AuthInterceptor auth;

    private GrpcServer(Server server, HealthStatusManager health, AuthInterceptor auth) {
        this.server = server;
        this.health = health;
        this.auth = auth;
    }

    public static GrpcServer start(
            ServerConfig listen,
            Security sec,
            Catalogue catalogue,
            ConformDesk conforms,
            ManifestStore store,
            AuthorisedIngest ingest,
            Authenticator authenticator,
            Optional<ServerCertificate> tls,
            Authoriser authoriser,
            Metrics metrics,
            AuditLog audit) {
        AuthInterceptor auth = new AuthInterceptor(
                authenticator,
                audit,
                new CallRateLimit("calls", sec.callsPerSecond(), sec.callBurst(), System::nanoTime),
                sec.revocationCheckInterval());
        ErrorInterceptor errors = new ErrorInterceptor();
        HealthStatusManager health = new HealthStatusManager();
        InetSocketAddress address = new InetSocketAddress(listen.host(), listen.grpcPort());
        NettyServerBuilder b = tls.map(c -> NettyServerBuilder.forAddress(
                        address,
                        TlsServerCredentials.newBuilder()
                                .keyManager(c.keyManagers())
                                .build()))
                .orElseGet(() -> NettyServerBuilder.forAddress(address))
                .maxInboundMessageSize(64 * 1024 * 1024)
                .maxInboundMetadataSize(16 * 1024)
                .maxConcurrentCallsPerConnection(256)
                .permitKeepAliveTime(20, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .keepAliveTime(60, TimeUnit.SECONDS)
                .keepAliveTimeout(20, TimeUnit.SECONDS)
                .maxConnectionIdle(30, TimeUnit.MINUTES)
                .maxRstFramesPerWindow(200, 10)
                .addService(health.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance());
        List<BindableService> services = List.of(
                new AuthGrpcService(authenticator),
                new CatalogGrpcService(catalogue),
                new StreamGrpcService(catalogue, store, metrics, audit),
                new IngestGrpcService(ingest),
                new ConformGrpcService(conforms));
        for (BindableService s : services) {
            // The last interceptor runs first: authenticate, then map errors.
            b.addService(ServerInterceptors.intercept(s, errors, auth));
        }
        try {
            Server server = b.build().start();
            health.setStatus("", HealthCheckResponse.ServingStatus.SERVING);
            return new GrpcServer(server, health, auth);
        } catch (IOException e) {
            throw GatewayException.io(
                    "cannot listen for gRPC on " + listen.host() + ":"
                            + listen.grpcPort() + " (" + e.getMessage()
                            + "); is another node running? set server.grpc-port",
                    e);
        }
    }

    public int port() {
        return server.getPort();
    }

    /**
     * What the standard health service answers: SERVING, or NOT_SERVING while the node drains (load
     * balancers and readiness probes stop sending new work; calls in progress go on).
     */
    public void setServing(boolean serving) {
        health.setStatus(
                "",
                serving ? HealthCheckResponse.ServingStatus.SERVING : HealthCheckResponse.ServingStatus.NOT_SERVING);
    }

    public boolean isShutdown() {
        return server.isShutdown();
    }

    @Override
    public void close() throws InterruptedException {
        health.enterTerminalState();
        server.shutdown();
        if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
            server.shutdownNow();
        }
        auth.close();
    }
}
