package gateway.perf;

import com.fasterxml.jackson.databind.JsonNode;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.Rendition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Kill -9 a node during an ingest storm, then start it again: {@link #CARDS} cards submitted in one
 * request, the node running the first job seen RUNNING killed, restarted at once. Counts what the
 * node acknowledged and did not finish, assets missing from the restarted node's index once it has
 * reconciled (and the time that took from its start), half-written renditions visible in committed
 * manifests, duplicates and orphan temp files.
 */
final class StormFault {
    static final int CARDS = 6;
    private static final long INDEX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(90);

    private final FaultCluster cluster;
    private final Path dir;
    private final Path source;
    private final int runs;

    StormFault(FaultCluster cluster, Path dir, Path source, int runs) {
        this.cluster = cluster;
        this.dir = dir;
        this.source = source;
        this.runs = runs;
    }

    String run() throws Exception {
        long acknowledged = 0;
        long lost = 0;
        long missing = 0;
        long halfWritten = 0;
        double[] reconcile = new double[runs];
        for (int r = 0; r < runs; r++) {
            List<Path> cards = new ArrayList<>();
            for (int c = 0; c < CARDS; c++) {
                cards.add(
                        FaultBench.card(dir.resolve("run-" + r), String.format(Locale.ROOT, "S%d%02d", r, c), source));
            }
            String token = cluster.login();
            List<String> jobs = new ArrayList<>();
            cluster.ingest(token, cards)
                    .path("jobs")
                    .forEach(j -> jobs.add(j.path("job_id").asText()));
            acknowledged += jobs.size();
            long deadline = System.nanoTime() + FaultBench.JOB_TIMEOUT.toNanos() * 2;
            JsonNode running = firstRunning(token, jobs, deadline);
            int victim = cluster.nodeWithPid(
                            FaultCluster.pidOf(running.path("worker").asText()))
                    .map(FaultCluster.Node::index)
                    .orElse(1);
            cluster.kill(victim);
            FaultCluster.Node restarted = cluster.restart(victim);
            long upAt = System.nanoTime();
            Set<String> done = new HashSet<>();
            for (String id : jobs) {
                JsonNode end = cluster.awaitJob(token, id, deadline, FaultCluster::isFinished);
                if (end.path("state").asText().equals("DONE")) {
                    done.add(end.path("asset_id").asText());
                } else {
                    lost++;
                }
            }
            // Every acknowledged asset in the restarted node's own index (its change feed, or its reconcile).
            Set<String> absent = new HashSet<>(done);
            long until = System.nanoTime() + INDEX_WAIT_NANOS;
            while (true) {
                absent.removeAll(cluster.indexed(restarted, token));
                if (absent.isEmpty() || System.nanoTime() > until) {
                    break;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
            reconcile[r] = (System.nanoTime() - upAt) / 1e9;
            missing += absent.size();
            halfWritten += halfWritten(cluster.store());
            System.out.println(String.format(
                    Locale.ROOT,
                    "  storm %d: %d jobs acknowledged, node %d killed while %s ran %s; %d DONE; restarted node"
                            + " indexes all %d %.2f s after it was up%s",
                    r + 1,
                    jobs.size(),
                    victim,
                    running.path("job_id").asText(),
                    FaultBench.phaseOf(running),
                    done.size(),
                    done.size(),
                    reconcile[r],
                    absent.isEmpty() ? "" : " (still missing " + absent.size() + ")"));
        }
        return String.format(
                Locale.ROOT,
                "fault: kill -9 a node during a storm of %d ingests and restart it x%d: acknowledged %d, lost %d,"
                        + " missing from its index after reconcile %d, half-written renditions visible %d,"
                        + " duplicated assets %d, orphan temp files %d; index complete after restart %s",
                CARDS,
                runs,
                acknowledged,
                lost,
                missing,
                halfWritten,
                FaultBench.duplicatedAssets(cluster.store()),
                FaultBench.orphanTemps(cluster.store()),
                FaultBench.seconds(reconcile));
    }

    private JsonNode firstRunning(String token, List<String> jobs, long deadline) throws Exception {
        while (true) {
            for (String id : jobs) {
                JsonNode j = cluster.send("GET", "/api/v1/jobs/" + id, token, null);
                if (j.path("state").asText().equals("RUNNING")
                        && FaultCluster.pidOf(j.path("worker").asText()) > 0) {
                    return j;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("faults: no job of the storm ever ran");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    /** Renditions named by committed manifests whose file is missing or not of the recorded size. */
    static long halfWritten(Path store) throws IOException {
        ManifestStore manifests = new ManifestStore(store);
        long bad = 0;
        for (Manifest m : manifests.list(FaultCluster.PROJECT)) {
            for (Rendition r : m.renditions()) {
                Path file = manifests.assetDir(m.project(), m.assetId()).resolve(r.path());
                if (!Files.isRegularFile(file) || (r.sizeBytes() > 0 && Files.size(file) != r.sizeBytes())) {
                    bad++;
                }
            }
        }
        return bad;
    }
}
