package gateway.ingest.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A member killed while it rewrote the store heartbeat leaves a temp file: the others remove it. */
class StoreClaimSweepTest {
    @TempDir
    Path store;

    @Test
    void staleHeartbeatTempsAreRemovedAndNothingElse() throws Exception {
        Path stale = Files.writeString(store.resolve(".cluster.heartbeat.1b2c.tmp"), "{}");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minusSeconds(120)));
        Path writing = Files.writeString(store.resolve(".cluster.heartbeat.9f8e.tmp"), "{}");
        Path heartbeat = Files.writeString(store.resolve(StoreClaim.HEARTBEAT_FILE), "{}");
        Path otherTemp = Files.writeString(store.resolve(".store.id.77aa.tmp"), "x");
        Files.setLastModifiedTime(otherTemp, FileTime.from(Instant.now().minusSeconds(120)));

        assertEquals(1, StoreClaim.sweepStaleTemps(store, Duration.ofSeconds(30)));

        assertFalse(Files.exists(stale), "a temp left by a killed member is removed");
        assertTrue(Files.exists(writing), "a temp a live member is writing stays");
        assertTrue(Files.exists(heartbeat));
        assertTrue(Files.exists(otherTemp), "only heartbeat temps are the sweep's business");
    }
}
