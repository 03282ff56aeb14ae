package gateway.ingest.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.ingest.config.ClusterConfig;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad cluster input refuses to join, naming the key or the path, and never lets a second cluster
 * write to the same store: a store that is not the shared one, the shared one at another path, a
 * member list naming only itself, a clock minutes off.
 */
@Timeout(120)
class StoreClaimIT {
    private static final Duration BEAT = Duration.ofMillis(200);

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private ClusterMember member(ClusterConfig c) {
        return member(c, Clock.systemUTC());
    }

    private ClusterMember member(ClusterConfig c, Clock clock) {
        ClusterMember m =
                ClusterMember.start(c, "claim-" + UUID.randomUUID().toString().substring(0, 8), clock);
        open.add(m);
        return m;
    }

    private StoreClaim claim(ClusterMember m, Path store, String name) {
        StoreClaim c = StoreClaim.join(m, store, name, BEAT);
        open.add(c);
        return c;
    }

    /** Two members of one cluster on loopback. */
    private List<ClusterConfig> pair() throws IOException {
        String name = "claim-" + UUID.randomUUID();
        int a = freePort();
        int b = freePort();
        List<String> members = List.of("127.0.0.1:" + a, "127.0.0.1:" + b);
        return List.of(new ClusterConfig(name, a, members), new ClusterConfig(name, b, members));
    }

    @Test
    void aMemberOnAnotherStoreIsRefusedNamingStoreDirAndBothPaths() throws Exception {
        List<ClusterConfig> c = pair();
        Path shared = dir.resolve("shared");
        Path local = dir.resolve("local-disk");
        claim(member(c.get(0)), shared, c.get(0).name());
        ClusterMember b = member(c.get(1));
        assertEquals(2, b.memberCount());
        GatewayException e = assertThrows(
                GatewayException.class, () -> StoreClaim.join(b, local, c.get(1).name(), BEAT));
        assertEquals(Reason.FAILED_PRECONDITION, e.reason());
        assertTrue(e.getMessage().contains("store.dir"), e.getMessage());
        assertTrue(
                e.getMessage().contains(local.toString()) && e.getMessage().contains(shared.toString()),
                e.getMessage());
        assertFalse(Files.exists(local.resolve(StoreClaim.HEARTBEAT_FILE)), "nothing beats in the wrong store");
        // The right store is accepted.
        claim(b, shared, c.get(1).name());
    }

    @Test
    void theSharedStoreAtAnotherPathIsRefused() throws Exception {
        List<ClusterConfig> c = pair();
        Path shared = dir.resolve("mnt/store");
        claim(member(c.get(0)), shared, c.get(0).name());
        Path elsewhere = Files.createDirectories(dir.resolve("other-mount/store"));
        Files.copy(shared.resolve(StoreClaim.STORE_ID_FILE), elsewhere.resolve(StoreClaim.STORE_ID_FILE));
        ClusterMember b = member(c.get(1));
        GatewayException e = assertThrows(
                GatewayException.class,
                () -> StoreClaim.join(b, elsewhere, c.get(1).name(), BEAT));
        assertTrue(e.getMessage().contains("store.dir") && e.getMessage().contains("same path"), e.getMessage());
    }

    @Test
    void aNodeWhoseMemberListNamesOnlyItselfDoesNotFormASecondClusterOnTheStore() throws Exception {
        String name = "claim-" + UUID.randomUUID();
        int a = freePort();
        int b = freePort();
        Path store = dir.resolve("store");
        ClusterMember first = member(new ClusterConfig(name, a, List.of("127.0.0.1:" + a)));
        claim(first, store, name);
        ClusterMember alone = member(new ClusterConfig(name, b, List.of("127.0.0.1:" + b)));
        assertEquals(1, alone.memberCount(), "it formed a cluster of its own");
        GatewayException e = assertThrows(GatewayException.class, () -> StoreClaim.join(alone, store, name, BEAT));
        assertEquals(Reason.FAILED_PRECONDITION, e.reason());
        assertTrue(e.getMessage().contains("cluster.members"), e.getMessage());
        assertTrue(e.getMessage().contains(store.toString()), e.getMessage());
    }

    @Test
    void aHeartbeatThatStoppedIsTakenOverAfterAFewBeats() throws Exception {
        Path store = Files.createDirectories(dir.resolve("store"));
        // What a cluster killed with SIGKILL leaves: a heartbeat nobody rewrites.
        Files.writeString(
                store.resolve(StoreClaim.HEARTBEAT_FILE),
                "{\"cluster_id\":\"dead\",\"cluster_name\":\"old\",\"member\":\"[127.0.0.1]:1\",\"beat\":7}");
        String name = "claim-" + UUID.randomUUID();
        int port = freePort();
        ClusterMember m = member(new ClusterConfig(name, port, List.of("127.0.0.1:" + port)));
        long started = System.nanoTime();
        claim(m, store, name);
        long waitedMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(waitedMillis >= BEAT.toMillis() * 2, "waited " + waitedMillis + " ms for the old cluster to beat");
        assertFalse(Files.readString(store.resolve(StoreClaim.HEARTBEAT_FILE)).contains("\"dead\""));
    }

    @Test
    void aClockMinutesOffIsRefusedNamingTheKey() throws Exception {
        List<ClusterConfig> c = pair();
        member(c.get(0));
        Clock skewed = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(5));
        GatewayException e = assertThrows(GatewayException.class, () -> member(c.get(1), skewed));
        assertEquals(Reason.FAILED_PRECONDITION, e.reason());
        assertTrue(e.getMessage().contains("cluster.max-clock-skew-s"), e.getMessage());
        assertTrue(e.getMessage().contains("ahead"), e.getMessage());
        // Within the allowance it joins.
        ClusterMember near = member(c.get(1), Clock.offset(Clock.systemUTC(), Duration.ofSeconds(2)));
        assertEquals(2, near.memberCount());
    }
}
