package gateway.perf;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A member cut off from the others, emulated in user space by freezing its process (SIGSTOP; its
 * sockets stay open, it answers nothing, its clocks stop), then thawing it (SIGCONT): once for less
 * than Hazelcast's heartbeat timeout (60 s: the member stays in the cluster) and once for more (the
 * others remove it; on thaw it finds itself alone and merges back). The frozen node holds a running
 * job's lease. Measured: how long until another node runs the job, the slowest answer of a healthy
 * node while the member is frozen, the job's end, duplicates and orphan temp files.
 */
final class FreezeFault {
    private static final int[] PAUSES_S = {10, 75};

    private final FaultCluster cluster;
    private final Path dir;
    private final Path source;
    private final int runs;
    private final List<String> afterThaw = new ArrayList<>();

    FreezeFault(FaultCluster cluster, Path dir, Path source, int runs) {
        this.cluster = cluster;
        this.dir = dir;
        this.source = source;
        this.runs = runs;
    }

    List<String> run() throws Exception {
        List<String> rows = new ArrayList<>();
        for (int pause : PAUSES_S) {
            double[] takeover = new double[runs];
            double[] slowest = new double[runs];
            List<String> ends = new ArrayList<>();
            afterThaw.clear();
            for (int r = 0; r < runs; r++) {
                double[] figures = once(pause, r, ends);
                takeover[r] = figures[0];
                slowest[r] = figures[1];
            }
            double[] taken =
                    java.util.Arrays.stream(takeover).filter(t -> t >= 0).toArray();
            rows.add(String.format(
                    Locale.ROOT,
                    "fault: lease holder frozen %d s (SIGSTOP, then SIGCONT) x%d: job taken over by another node"
                            + " while frozen in %d run(s)%s; slowest answer of a healthy node while frozen %s; job"
                            + " ends %s; an ingest sent to the thawed node right after the thaw ends %s;"
                            + " duplicated assets %d, orphan temp files %d",
                    pause,
                    runs,
                    taken.length,
                    taken.length == 0 ? "" : ", after " + FaultBench.seconds(taken),
                    FaultBench.seconds(slowest),
                    String.join("/", ends),
                    String.join("/", afterThaw),
                    FaultBench.duplicatedAssets(cluster.store()),
                    FaultBench.orphanTemps(cluster.store())));
        }
        return rows;
    }

    /**
     * Right after the thaw, an ingest submitted to the thawed member ({@link #submitTo}), followed on it
     * to its end once the frozen job ended ({@link #followOn})
     * (the case where a job it had acknowledged was then answered 404, lost from the map when it
     * merged back): how it ended and how many of its answers were 404.
     */
    private String submitTo(int victim, String token, int pauseSeconds, int run) throws Exception {
        FaultCluster.Node thawed = cluster.node(victim);
        Path card = FaultBench.card(dir, String.format(Locale.ROOT, "T%02d%d", pauseSeconds, run), source);
        var array = FaultCluster.JSON.createArrayNode().add(card.toString());
        JsonNode answer = cluster.send(
                thawed,
                "POST",
                "/api/v1/ingest",
                token,
                FaultCluster.JSON
                        .createObjectNode()
                        .put("project", FaultCluster.PROJECT.value())
                        .put("copy", true)
                        .set("paths", array));
        return answer.path("jobs").get(0).path("job_id").asText();
    }

    /** Follows {@code jobId} on the thawed node to its end (its own time limit): its end and the 404s. */
    private String followOn(int victim, String token, String jobId, int pauseSeconds, int run) throws Exception {
        FaultCluster.Node thawed = cluster.node(victim);
        long deadline = System.nanoTime() + FaultBench.JOB_TIMEOUT.toNanos();
        int notFound = 0;
        String state = "?";
        while (System.nanoTime() < deadline) {
            var r = cluster.call(thawed, "GET", "/api/v1/jobs/" + jobId, token, null);
            if (r.statusCode() == 404) {
                notFound++;
            } else if (r.statusCode() == 200) {
                state = FaultCluster.JSON.readTree(r.body()).path("state").asText();
                if (state.equals("DONE") || state.equals("QUARANTINED")) {
                    break;
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        System.out.println(String.format(
                Locale.ROOT,
                "  freeze %d s, run %d: an ingest sent to the thawed node right after SIGCONT ended %s; its answers"
                        + " about it: %d x 404",
                pauseSeconds,
                run + 1,
                state,
                notFound));
        return state + (notFound > 0 ? " (" + notFound + " x 404)" : "");
    }

    /** One freeze: {takeover seconds (-1: not while frozen), slowest healthy answer seconds}. */
    private double[] once(int pauseSeconds, int run, List<String> ends) throws Exception {
        Path card = FaultBench.card(dir, String.format(Locale.ROOT, "P%02d%d", pauseSeconds, run), source);
        String token = cluster.login();
        String jobId = cluster.ingest(token, List.of(card))
                .path("jobs")
                .get(0)
                .path("job_id")
                .asText();
        long deadline = System.nanoTime() + FaultBench.JOB_TIMEOUT.toNanos() + TimeUnit.SECONDS.toNanos(pauseSeconds);
        JsonNode running = cluster.awaitJob(
                token,
                jobId,
                deadline,
                j -> FaultCluster.isFinished(j)
                        || (j.path("state").asText().equals("RUNNING")
                                && FaultCluster.pidOf(j.path("worker").asText()) > 0));
        long pid = FaultCluster.pidOf(running.path("worker").asText());
        int victim = cluster.nodeWithPid(pid).map(FaultCluster.Node::index).orElse(-1);
        if (victim < 0) {
            ends.add("not-frozen");
            return new double[] {0, 0};
        }
        FaultCluster.Node healthy = cluster.node((victim + 1) % cluster.size());
        cluster.signal(victim, true);
        long frozenAt = System.nanoTime();
        long thawAt = frozenAt + TimeUnit.SECONDS.toNanos(pauseSeconds);
        double takeover = -1;
        double slowest = 0;
        while (System.nanoTime() < thawAt) {
            long asked = System.nanoTime();
            JsonNode j;
            try {
                j = cluster.send(healthy, "GET", "/api/v1/jobs/" + jobId, token, null);
            } catch (Exception e) {
                j = null; // a timeout of the healthy node: counted by its latency
            }
            slowest = Math.max(slowest, (System.nanoTime() - asked) / 1e9);
            if (takeover < 0
                    && j != null
                    && (FaultCluster.isFinished(j)
                            || (j.path("state").asText().equals("RUNNING")
                                    && FaultCluster.pidOf(j.path("worker").asText()) != pid))) {
                takeover = (System.nanoTime() - frozenAt) / 1e9;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        cluster.signal(victim, false);
        String afterId = submitTo(victim, token, pauseSeconds, run);
        JsonNode end = cluster.awaitJob(token, jobId, deadline, FaultCluster::isFinished);
        ends.add(end.path("state").asText());
        afterThaw.add(followOn(victim, token, afterId, pauseSeconds, run));
        System.out.println(String.format(
                Locale.ROOT,
                "  freeze %d s, run %d: node %d (lease of %s in %s) frozen; %s; slowest healthy answer %.2f s; job %s",
                pauseSeconds,
                run + 1,
                victim,
                jobId,
                FaultBench.phaseOf(running),
                takeover < 0
                        ? "not taken over while frozen"
                        : String.format(Locale.ROOT, "taken over after %.2f s", takeover),
                slowest,
                end.path("state").asText()));
        return new double[] {takeover, slowest};
    }
}
