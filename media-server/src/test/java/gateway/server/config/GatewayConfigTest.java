package gateway.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration reference in ops/ is loadable and is the defaults; bad values name their key. */
class GatewayConfigTest {
    private static final Path REFERENCE = Path.of("..", "ops", "config", "gateway.yaml");

    @Test
    void theReferenceFileIsTheDefaults() {
        assertEquals(GatewayConfig.defaults(), GatewayConfig.load(REFERENCE));
    }

    @Test
    void aBadValueNamesItsKey(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "ingest:\n  local-workers: 999\n");
        GatewayException e = assertThrows(GatewayException.class, () -> GatewayConfig.load(bad));
        assertTrue(e.getMessage().contains("ingest.local-workers"), e.getMessage());

        Path open = dir.resolve("open.yaml");
        Files.writeString(open, "server:\n  host: 0.0.0.0\n  tls:\n    enabled: false\n");
        GatewayException plain = assertThrows(GatewayException.class, () -> GatewayConfig.load(open));
        assertTrue(plain.getMessage().contains("server.tls.enabled"), plain.getMessage());
    }

    @Test
    void aNodeDirHoldsTheNodesOwnFilesAndKubernetesDiscoveryIsRead(@TempDir Path dir) throws Exception {
        GatewayConfig one = GatewayConfig.defaults();
        assertEquals(one.store().dir(), one.store().nodeDir(), "one machine: the node's files in the store");
        assertEquals(one.store().dir().resolve("index"), one.store().indexDir());
        assertEquals(
                one.store().dir().resolve("security/audit.log"), one.store().auditLog());

        Path file = dir.resolve("cluster.yaml");
        Files.writeString(file, """
                store:
                  dir: /srv/gateway/store
                  node-dir: /var/lib/gateway
                cluster:
                  kubernetes:
                    service-dns: gateway-hz.media.svc.cluster.local
                """);
        GatewayConfig c = GatewayConfig.load(file);
        assertEquals(Path.of("/var/lib/gateway/index"), c.store().indexDir());
        assertEquals(Path.of("/var/lib/gateway/security/audit.log"), c.store().auditLog());
        assertEquals(Path.of("/var/lib/gateway/security/tls"), c.store().tlsDir());
        assertEquals(Path.of("/srv/gateway/store/security"), c.store().securityDir(), "users and keys stay shared");
        assertTrue(c.cluster().kubernetes());
        assertEquals("gateway-hz.media.svc.cluster.local", c.cluster().kubernetesServiceDns());

        Path bad = dir.resolve("bad-dns.yaml");
        Files.writeString(bad, "cluster:\n  kubernetes:\n    service-dns: 'gateway hz'\n");
        GatewayException e = assertThrows(GatewayException.class, () -> GatewayConfig.load(bad));
        assertTrue(e.getMessage().contains("cluster.kubernetes.service-dns"), e.getMessage());
    }

    @Test
    void ingestRootsAndFinishedJobTtlAreRead(@TempDir Path dir) throws Exception {
        assertEquals(java.util.List.of(), GatewayConfig.defaults().ingest().ingestRoots(), "no roots: any path");
        assertEquals(
                java.time.Duration.ofHours(24),
                GatewayConfig.defaults().ingest().finishedJobTtl());
        Path file = dir.resolve("roots.yaml");
        Files.writeString(file, "ingest:\n  roots: [/mnt/cards, /mnt/nas/../nas2]\njobs:\n  finished-ttl-s: 600\n");
        GatewayConfig c = GatewayConfig.load(file);
        assertEquals(
                java.util.List.of(Path.of("/mnt/cards"), Path.of("/mnt/nas2")),
                c.ingest().ingestRoots());
        assertEquals(java.time.Duration.ofMinutes(10), c.ingest().finishedJobTtl());

        Path bad = dir.resolve("bad-ttl.yaml");
        Files.writeString(bad, "jobs:\n  finished-ttl-s: 0\n");
        GatewayException e = assertThrows(GatewayException.class, () -> GatewayConfig.load(bad));
        assertTrue(e.getMessage().contains("jobs.finished-ttl-s"), e.getMessage());
    }

    @Test
    void catalogReconcileIntervalIsReadAndChecked(@TempDir Path dir) throws Exception {
        assertEquals(
                java.time.Duration.ofMinutes(10),
                GatewayConfig.defaults().catalog().reconcileInterval());
        Path file = dir.resolve("catalog.yaml");
        Files.writeString(file, "catalog:\n  reconcile-interval-s: 0\n");
        assertEquals(
                java.time.Duration.ZERO, GatewayConfig.load(file).catalog().reconcileInterval(), "0: only at start");
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "catalog:\n  reconcile-interval-s: -5\n");
        GatewayException e = assertThrows(GatewayException.class, () -> GatewayConfig.load(bad));
        assertTrue(e.getMessage().contains("catalog.reconcile-interval-s"), e.getMessage());
    }
}
