package gateway.server.metrics;

import gateway.server.auth.AuditChainWatch;
import gateway.server.tls.ServerCertificate;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What an admin's alerts watch on the node itself: when the certificate it serves TLS with expires,
 * and whether its audit log's hash chain still verifies (followed every {@link #AUDIT_CHECK_S}
 * seconds, reading only the lines appended since the last check).
 */
public final class NodeMeters {
    static final long AUDIT_CHECK_S = 60;

    private NodeMeters() {}

    public static void register(
            Metrics metrics, Optional<ServerCertificate> tls, Path auditLog, ScheduledExecutorService timer) {
        tls.ifPresent(c -> {
            long notAfter = c.leaf().getNotAfter().toInstant().getEpochSecond();
            metrics.gauge(
                    "gateway_tls_certificate_expiry_timestamp_seconds",
                    "When the certificate this node serves TLS with expires (Unix time); read at start",
                    () -> notAfter);
        });
        AuditChainWatch chain = new AuditChainWatch(auditLog);
        metrics.gauge(
                "gateway_audit_chain_valid",
                "1 while this node's audit log verifies line by line, 0 once a line breaks its hash chain",
                () -> chain.valid() ? 1 : 0);
        metrics.gauge(
                "gateway_audit_chain_verified_lines",
                "Lines of this node's audit log verified so far",
                chain::verifiedLines);
        timer.scheduleWithFixedDelay(
                () -> {
                    boolean wasValid = chain.valid();
                    if (!chain.check() && wasValid) {
                        System.getLogger(NodeMeters.class.getName())
                                .log(System.Logger.Level.ERROR, chain.problem() + " (gateway_audit_chain_valid 0)");
                    }
                },
                0,
                AUDIT_CHECK_S,
                TimeUnit.SECONDS);
    }
}
