package gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.cli.GatewayCli;
import gateway.client.ClientOptions;
import gateway.client.GatewayClient;
import gateway.client.IngestJob;
import gateway.client.JobState;
import gateway.client.JobUpdate;
import gateway.client.SearchResult;
import gateway.ingest.process.WorkerProcess;
import gateway.model.asset.AssetId;
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
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes, each a {@code gateway serve} JVM, on loopback with one shared store (each with its
 * own index folder): an ingest submitted to node A, which runs no workers, is claimed by node B's
 * worker, and the asset is then searchable and streamable from node C; a user whose tokens are
 * revoked on A is refused by B and C within {@code auth.revocation-check-interval-s}; a fourth node
 * pointed at another store refuses to start, naming {@code store.dir}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 420, unit = TimeUnit.SECONDS)
class ThreeNodeClusterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ProjectId PROJECT = new ProjectId("three");
    private static final String USER = "ed";
    private static final String PASSWORD = "ed-password-3";
    private static final Duration REVOCATION_INTERVAL = Duration.ofSeconds(2);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(150);

    @TempDir
    static Path dir;

    static Path store;
    static String cluster;
    static List<Integer> clusterPorts;
    static final List<Process> processes = new ArrayList<>();
    static Node a;
    static Node b;
    static Node c;
    static Path original;

    /** One node process and the ports it printed. */
    record Node(String name, Process process, int httpPort, int grpcPort) {
        GatewayClient client(String token) {
            return GatewayClient.connect(
                    "127.0.0.1", grpcPort, ClientOptions.plaintext().withBearerToken(token));
        }

        URI http(String path) {
            return URI.create("http://127.0.0.1:" + httpPort + path);
        }
    }

    @BeforeAll
    static void startThreeNodes() throws Exception {
        store = Files.createDirectories(dir.resolve("shared-store"));
        cluster = "three-" + UUID.randomUUID();
        clusterPorts = List.of(freePort(), freePort(), freePort());
        new UserDirectory(store.resolve("security"), ScryptParams.DEFAULT.withLog2N(10))
                .put(USER, PASSWORD, Map.of(PROJECT, Role.ASSISTANT));
        Path cards = Files.createDirectories(dir.resolve("cards/A001"));
        original = new SampleOriginals()
                .generate(
                        SampleSpec.proresHq1080p25()
                                .withSize(320, 180)
                                .withDurationFrames(25)
                                .withNoise(false),
                        cards.resolve("A001C003.mov"),
                        ProgressListener.NONE);
        // A first: it makes the shared signing key that B and C then read.
        a = start("a", store, 0, 0);
        CompletableFuture<Node> startB = CompletableFuture.supplyAsync(() -> start("b", store, 1, 1));
        CompletableFuture<Node> startC = CompletableFuture.supplyAsync(() -> start("c", store, 2, 0));
        b = startB.get(START_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
        c = startC.get(START_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopNodes() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        for (Process p : processes) {
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(1)
    void anIngestOnANodeWithoutWorkersRunsOnAnotherAndIsSearchableAndStreamableOnTheThird() throws Exception {
        String token = login(a);
        String assetId;
        try (GatewayClient onA = a.client(token)) {
            // A small card in reference mode besides the card copied: both are claimed by B.
            Path warm = Files.createDirectories(dir.resolve("cards/W001"));
            Files.copy(original, warm.resolve("W001C001.mov"));
            String warmJob = onA.ingest(List.of(warm.toString()), PROJECT.value(), false)
                    .get(0)
                    .jobId();
            List<IngestJob> jobs = onA.ingest(List.of(original.getParent().toString()), PROJECT.value(), true);
            assertEquals(1, jobs.size());
            Map<String, JobUpdate> done = onA.watchJobs(List.of(jobs.get(0).jobId(), warmJob), u -> {});
            JobUpdate last = done.get(jobs.get(0).jobId());
            assertEquals(JobState.DONE, last.state(), last.toString());
            assetId = last.assetId();
            JsonNode job = getJson(a, "/api/v1/jobs/" + jobs.get(0).jobId(), token);
            assertTrue(
                    job.path("worker").asText().contains("-" + b.process().pid() + "@"),
                    "claimed by node B's worker: " + job);
        }
        try (GatewayClient onC = c.client(token)) {
            SearchResult hits = awaitHit(onC, "A001C003", assetId);
            assertTrue(hits.totalHits() >= 1);
            Manifest m =
                    new ManifestStore(store).read(PROJECT, new AssetId(assetId)).orElseThrow();
            Path proxy = new ManifestStore(store)
                    .assetDir(PROJECT, new AssetId(assetId))
                    .resolve(m.rendition("edit").orElseThrow().path());
            Path fetched = dir.resolve("fetched-from-c.mov");
            onC.fetch(assetId, "edit", fetched);
            assertArrayEquals(Files.readAllBytes(proxy), Files.readAllBytes(fetched), "byte-exact from node C");
        }
        assertEquals(
                "copy",
                new ManifestStore(store)
                        .read(PROJECT, new AssetId(assetId))
                        .orElseThrow()
                        .metadata()
                        .get("ingest_mode"));
    }

    @Test
    @Order(2)
    void aUserRevokedOnOneNodeIsCutOffOnAllWithinTheInterval() throws Exception {
        String token = login(a);
        // Connected before the revocation, so the figure is the revocation's travel, not a handshake.
        Map<String, GatewayClient> clients = new java.util.LinkedHashMap<>();
        try {
            for (Node n : List.of(a, b, c)) {
                clients.put(n.name(), n.client(token));
                assertNotEquals(null, clients.get(n.name()).listProjects(), "accepted on " + n.name() + " before");
            }
            Answer revoked = call(a, "POST", "/api/v1/admin/users/" + USER + "/revoke-tokens", token, null);
            long revokedAt = System.nanoTime();
            assertEquals(204, revoked.status(), revoked.body());
            for (Node n : List.of(b, c)) {
                long[] after = awaitRefused(n, clients.get(n.name()), revokedAt);
                // No call that started later than the interval after the revocation is accepted
                // (a margin for the cluster event on a loaded test machine).
                assertTrue(
                        after[0] <= REVOCATION_INTERVAL.toMillis() + 2000,
                        "node " + n.name() + " still accepted a call started " + after[0]
                                + " ms after the revocation (first refusal " + after[1] + " ms after it)");
            }
        } finally {
            clients.values().forEach(GatewayClient::close);
        }
    }

    @Test
    @Order(3)
    void aFourthNodeOnAnotherStoreRefusesToStartNamingStoreDir() throws Exception {
        Path other = Files.createDirectories(dir.resolve("local-disk-store"));
        Process p = launch("d", other, freePort());
        assertTrue(p.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "node d stopped");
        String err = Files.readString(dir.resolve("node-d.err"));
        assertEquals(1, p.exitValue(), err);
        assertTrue(err.contains("store.dir") && err.contains(other.toString()), err);
        assertTrue(err.contains(store.toString()), "names the shared store too: " + err);
    }

    /** Searches until {@code assetId} is among the hits. */
    private static SearchResult awaitHit(GatewayClient client, String query, String assetId) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            SearchResult r = client.search(query, PROJECT.value(), 10);
            if (r.hits().stream().anyMatch(h -> h.assetId().value().equals(assetId))) {
                return r;
            }
            assertTrue(System.nanoTime() < deadline, "no hit for " + query + " on node C after 60 s");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    /**
     * Polls {@code node} with the token {@code client} carries until it is refused; returns the
     * milliseconds after {@code since} at which the last accepted call started (0: none was) and at
     * which the first refusal came back.
     */
    private static long[] awaitRefused(Node node, GatewayClient client, long since) {
        long deadline = since + TimeUnit.SECONDS.toNanos(30);
        long lastAccepted = since;
        while (true) {
            long started = System.nanoTime();
            try {
                client.listProjects();
                lastAccepted = started;
            } catch (GatewayException e) {
                assertEquals(Reason.UNAUTHENTICATED, e.reason(), e.getMessage());
                return new long[] {
                    Math.max(0, lastAccepted - since) / 1_000_000, (System.nanoTime() - since) / 1_000_000
                };
            }
            assertTrue(System.nanoTime() < deadline, "node " + node.name() + " still accepts the token after 30 s");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private static String login(Node node) throws Exception {
        Answer r = call(
                node,
                "POST",
                "/api/v1/auth/login",
                null,
                JSON.createObjectNode()
                        .put("username", USER)
                        .put("password", PASSWORD)
                        .toString());
        assertEquals(200, r.status(), r.body());
        return JSON.readTree(r.body()).path("access_token").asText();
    }

    private static JsonNode getJson(Node node, String path, String token) throws Exception {
        Answer r = call(node, "GET", path, token, null);
        assertEquals(200, r.status(), r.body());
        return JSON.readTree(r.body());
    }

    record Answer(int status, String body) {}

    private static Answer call(Node node, String method, String path, String token, String body) throws IOException {
        HttpURLConnection c = (HttpURLConnection) node.http(path).toURL().openConnection();
        c.setRequestMethod(method);
        c.setConnectTimeout(30_000);
        c.setReadTimeout(30_000);
        if (token != null) {
            c.setRequestProperty("Authorization", "Bearer " + token);
        }
        if (body != null) {
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json");
            try (var out = c.getOutputStream()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
        }
        int status = c.getResponseCode();
        var in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        c.disconnect();
        return new Answer(status, text);
    }

    /** Starts node {@code name} (cluster port number {@code index}) and waits until it says it is ready. */
    private static Node start(String name, Path storeDir, int index, int localWorkers) {
        try {
            Process p = launch(name, storeDir, clusterPorts.get(index), localWorkers);
            return awaitReady(name, p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Process launch(String name, Path storeDir, int clusterPort) throws IOException {
        return launch(name, storeDir, clusterPort, 0);
    }

    private static Process launch(String name, Path storeDir, int clusterPort, int localWorkers) throws IOException {
        List<String> members = new ArrayList<>();
        clusterPorts.forEach(port -> members.add("\"127.0.0.1:" + port + "\""));
        members.add("\"127.0.0.1:" + clusterPort + "\"");
        Path yaml = dir.resolve("node-" + name + ".yaml");
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
                  local-workers: %d
                  lease-s: 5
                  poll-ms: 200
                auth:
                  revocation-check-interval-s: %d
                  scrypt-log2-n: 10
                """.formatted(
                        storeDir,
                        dir.resolve("index-" + name),
                        cluster,
                        clusterPort,
                        String.join(", ", members.stream().distinct().toList()),
                        localWorkers,
                        REVOCATION_INTERVAL.toSeconds()));
        List<String> cmd = new ArrayList<>(WorkerProcess.javaCommand(GatewayCli.class.getName()));
        cmd.addAll(List.of("serve", "--config", yaml.toString()));
        Process p = new ProcessBuilder(cmd)
                .redirectError(dir.resolve("node-" + name + ".err").toFile())
                .start();
        synchronized (processes) {
            processes.add(p);
        }
        return p;
    }

    private static final Pattern GRPC = Pattern.compile("^gRPC:\\s+127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern WEB = Pattern.compile("^web:\\s+https?://127\\.0\\.0\\.1:(\\d+)/");

    /** Reads the node's standard output until "gateway ready", taking the ports it printed. */
    private static Node awaitReady(String name, Process p) {
        CompletableFuture<Node> ready = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            int http = 0;
            int grpc = 0;
            StringBuilder seen = new StringBuilder();
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    seen.append(line).append('\n');
                    Matcher g = GRPC.matcher(line);
                    Matcher w = WEB.matcher(line);
                    if (g.find()) {
                        grpc = Integer.parseInt(g.group(1));
                    } else if (w.find()) {
                        http = Integer.parseInt(w.group(1));
                    } else if (line.contains("gateway ready")) {
                        ready.complete(new Node(name, p, http, grpc));
                    }
                }
                ready.completeExceptionally(new AssertionError("node " + name + " ended before it was ready:\n" + seen
                        + readQuietly(dir.resolve("node-" + name + ".err"))));
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
        });
        try {
            return ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(
                    "node " + name + " did not start in " + START_TIMEOUT.toSeconds() + " s: "
                            + readQuietly(dir.resolve("node-" + name + ".err")),
                    e);
        }
    }

    private static String readQuietly(Path f) {
        try {
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
