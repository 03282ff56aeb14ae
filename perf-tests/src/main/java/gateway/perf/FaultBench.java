package gateway.perf;

import com.fasterxml.jackson.databind.JsonNode;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.proxy.progress.ProgressListener;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code ./gateway bench --faults}: fault runs on node processes sharing one store, each printing
 * what it did and what was lost. On three nodes: the node holding a job's lease killed with SIGKILL
 * in each phase in turn ({@code --kills}); a node killed during an ingest storm and restarted
 * ({@link StormFault}); a member frozen ({@link FreezeFault}); a member cut off by a real network
 * partition, the third node in its own network namespace ({@link PartitionFault}). On one node: a
 * store that fills up ({@link StoreFullFault}) and a client link that drops ({@link LinkDropFault}).
 * Intake reads are held to a few MB/s so that every phase lasts long enough to be hit.
 */
final class FaultBench {
    private static final List<String> PHASES = List.of("COPYING", "HASHING", "PROXYING");
    static final int LEASE_SECONDS = 3;
    static final Duration JOB_TIMEOUT = Duration.ofSeconds(240);

    /** The faults, by the name {@code --fault} takes. */
    static final List<String> ALL = List.of("lease-kill", "storm", "freeze", "partition", "store-full", "link-drop");

    private final Path dir;
    private final int kills;
    private final int runs;
    private final Set<String> only;
    private Path source;
    private int intakeMbPerSecond;
    private CompletableFuture<?> pendingRestart = CompletableFuture.completedFuture(null);

    /** The state of a kill the harness could not carry out. */
    private static final String NOT_RUN = "NOT RUN";

    /** What one kill did. */
    private record Kill(int number, String phase, String state, double resumeSeconds, String note) {}

    FaultBench(Path work, int kills, int runs, Set<String> only) {
        this.dir = work.resolve("faults").resolve(Long.toString(System.currentTimeMillis()));
        this.kills = kills;
        this.runs = runs;
        for (String name : only) {
            if (!ALL.contains(name)) {
                throw GatewayException.invalid("--fault " + name + ": expected one of " + String.join(", ", ALL));
            }
        }
        this.only = only.isEmpty() ? Set.copyOf(ALL) : only;
    }

    List<String> run() throws Exception {
        source = new SampleOriginals()
                .generate(
                        SampleSpec.proresHq1080p25().withSize(960, 540).withDurationFrames(75),
                        Files.createDirectories(dir.resolve("source")).resolve("F001C001.mov"),
                        ProgressListener.NONE);
        // Each intake pass (copy, verify) takes about two seconds.
        intakeMbPerSecond = (int) Math.max(1, Files.size(source) / 2_000_000);
        List<String> rows = new ArrayList<>();
        if (only.contains("lease-kill") || only.contains("storm") || only.contains("freeze")) {
            try (FaultCluster cluster = new FaultCluster(
                    dir.resolve("cluster"), dir.resolve("store"), 3, LEASE_SECONDS, intakeMbPerSecond)) {
                cluster.startAll();
                System.out.println("faults: 3 nodes up on " + cluster.store() + "; intake reads held to "
                        + intakeMbPerSecond + " MB/s; lease " + LEASE_SECONDS + " s");
                if (only.contains("lease-kill")) {
                    attempt(rows, "lease-kill", () -> List.of(leaseKills(cluster)));
                }
                if (only.contains("storm")) {
                    attempt(
                            rows,
                            "storm",
                            () -> List.of(new StormFault(cluster, dir.resolve("storm"), source, runs).run()));
                }
                if (only.contains("freeze")) {
                    attempt(rows, "freeze", () -> new FreezeFault(cluster, dir.resolve("freeze"), source, runs).run());
                }
            }
        }
        if (only.contains("partition")) {
            attempt(rows, "partition", () -> new PartitionFault(
                            dir.resolve("partition"), source, runs, LEASE_SECONDS, intakeMbPerSecond)
                    .run());
        }
        if (only.contains("store-full") || only.contains("link-drop")) {
            attempt(rows, "store-full/link-drop", () -> new StoreFullFault(
                            dir.resolve("single"), source, intakeMbPerSecond, runs, only)
                    .run());
        }
        return rows;
    }

    /** One fault's rows; a fault that could not run (a node that did not start in time) is a row saying so. */
    @FunctionalInterface
    private interface Fault {
        List<String> run() throws Exception;
    }

    private static void attempt(List<String> rows, String name, Fault fault) {
        try {
            List<String> out = fault.run();
            rows.addAll(out);
            out.forEach(System.out::println);
        } catch (Exception e) {
            String row = "fault: " + name + ": could not run to the end: " + e.getMessage();
            rows.add(row);
            System.out.println(row);
        }
    }

    private String leaseKills(FaultCluster cluster) throws Exception {
        List<Kill> done = new ArrayList<>();
        for (int k = 0; k < kills; k++) {
            Kill kill;
            try {
                kill = killOnce(cluster, k);
            } catch (GatewayException e) {
                // A job that did not finish in JOB_TIMEOUT after its kill counts as not DONE (lost).
                String state = e.reason() == Reason.TIMEOUT ? "NOT DONE" : NOT_RUN;
                kill = new Kill(k + 1, PHASES.get(k % PHASES.size()), state, 0, e.getMessage());
            } catch (java.net.http.HttpTimeoutException
                    | java.util.concurrent.TimeoutException
                    | java.util.concurrent.ExecutionException e) {
                // The harness could not carry this kill out (a REST call timed out three times on a
                // loaded machine, a node not back in time): said in its line, not counted as lost.
                kill = new Kill(k + 1, PHASES.get(k % PHASES.size()), NOT_RUN, 0, String.valueOf(e.getMessage()));
            }
            done.add(kill);
            System.out.println(String.format(
                    Locale.ROOT,
                    "  kill %2d in %-8s -> %-11s resumed after %6.2f s  %s",
                    kill.number(),
                    kill.phase(),
                    kill.state(),
                    kill.resumeSeconds(),
                    kill.note()));
            if (k + 1 == kills) {
                pendingRestart.get(FaultCluster.START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
            if ((k + 1) % 10 == 0 && k + 1 < kills) {
                System.out.println("  after " + (k + 1) + " kills: " + summary(cluster, done));
            }
        }
        return summary(cluster, done);
    }

    private Kill killOnce(FaultCluster cluster, int k) throws Exception {
        String phase = PHASES.get(k % PHASES.size());
        Path card = Files.createDirectories(dir.resolve("cards").resolve(String.format("K%03d", k)));
        Files.copy(source, card.resolve(String.format("K%03dC001.mov", k)));
        String token = patiently(cluster::login);
        JsonNode queued = patiently(() -> cluster.ingest(token, List.of(card)));
        String jobId = queued.path("jobs").get(0).path("job_id").asText();
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        JsonNode job = cluster.awaitJob(
                token, jobId, deadline, j -> j.path("phase").asText().equals(phase) || FaultCluster.isFinished(j));
        if (FaultCluster.isFinished(job)) {
            return new Kill(k + 1, phase, job.path("state").asText(), 0, "(finished before the phase was seen)");
        }
        long pid = FaultCluster.pidOf(job.path("worker").asText());
        FaultCluster.Node victim = cluster.nodeWithPid(pid)
                .orElseThrow(() -> new GatewayException(
                        Reason.INTERNAL,
                        "faults: no node process has pid " + pid + " (worker " + job.path("worker") + ")"));
        // The node the last kill restarts is back before this one (started meanwhile, not waited for).
        pendingRestart.get(FaultCluster.START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        cluster.kill(victim.index());
        long killedAt = System.nanoTime();
        CompletableFuture<FaultCluster.Node> restart =
                CompletableFuture.supplyAsync(() -> cluster.restart(victim.index()));
        JsonNode resumed = cluster.awaitJob(
                token,
                jobId,
                deadline,
                j -> FaultCluster.isFinished(j)
                        || (j.path("state").asText().equals("RUNNING")
                                && FaultCluster.pidOf(j.path("worker").asText()) != pid));
        double resumeSeconds = (System.nanoTime() - killedAt) / 1e9;
        JsonNode end = cluster.awaitJob(token, jobId, deadline, FaultCluster::isFinished);
        pendingRestart = restart;
        String note = resumed.path("state").asText().equals("RUNNING")
                ? "by " + resumed.path("worker").asText()
                : "";
        return new Kill(k + 1, phase, end.path("state").asText(), resumeSeconds, note);
    }

    /** A REST call that timed out on a loaded machine, tried again (up to three times). */
    private static <T> T patiently(java.util.concurrent.Callable<T> call) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.call();
            } catch (java.net.http.HttpTimeoutException e) {
                if (attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    private String summary(FaultCluster cluster, List<Kill> done) throws IOException {
        long notRun = done.stream().filter(k -> k.state().equals(NOT_RUN)).count();
        long lost = done.stream()
                .filter(k -> !k.state().equals("DONE") && !k.state().equals(NOT_RUN))
                .count();
        double[] resumes = done.stream()
                .filter(k -> k.resumeSeconds() > 0)
                .mapToDouble(Kill::resumeSeconds)
                .toArray();
        String resume = resumes.length == 0
                ? "n/a"
                : String.format(
                        Locale.ROOT,
                        "median %.2f s, worst %.2f s (lease %d s)",
                        BenchRow.median(resumes),
                        java.util.Arrays.stream(resumes).max().orElse(0),
                        LEASE_SECONDS);
        return String.format(
                Locale.ROOT,
                "fault: kill -9 the lease holder x%d (phases %s)%s: jobs lost %d, duplicated assets %d,"
                        + " orphan temp files %d, time to resume %s",
                done.size() - notRun,
                String.join("/", PHASES),
                notRun == 0 ? "" : " (" + notRun + " more not carried out by the harness)",
                lost,
                duplicatedAssets(cluster.store()),
                orphanTemps(cluster.store()),
                resume);
    }

    /** Manifests beyond the first for one source file (an asset ingested twice). */
    static long duplicatedAssets(Path store) throws IOException {
        Map<String, Integer> bySource = new HashMap<>();
        for (Manifest m : new ManifestStore(store).list(FaultCluster.PROJECT)) {
            bySource.merge(m.metadata().getOrDefault("source_path", m.originalPath()), 1, Integer::sum);
        }
        return bySource.values().stream()
                .filter(n -> n > 1)
                .mapToLong(n -> n - 1)
                .sum();
    }

    /** Temp files and job staging folders left anywhere in the store. */
    static long orphanTemps(Path store) throws IOException {
        try (Stream<Path> walk = Files.walk(store)) {
            return walk.filter(p -> {
                        String n = p.getFileName().toString();
                        return n.endsWith(".tmp") || n.startsWith(".job-");
                    })
                    .count();
        }
    }

    /** The temp files and staging folders {@link #orphanTemps} counts, relative to the store. */
    static List<String> orphanList(Path store) throws IOException {
        try (Stream<Path> walk = Files.walk(store)) {
            return walk.filter(p -> {
                        String n = p.getFileName().toString();
                        return n.endsWith(".tmp") || n.startsWith(".job-");
                    })
                    .map(p -> store.relativize(p).toString())
                    .toList();
        }
    }

    /** A RUNNING job's phase as the REST job object says it ("starting" before its holder first reports). */
    static String phaseOf(JsonNode job) {
        JsonNode phase = job.path("phase");
        return phase.isTextual() && !phase.asText().isEmpty() ? phase.asText() : "starting";
    }

    /** A new card folder {@code <parent>/<name>} holding one copy of {@code source}. */
    static Path card(Path parent, String name, Path source) throws IOException {
        Path card = Files.createDirectories(parent.resolve(name));
        Files.copy(source, card.resolve(name + "C001.mov"));
        return card;
    }

    static String seconds(double[] xs) {
        if (xs.length == 0) {
            return "n/a";
        }
        StringBuilder all = new StringBuilder();
        for (double x : xs) {
            all.append(all.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", x));
        }
        return String.format(Locale.ROOT, "median %.2f s (runs: %s)", BenchRow.median(xs), all);
    }
}
