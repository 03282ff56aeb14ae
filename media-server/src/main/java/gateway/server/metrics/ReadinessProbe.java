package gateway.server.metrics;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Readiness as a client sees it: a real {@code grpc.health.v1.Health/Check} call to the node's own
 * gRPC port, over TLS trusting the node's own certificate when it serves TLS, with a short
 * deadline. The answer is kept for {@code cacheFor}, so a storm of probes costs one call per
 * interval; concurrent probes wait for the one call in flight rather than making their own.
 */
public final class ReadinessProbe implements AutoCloseable {
    private final ManagedChannel channel;
    private final Duration deadline;
    private final long cacheNanos;
    private final LongSupplier nanoTime;
    private final Metrics.Counter checks;
    private long checkedAt;
    private boolean cached;
    private boolean hasAnswer;

    public ReadinessProbe(
            String host,
            int port,
            Optional<Path> trustFile,
            Duration deadline,
            Duration cacheFor,
            LongSupplier nanoTime,
            Metrics metrics) {
        this(host, port, trustFile, Optional.empty(), deadline, cacheFor, nanoTime, metrics);
    }

    /**
     * As above, checking the certificate against {@code certificateName} rather than {@code host}:
     * a node reaches itself on loopback, which an admin's certificate (made for the names clients
     * use) seldom names.
     */
    public ReadinessProbe(
            String host,
            int port,
            Optional<Path> trustFile,
            Optional<String> certificateName,
            Duration deadline,
            Duration cacheFor,
            LongSupplier nanoTime,
            Metrics metrics) {
        ChannelCredentials credentials;
        try {
            credentials = trustFile.isPresent()
                    ? TlsChannelCredentials.newBuilder()
                            .trustManager(trustFile.get().toFile())
                            .build()
                    : InsecureChannelCredentials.create();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the node's trust file " + trustFile.get(), e);
        }
        var builder = Grpc.newChannelBuilderForAddress(host, port, credentials);
        certificateName.ifPresent(builder::overrideAuthority);
        this.channel = builder.build();
        // Connect (TLS handshake included) now, so the first probe's deadline covers only the call.
        channel.getState(true);
        this.deadline = deadline;
        this.cacheNanos = cacheFor.toNanos();
        this.nanoTime = nanoTime;
        this.checks = metrics.counter("gateway_readiness_checks_total", "gRPC health checks made by /health/ready");
    }

    /** True when the node answered SERVING within the deadline (now or within the cache interval). */
    public synchronized boolean ready() {
        long now = nanoTime.getAsLong();
        if (hasAnswer && now - checkedAt < cacheNanos) {
            return cached;
        }
        cached = check();
        checkedAt = nanoTime.getAsLong();
        hasAnswer = true;
        return cached;
    }

    private boolean check() {
        checks.inc();
        try {
            HealthCheckResponse r = HealthGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                    .check(HealthCheckRequest.getDefaultInstance());
            return r.getStatus() == HealthCheckResponse.ServingStatus.SERVING;
        } catch (StatusRuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
