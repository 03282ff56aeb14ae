package gateway.server.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.server.metrics.Metrics;
import gateway.server.metrics.ReadinessProbe;
import gateway.server.tls.ServerCertificate;
import io.grpc.Grpc;
import io.grpc.Server;
import io.grpc.TlsServerCredentials;
import io.grpc.protobuf.services.HealthStatusManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node serving an admin's certificate, made for the names clients use and not for loopback,
 * still turns ready: its own health call checks the certificate against the certificate's name,
 * not against the loopback address it dials. The certificate is made as the compose file's
 * tls-init makes one (openssl, EC P-256, PKCS#8 key).
 */
class ReadinessCertificateNameIT {
    @TempDir
    Path dir;

    @Test
    void aCertificateWithoutLoopbackNamesIsCheckedAgainstItsOwnName() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Process openssl;
        try {
            openssl = new ProcessBuilder(
                            "openssl",
                            "req",
                            "-x509",
                            "-newkey",
                            "ec",
                            "-pkeyopt",
                            "ec_paramgen_curve:P-256",
                            "-nodes",
                            "-days",
                            "30",
                            "-subj",
                            "/CN=gateway.example",
                            "-addext",
                            "subjectAltName=DNS:gateway.example,DNS:gateway-1.gateway.example",
                            "-keyout",
                            key.toString(),
                            "-out",
                            cert.toString())
                    .redirectErrorStream(true)
                    .start();
        } catch (java.io.IOException e) {
            Assumptions.abort("openssl not found: " + e.getMessage());
            return;
        }
        openssl.getOutputStream().close();
        String said = new String(openssl.getInputStream().readAllBytes());
        assertTrue(openssl.waitFor(60, TimeUnit.SECONDS), "openssl finished");
        assertEquals(0, openssl.exitValue(), said);

        ServerCertificate served = ServerCertificate.load(cert, key);
        assertEquals(Optional.of("gateway.example"), served.dnsName());

        HealthStatusManager health = new HealthStatusManager();
        Server server = Grpc.newServerBuilderForPort(0, TlsServerCredentials.create(cert.toFile(), key.toFile()))
                .addService(health.getHealthService())
                .build()
                .start();
        try {
            try (ReadinessProbe byName = probe(server.getPort(), cert, served.dnsName())) {
                assertTrue(byName.ready(), "checked against gateway.example: SERVING");
            }
            try (ReadinessProbe byAddress = probe(server.getPort(), cert, Optional.empty())) {
                assertFalse(byAddress.ready(), "checked against 127.0.0.1, which the certificate does not name");
            }
        } finally {
            server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static ReadinessProbe probe(int port, Path trust, Optional<String> name) {
        return new ReadinessProbe(
                "127.0.0.1",
                port,
                Optional.of(trust),
                name,
                Duration.ofSeconds(10),
                Duration.ofSeconds(1),
                System::nanoTime,
                new Metrics());
    }
}
