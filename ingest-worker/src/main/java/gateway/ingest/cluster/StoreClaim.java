package gateway.ingest.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.map.IMap;
import gateway.model.asset.DurableFiles;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Makes sure a member writes to the cluster's one shared store, and that one store is written by one
 * cluster. Checked when a node or worker joins, before it writes anything:
 *
 * <ul>
 *   <li>{@code <store>/store.id} (made by the first member ever to use the store) must be the id the
 *       cluster's other members use, at the same path: a node pointed at another folder (a local
 *       disk instead of the NFS mount, a typo in {@code store.dir}) is refused, naming both paths.
 *   <li>{@code <store>/cluster.heartbeat}, rewritten by the members every {@code beat}, names the
 *       cluster that uses the store. A member that finds it naming another cluster that is still
 *       beating (a node whose {@code cluster.members} lists only itself, or another cluster name)
 *       is refused, naming {@code cluster.members}; one that stops beating is taken over once it
 *       stayed unchanged for {@value #STALE_BEATS} beats (its members were killed). Liveness is
 *       judged by change, never by comparing clocks across machines.
 * </ul>
 *
 * Closing stops the beat; the last member of a cluster removes the heartbeat file.
 */
public final class StoreClaim implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(StoreClaim.class.getName());
    static final String STORE_ID_FILE = "store.id";
    static final String HEARTBEAT_FILE = "cluster.heartbeat";
    static final String FACTS_MAP = "cluster-facts";
    /** Beats a heartbeat of another cluster must stay unchanged before it is taken to be dead. */
    static final int STALE_BEATS = 3;

    private static final ObjectMapper JSON = new ObjectMapper();
    public static final Duration DEFAULT_BEAT = Duration.ofSeconds(2);

    private final ClusterMember member;
    private final Path store;
    private final String clusterId;
    private final String clusterName;
    private final ScheduledExecutorService timer;
    private final AtomicLong beats = new AtomicLong();
    private final Duration beatEvery;
    /** Beats between two sweeps of stale heartbeat temp files. */
    static final int SWEEP_EVERY_BEATS = 10;

    private StoreClaim(ClusterMember member, Path store, String clusterId, String clusterName, Duration beat) {
        this.member = member;
        this.store = store;
        this.clusterId = clusterId;
        this.clusterName = clusterName;
        this.beatEvery = beat;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "store-heartbeat");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::beatQuietly, beat.toMillis(), beat.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Checks {@code storeDir} (key {@code store.dir}) against the cluster {@code member} joined
     * (named {@code clusterName}, {@code cluster.name}) and starts beating; FAILED_PRECONDITION
     * naming the key and the paths when this member must not use it.
     */
    public static StoreClaim join(ClusterMember member, Path storeDir, String clusterName, Duration beat) {
        Path store = storeDir.toAbsolutePath().normalize();
        String storeId = storeId(store);
        IMap<String, String> facts = member.hazelcast().getMap(FACTS_MAP);
        String mine = storeId + " " + store;
        String theirs = facts.putIfAbsent("store", mine);
        if (theirs != null && !theirs.equals(mine)) {
            refuseStore(store, storeId, theirs);
        }
        String fresh = UUID.randomUUID().toString();
        String existingId = facts.putIfAbsent("cluster-id", fresh);
        String clusterId = existingId == null ? fresh : existingId;
        requireNoOtherCluster(store, clusterId, beat);
        StoreClaim claim = new StoreClaim(member, store, clusterId, clusterName, beat);
        claim.beat();
        sweepStaleTemps(store, beat.multipliedBy(STALE_BEATS));
        return claim;
    }

    /**
     * Removes heartbeat temp files ({@code .cluster.heartbeat.<uuid>.tmp}) older than {@code age}: a
     * member killed while it rewrote the heartbeat leaves its temp behind, and a live member's temp
     * lasts only while it writes. Run when a member joins and every {@value #SWEEP_EVERY_BEATS}
     * beats. Returns how many were removed.
     */
    static int sweepStaleTemps(Path store, Duration age) {
        long before = System.currentTimeMillis() - age.toMillis();
        int removed = 0;
        try (java.nio.file.DirectoryStream<Path> temps =
                Files.newDirectoryStream(store, "." + HEARTBEAT_FILE + ".*" + DurableFiles.TEMP_SUFFIX)) {
            for (Path t : temps) {
                try {
                    if (Files.getLastModifiedTime(t).toMillis() < before && Files.deleteIfExists(t)) {
                        removed++;
                    }
                } catch (java.nio.file.NoSuchFileException gone) {
                    // renamed into place or removed by another member meanwhile
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot sweep heartbeat temp files in " + store, e);
        }
        return removed;
    }

    private static void refuseStore(Path store, String storeId, String theirs) {
        int space = theirs.indexOf(' ');
        String theirId = theirs.substring(0, space);
        String theirPath = theirs.substring(space + 1);
        if (theirId.equals(storeId)) {
            throw new GatewayException(
                    Reason.FAILED_PRECONDITION,
                    "config key store.dir: " + store + " is the cluster's store mounted at another path than on"
                            + " the other members (" + theirPath + "); mount the shared store at the same path"
                            + " on every node, manifests name originals by absolute path");
        }
        throw new GatewayException(
                Reason.FAILED_PRECONDITION,
                "config key store.dir: " + store + " is not the cluster's shared store: its "
                        + store.resolve(STORE_ID_FILE) + " says " + storeId + ", the other members use " + theirPath
                        + " (store.id " + theirId + "); point store.dir at the shared store (the same"
                        + " file system, mounted at the same path)");
    }

    /** Waits out, or refuses, a heartbeat of another cluster in the store. */
    private static void requireNoOtherCluster(Path store, String clusterId, Duration beat) {
        Optional<JsonNode> first = readHeartbeat(store);
        if (first.isEmpty() || first.get().path("cluster_id").asText().equals(clusterId)) {
            return;
        }
        long deadline = System.nanoTime() + beat.toNanos() * STALE_BEATS;
        while (System.nanoTime() < deadline) {
            LockSupport.parkNanos(Math.min(beat.toNanos() / 4, deadline - System.nanoTime()));
            Optional<JsonNode> now = readHeartbeat(store);
            if (now.isEmpty() || now.get().path("cluster_id").asText().equals(clusterId)) {
                return;
            }
            if (!now.get().equals(first.get())) {
                JsonNode h = now.get();
                throw new GatewayException(
                        Reason.FAILED_PRECONDITION,
                        "config key cluster.members: store " + store + " is in use by another cluster ('"
                                + h.path("cluster_name").asText() + "', member "
                                + h.path("member").asText()
                                + ") that this node did not join; list the running members in cluster.members"
                                + " (and use their cluster.name) so that one cluster writes to the store");
            }
        }
        LOG.log(
                System.Logger.Level.WARNING,
                "store " + store + ": the heartbeat of cluster '"
                        + first.get().path("cluster_name").asText() + "' stopped " + STALE_BEATS
                        + " beats ago; taking the store over");
    }

    private static Optional<JsonNode> readHeartbeat(Path store) {
        Path file = store.resolve(HEARTBEAT_FILE);
        try {
            return Files.isRegularFile(file) ? Optional.of(JSON.readTree(file.toFile())) : Optional.empty();
        } catch (IOException e) {
            // Being replaced under our feet: the next read sees the new one.
            return Optional.empty();
        }
    }

    /** The store's id, made on first use ({@code store.id}, written once). */
    static String storeId(Path store) {
        Path file = store.resolve(STORE_ID_FILE);
        try {
            Files.createDirectories(store);
            DurableFiles.writeIfAbsent(file, (UUID.randomUUID() + "\n").getBytes(StandardCharsets.UTF_8));
            String id = Files.readString(file).trim();
            if (id.isEmpty() || id.contains(" ")) {
                throw new GatewayException(Reason.CORRUPT, "store id file " + file + " is damaged: '" + id + "'");
            }
            return id;
        } catch (IOException e) {
            throw GatewayException.io("cannot read or make the store id " + file + ": " + e.getMessage(), e);
        }
    }

    private void beat() {
        var h = JSON.createObjectNode()
                .put("cluster_id", clusterId)
                .put("cluster_name", clusterName)
                .put("member", member.address())
                .put("beat", beats.incrementAndGet());
        DurableFiles.write(store.resolve(HEARTBEAT_FILE), h.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void beatQuietly() {
        try {
            if (beats.get() % SWEEP_EVERY_BEATS == 0) {
                sweepStaleTemps(store, beatEvery.multipliedBy(STALE_BEATS));
            }
            Optional<JsonNode> now = readHeartbeat(store);
            if (now.isPresent() && !now.get().path("cluster_id").asText().equals(clusterId)) {
                LOG.log(
                        System.Logger.Level.ERROR,
                        "store " + store + " is also written by cluster '"
                                + now.get().path("cluster_name").asText()
                                + "' (member " + now.get().path("member").asText()
                                + "): two clusters on one store; check cluster.members on every node");
            }
            beat();
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "cannot write the store heartbeat in " + store + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            if (member.isRunning() && member.memberCount() <= 1) {
                Optional<JsonNode> now = readHeartbeat(store);
                if (now.isPresent() && now.get().path("cluster_id").asText().equals(clusterId)) {
                    Files.deleteIfExists(store.resolve(HEARTBEAT_FILE));
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot remove the store heartbeat in " + store, e);
        }
    }
}
