package gateway.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.ingest.process.WorkerProcess;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.proxy.progress.ProgressListener;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import gateway.server.auth.Role;
import gateway.server.auth.ScryptParams;
import gateway.server.auth.UserDirectory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * {@code ./gateway bench --faults}: three node processes on loopback sharing one store, each running
 * one claimer; one copy-mode ingest after another, and for each the node holding the job's lease is
 * killed with SIGKILL in a phase (COPYING, HASHING, PROXYING in turn), then started again. Prints
 * per kill what happened, and at the end jobs lost (not done), duplicated assets (two manifests
 * for one source), orphan temp files and staging folders left in the store, and the time from the
 * kill until another node resumed the job (median and worst). Intake reads are held to a few MB/s
 * so that every phase lasts long enough to be hit.
 */
final class FaultBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ProjectId PROJECT = new ProjectId("faults");
    private static final String USER = "faults";
    private static final String PASSWORD = "faults-password";
    private static final List<String> PHASES = List.of("COPYING", "HASHING", "PROXYING");
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(240);

    private final Path dir;
    private final int kills;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Node[] nodes = new Node[3];
    private final List<Integer> clusterPorts = new ArrayList<>();
    private final String cluster = "faults-" + UUID.randomUUID();
    private Path store;
    private int intakeMbPerSecond;

    private record Node(int index, Process process, int httpPort) {
        boolean alive() {
            return process.isAlive();
        }
    }

    /** What one kill did. */
    private record Kill(int number, String phase, String state, double resumeSeconds, String note) {}

    FaultBench(Path work, int kills) {
        this.dir = work.resolve("faults").resolve(Long.toString(System.currentTimeMillis()));
        this.kills = kills;
    }

    List<String> run() throws Exception {
        store = Files.createDirectories(dir.resolve("store"));
        new UserDirectory(store.resolve("security"), ScryptParams.DEFAULT.withLog2N(10))
                .put(USER, PASSWORD, Map.of(PROJECT, Role.ASSISTANT));
        Path source = new SampleOriginals()
                .generate(
                        SampleSpec.proresHq1080p25().withSize(960, 540).withDurationFrames(75),
                        Files.createDirectories(dir.resolve("source")).resolve("F001C001.mov"),
                        ProgressListener.NONE);
        // Each intake pass (copy, verify) takes about two seconds.
        intakeMbPerSecond = (int) Math.max(1, Files.size(source) / 2_000_000);
        for (int i = 0; i < 3; i++) {
            clusterPorts.add(freePort());
        }
        List<Kill> done = new ArrayList<>();
        try {
            nodes[0] = start(0);
            CompletableFuture<Node> b = CompletableFuture.supplyAsync(() -> start(1));
            CompletableFuture<Node> c = CompletableFuture.supplyAsync(() -> start(2));
            nodes[1] = b.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            nodes[2] = c.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            System.out.println("faults: 3 nodes up on " + store + "; intake reads held to " + intakeMbPerSecond
                    + " MB/s; " + kills + " kill(s)");
            for (int k = 0; k < kills; k++) {
                Kill kill = killOnce(k, source);
                done.add(kill);
                System.out.println(String.format(
                        Locale.ROOT,
                        "  kill %2d in %-8s -> %-11s resumed after %6.2f s  %s",
                        kill.number(),
                        kill.phase(),
                        kill.state(),
                        kill.resumeSeconds(),
                        kill.note()));
            }
        } finally {
            for (Node n : nodes) {
                if (n != null) {
                    n.process().destroyForcibly();
                }
            }
        }
        return summary(done);
    }

    private Kill killOnce(int k, Path source) throws Exception {
        String phase = PHASES.get(k % PHASES.size());
        Path card = Files.createDirectories(dir.resolve("cards").resolve(String.format("K%03d", k)));
        Files.copy(source, card.resolve(String.format("K%03dC001.mov", k)));
        String token = login();
        JsonNode queued = send(
                "POST",
                "/api/v1/ingest",
                token,
                JSON.createObjectNode()
                        .put("project", PROJECT.value())
                        .put("copy", true)
                        .set("paths", JSON.createArrayNode().add(card.toString())));
        String jobId = queued.path("jobs").get(0).path("job_id").asText();
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        JsonNode job =
                awaitJob(token, jobId, deadline, j -> j.path("phase").asText().equals(phase) || isFinished(j));
        if (isFinished(job)) {
            return new Kill(k + 1, phase, job.path("state").asText(), 0, "(finished before the phase was seen)");
        }
        long pid = pidOf(job.path("worker").asText());
        Node victim = nodeWithPid(pid)
                .orElseThrow(() -> new GatewayException(
                        Reason.INTERNAL,
                        "faults: no node process has pid " + pid + " (worker " + job.path("worker") + ")"));
        victim.process().destroyForcibly();
        victim.process().waitFor(30, TimeUnit.SECONDS);
        long killedAt = System.nanoTime();
        CompletableFuture<Node> restart = CompletableFuture.supplyAsync(() -> start(victim.index()));
        JsonNode resumed = awaitJob(
                token,
                jobId,
                deadline,
                j -> isFinished(j)
                        || (j.path("state").asText().equals("RUNNING")
                                && pidOf(j.path("worker").asText()) != pid));
        double resumeSeconds = (System.nanoTime() - killedAt) / 1e9;
        JsonNode end = awaitJob(token, jobId, deadline, FaultBench::isFinished);
        nodes[victim.index()] = restart.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        String note = resumed.path("state").asText().equals("RUNNING")
                ? "by " + resumed.path("worker").asText()
                : "";
        return new Kill(k + 1, phase, end.path("state").asText(), resumeSeconds, note);
    }

    private List<String> summary(List<Kill> done) throws IOException {
        long lost = done.stream().filter(k -> !k.state().equals("DONE")).count();
        Map<String, Integer> bySource = new HashMap<>();
        for (Manifest m : new ManifestStore(store).list(PROJECT)) {
            bySource.merge(m.metadata().getOrDefault("source_path", m.originalPath()), 1, Integer::sum);
        }
        long duplicated = bySource.values().stream()
                .filter(n -> n > 1)
                .mapToLong(n -> n - 1)
                .sum();
        long orphans;
        try (Stream<Path> walk = Files.walk(store)) {
            orphans = walk.filter(p -> {
                        String n = p.getFileName().toString();
                        return n.endsWith(".tmp") || n.startsWith(".job-");
                    })
                    .count();
        }
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
                        LEASE.toSeconds());
        return List.of(String.format(
                Locale.ROOT,
                "fault: kill -9 the lease holder x%d (phases %s): jobs lost %d, duplicated assets %d,"
                        + " orphan temp files %d, time to resume %s; %d asset(s) committed",
                done.size(),
                String.join("/", PHASES),
                lost,
                duplicated,
                orphans,
                resume,
                bySource.size()));
    }

    private static boolean isFinished(JsonNode job) {
        String s = job.path("state").asText();
        return s.equals("DONE") || s.equals("QUARANTINED");
    }

    private static long pidOf(String worker) {
        // node-<pid>@<host>-<slot>
        int dash = worker.indexOf('-');
        int at = worker.indexOf('@');
        if (dash < 0 || at < dash) {
            return -1;
        }
        return Long.parseLong(worker.substring(dash + 1, at));
    }

    private Optional<Node> nodeWithPid(long pid) {
        for (Node n : nodes) {
            if (n != null && n.process().pid() == pid) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    private JsonNode awaitJob(String token, String jobId, long deadline, java.util.function.Predicate<JsonNode> until)
            throws Exception {
        while (true) {
            try {
                JsonNode job = send("GET", "/api/v1/jobs/" + jobId, token, null);
                if (until.test(job)) {
                    return job;
                }
            } catch (IOException e) {
                // The node asked was just killed; the next poll asks another.
            }
            if (System.nanoTime() > deadline) {
                throw new GatewayException(
                        Reason.TIMEOUT,
                        "faults: job " + jobId + " did not get there in " + JOB_TIMEOUT.toSeconds() + " s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(25));
        }
    }

    private String login() throws Exception {
        return send(
                        "POST",
                        "/api/v1/auth/login",
                        null,
                        JSON.createObjectNode().put("username", USER).put("password", PASSWORD))
                .path("access_token")
                .asText();
    }

    /** One REST call to a live node. */
    private JsonNode send(String method, String path, String token, JsonNode body) throws Exception {
        Node n = live();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.httpPort() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new GatewayException(
                    Reason.INTERNAL,
                    "faults: " + method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private Node live() {
        for (Node n : nodes) {
            if (n != null && n.alive()) {
                return n;
            }
        }
        throw new GatewayException(Reason.UNAVAILABLE, "faults: no node is running");
    }

    private Node start(int index) {
        try {
            Path yaml = dir.resolve("node-" + index + ".yaml");
            List<String> members =
                    clusterPorts.stream().map(p -> "\"127.0.0.1:" + p + "\"").toList();
            Files.writeString(yaml, """
                    server:
                      host: 127.0.0.1
                      http-port: 0
                      grpc-port: 0
                      tls:
                        enabled: false
                    store:
                      dir: %s
                      node-dir: %s
                    cluster:
                      name: %s
                      port: %d
                      members: [%s]
                    ingest:
                      local-workers: 1
                      lease-s: %d
                      poll-ms: 200
                      intake-mb-per-s: %d
                    auth:
                      scrypt-log2-n: 10
                    """.formatted(
                            store,
                            dir.resolve("index-" + index),
                            cluster,
                            clusterPorts.get(index),
                            String.join(", ", members),
                            LEASE.toSeconds(),
                            intakeMbPerSecond));
            List<String> cmd = new ArrayList<>(WorkerProcess.javaCommand(FaultNodeMain.class.getName()));
            cmd.add(yaml.toString());
            Process p = new ProcessBuilder(cmd)
                    .redirectError(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("node-" + index + ".err").toFile()))
                    .start();
            CompletableFuture<Integer> ready = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader out =
                        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        if (line.startsWith("ready http=")) {
                            ready.complete(Integer.parseInt(line.substring(11, line.indexOf(' ', 11))));
                        }
                    }
                    ready.completeExceptionally(new GatewayException(
                            Reason.INTERNAL,
                            "faults: node " + index + " ended before it was ready; see "
                                    + dir.resolve("node-" + index + ".err")));
                } catch (IOException e) {
                    ready.completeExceptionally(e);
                }
            });
            return new Node(index, p, ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        } catch (Exception e) {
            throw new GatewayException(
                    Reason.INTERNAL, "faults: cannot start node " + index + ": " + e.getMessage(), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
