package gateway.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A key written with the wrong unit, or a unit written into a value, refuses to start naming the key. */
class ConfigUnitsTest {
    @TempDir
    Path dir;

    private GatewayConfig load(String yaml) throws Exception {
        Path f = dir.resolve("node.yaml");
        Files.writeString(f, yaml);
        return GatewayConfig.load(f);
    }

    @Test
    void aKnownKeyWithAnotherUnitIsRefusedNamingBothKeys() {
        GatewayException e = assertThrows(GatewayException.class, () -> load("ingest:\n  lease-ms: 30000\n"));
        assertEquals(Reason.INVALID_ARGUMENT, e.reason());
        assertTrue(e.getMessage().contains("ingest.lease-ms"), e.getMessage());
        assertTrue(e.getMessage().contains("ingest.lease-s (seconds)"), e.getMessage());

        e = assertThrows(GatewayException.class, () -> load("auth:\n  revocation-check-interval-ms: 500\n"));
        assertTrue(e.getMessage().contains("auth.revocation-check-interval-s"), e.getMessage());
        e = assertThrows(GatewayException.class, () -> load("cluster:\n  max-clock-skew-min: 1\n"));
        assertTrue(e.getMessage().contains("cluster.max-clock-skew-s"), e.getMessage());
    }

    @Test
    void aUnitInTheValueIsRefusedNamingTheKeyAndItsUnit() {
        GatewayException e = assertThrows(GatewayException.class, () -> load("ingest:\n  lease-s: 30s\n"));
        assertTrue(e.getMessage().contains("ingest.lease-s"), e.getMessage());
        assertTrue(e.getMessage().contains("seconds") && e.getMessage().contains("'30s'"), e.getMessage());
        e = assertThrows(GatewayException.class, () -> load("ingest:\n  poll-ms: 1s\n"));
        assertTrue(
                e.getMessage().contains("ingest.poll-ms") && e.getMessage().contains("milliseconds"), e.getMessage());
    }

    @Test
    void theRightUnitsLoad() throws Exception {
        GatewayConfig c = load("""
                store:
                  dir: %s
                  node-dir: %s
                ingest:
                  lease-s: 12
                  intake-mb-per-s: 40
                cluster:
                  max-clock-skew-s: 5
                """.formatted(dir.resolve("shared"), dir.resolve("node-a")));
        assertEquals(Duration.ofSeconds(12), c.ingest().jobLease());
        assertEquals(40_000_000L, c.ingest().intakeBytesPerSecond());
        assertEquals(Duration.ofSeconds(5), c.cluster().maxClockSkew());
        assertEquals(dir.resolve("node-a").resolve("index"), c.store().indexDir());
        assertEquals(dir.resolve("shared"), c.store().dir());
    }
}
