package gateway.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.ingest.process.WorkerProcess;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * The fault bench's cluster: {@code size} node processes ({@link FaultNodeMain}, separate JVMs) on
 * loopback sharing one store, each with one claimer, reached over REST as a user with the ASSISTANT
 * role on project {@link #PROJECT}. Nodes are started, killed (SIGKILL), frozen (SIGSTOP) and thawed
 * by index; a REST call goes to the first live node unless it names one.
 */
final class FaultCluster implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final ProjectId PROJECT = new ProjectId("faults");
    static final Duration START_TIMEOUT = Duration.ofSeconds(420);
    static final String USER = "faults";
    static final String PASSWORD = "faults-password";

    /**
     * One node process, its ports, where its REST API is ({@code base}) and the HTTP client that
     * reaches it (one that trusts the node's self-signed certificate when it serves TLS).
     */
    record Node(int index, Process process, int httpPort, int grpcPort, URI base, HttpClient http) {
        boolean alive() {
            return process.isAlive();
        }
    }

    /**
     * Where a node runs: the address it binds (HTTP, gRPC and its cluster port) and the command its
     * JVM is started under (e.g. {@code ip netns exec NS} for a node in its own network namespace).
     */
    record Placement(String host, List<String> prefix) {
        static final Placement LOOPBACK = new Placement("127.0.0.1", List.of());

        /** The node refuses plaintext off loopback: elsewhere it serves TLS with its self-signed default. */
        boolean tls() {
            return !host.startsWith("127.");
        }
    }

    private final Path dir;
    private final Path store;
    private final int leaseSeconds;
    private final int intakeMbPerSecond;
    private final Node[] nodes;
    private final List<Placement> placements;
    private final List<Integer> clusterPorts = new ArrayList<>();
    private final String cluster = "faults-" + UUID.randomUUID();
    private final HttpClient http = HttpClient.newHttpClient();
    private final java.util.Set<Integer> frozen = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** A cluster of {@code size} nodes on loopback on {@code store} (node files in {@code dir}); not started yet. */
    FaultCluster(Path dir, Path store, int size, int leaseSeconds, int intakeMbPerSecond) throws IOException {
        this(dir, store, java.util.Collections.nCopies(size, Placement.LOOPBACK), leaseSeconds, intakeMbPerSecond);
    }

    /** A cluster of one node per placement on {@code store} (node files in {@code dir}); not started yet. */
    FaultCluster(Path dir, Path store, List<Placement> placements, int leaseSeconds, int intakeMbPerSecond)
            throws IOException {
        int size = placements.size();
        this.placements = List.copyOf(placements);
        this.dir = Files.createDirectories(dir);
        this.store = Files.createDirectories(store);
        this.leaseSeconds = leaseSeconds;
        this.intakeMbPerSecond = intakeMbPerSecond;
        this.nodes = new Node[size];
        for (int i = 0; i < size; i++) {
            clusterPorts.add(freePort());
        }
        if (!Files.exists(store.resolve("security"))) {
            new UserDirectory(store.resolve("security"), ScryptParams.DEFAULT.withLog2N(10))
                    .put(USER, PASSWORD, Map.of(PROJECT, Role.ASSISTANT));
        }
    }

    Path store() {
        return store;
    }

    /** The members' cluster (Hazelcast) ports, by node index. */
    List<Integer> clusterPorts() {
        return List.copyOf(clusterPorts);
    }

    int size() {
        return nodes.length;
    }

    Node node(int index) {
        return nodes[index];
    }

    /** Starts every node (the first alone, then the others together) and waits until all are ready. */
    void startAll() throws Exception {
        nodes[0] = start(0);
        List<CompletableFuture<Node>> rest = new ArrayList<>();
        for (int i = 1; i < nodes.length; i++) {
            int index = i;
            rest.add(CompletableFuture.supplyAsync(() -> start(index)));
        }
        for (int i = 1; i < nodes.length; i++) {
            nodes[i] = rest.get(i - 1).get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** SIGKILL of node {@code index}; returns when the process is gone. */
    void kill(int index) throws InterruptedException {
        nodes[index].process().destroyForcibly();
        nodes[index].process().waitFor(30, TimeUnit.SECONDS);
    }

    /** Starts node {@code index} again (same config, same store) and waits until it is ready. */
    Node restart(int index) {
        nodes[index] = start(index);
        return nodes[index];
    }

    /** SIGSTOP (freeze) or SIGCONT (thaw) of node {@code index}: the process keeps its sockets but answers nothing. */
    void signal(int index, boolean stop) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder(
                        "kill",
                        stop ? "-STOP" : "-CONT",
                        Long.toString(nodes[index].process().pid()))
                .inheritIO()
                .start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new GatewayException(Reason.INTERNAL, "faults: kill " + (stop ? "-STOP" : "-CONT") + " failed");
        }
        if (stop) {
            frozen.add(index);
        } else {
            frozen.remove(index);
        }
    }

    Optional<Node> nodeWithPid(long pid) {
        for (Node n : nodes) {
            if (n != null && n.process().pid() == pid) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    String login() throws Exception {
        return send(
                        "POST",
                        "/api/v1/auth/login",
                        null,
                        JSON.createObjectNode().put("username", USER).put("password", PASSWORD))
                .path("access_token")
                .asText();
    }

    /** Submits a copy-mode ingest of {@code paths}; the node's answer (its {@code jobs}). */
    JsonNode ingest(String token, List<Path> paths) throws Exception {
        var array = JSON.createArrayNode();
        paths.forEach(p -> array.add(p.toString()));
        return send(
                "POST",
                "/api/v1/ingest",
                token,
                JSON.createObjectNode()
                        .put("project", PROJECT.value())
                        .put("copy", true)
                        .set("paths", array));
    }

    /** Polls job {@code jobId} (on any live node) until {@code until} holds; TIMEOUT after {@code deadline} (nanoTime). */
    JsonNode awaitJob(String token, String jobId, long deadline, Predicate<JsonNode> until) throws Exception {
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
                throw new GatewayException(Reason.TIMEOUT, "faults: job " + jobId + " did not get there in time");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(25));
        }
    }

    static boolean isFinished(JsonNode job) {
        String s = job.path("state").asText();
        return s.equals("DONE") || s.equals("QUARANTINED");
    }

    /** The pid in a worker id ({@code node-<pid>@<host>-<slot>}), or -1. */
    static long pidOf(String worker) {
        int dash = worker.indexOf('-');
        int at = worker.indexOf('@');
        if (dash < 0 || at < dash) {
            return -1;
        }
        return Long.parseLong(worker.substring(dash + 1, at));
    }

    /** One REST call to the first live, not frozen node. */
    JsonNode send(String method, String path, String token, JsonNode body) throws Exception {
        return send(live(), method, path, token, body);
    }

    /** One REST call to node {@code n}; a non-2xx answer is a GatewayException with the status and body. */
    JsonNode send(Node n, String method, String path, String token, JsonNode body) throws Exception {
        HttpResponse<String> r = call(n, method, path, token, body);
        if (r.statusCode() / 100 != 2) {
            throw new GatewayException(
                    Reason.INTERNAL,
                    "faults: " + method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** One REST call to node {@code n}, whatever its status. */
    HttpResponse<String> call(Node n, String method, String path, String token, JsonNode body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(n.base().resolve(path))
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
        return n.http().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The body of a GET to node {@code n}; empty unless it answered 200. */
    byte[] bytes(Node n, String path, String token) throws Exception {
        HttpResponse<byte[]> r = n.http()
                .send(
                        HttpRequest.newBuilder(n.base().resolve(path))
                                .timeout(Duration.ofSeconds(30))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        return r.statusCode() == 200 ? r.body() : new byte[0];
    }

    /** The asset ids node {@code n}'s index finds in the project (up to 500). */
    List<String> indexed(Node n, String token) throws Exception {
        JsonNode r = send(n, "GET", "/api/v1/search?q=&project=" + PROJECT.value() + "&page_size=500", token, null);
        List<String> ids = new ArrayList<>();
        r.path("hits").forEach(h -> ids.add(h.path("asset_id").asText()));
        return ids;
    }

    Node live() {
        for (Node n : nodes) {
            if (n != null && n.alive() && !frozen.contains(n.index())) {
                return n;
            }
        }
        throw new GatewayException(Reason.UNAVAILABLE, "faults: no node is running");
    }

    private Node start(int index) {
        try {
            Path yaml = dir.resolve("node-" + index + ".yaml");
            List<String> members = new ArrayList<>();
            for (int i = 0; i < clusterPorts.size(); i++) {
                members.add("\"" + placements.get(i).host() + ":" + clusterPorts.get(i) + "\"");
            }
            Placement placement = placements.get(index);
            Files.writeString(yaml, """
                    server:
                      host: %s
                      http-port: 0
                      grpc-port: 0
                      tls:
                        enabled: %s
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
                            placement.host(),
                            placement.tls(),
                            store,
                            dir.resolve("index-" + index),
                            cluster,
                            clusterPorts.get(index),
                            String.join(", ", members),
                            leaseSeconds,
                            intakeMbPerSecond));
            List<String> cmd = new ArrayList<>(placement.prefix());
            cmd.addAll(WorkerProcess.javaCommand(FaultNodeMain.class.getName()));
            cmd.add(yaml.toString());
            Process p = new ProcessBuilder(cmd)
                    .redirectError(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("node-" + index + ".err").toFile()))
                    .start();
            CompletableFuture<int[]> ready = new CompletableFuture<>();
            // A platform thread: a read of a process pipe holds its thread, and three of them held
            // every carrier of the virtual threads (the partition fault's samplers then never ran).
            Thread.ofPlatform().daemon().name("node-" + index + "-out").start(() -> {
                try (BufferedReader out =
                        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        if (line.startsWith("ready http=")) {
                            String[] parts = line.split("[ =]");
                            ready.complete(new int[] {Integer.parseInt(parts[2]), Integer.parseInt(parts[4])});
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
            try {
                int[] ports = ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                Path nodeDir = dir.resolve("index-" + index);
                return new Node(
                        index,
                        p,
                        ports[0],
                        ports[1],
                        URI.create((placement.tls() ? "https://" : "http://") + placement.host() + ":" + ports[0]),
                        placement.tls()
                                ? trusting(nodeDir.resolve("security")
                                        .resolve("tls")
                                        .resolve("cert.pem"))
                                : http);
            } catch (java.util.concurrent.TimeoutException e) {
                p.destroyForcibly(); // not left running behind the bench
                throw new GatewayException(
                        Reason.TIMEOUT,
                        "faults: node " + index + " was not ready after " + START_TIMEOUT.toSeconds() + " s (load "
                                + String.format(
                                        java.util.Locale.ROOT,
                                        "%.0f",
                                        java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                                                .getSystemLoadAverage())
                                + "); see " + dir.resolve("node-" + index + ".err"),
                        e);
            }
        } catch (GatewayException e) {
            throw e;
        } catch (Exception e) {
            throw new GatewayException(
                    Reason.INTERNAL, "faults: cannot start node " + index + ": " + e.getMessage(), e);
        }
    }

    /** An HTTP client that trusts the one certificate in {@code pem} (a node's self-signed default). */
    private static HttpClient trusting(Path pem) throws Exception {
        java.security.cert.Certificate cert;
        try (var in = Files.newInputStream(pem)) {
            cert = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("node", cert);
        javax.net.ssl.TrustManagerFactory tmf =
                javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] != null) {
                if (frozen.contains(i)) {
                    try {
                        signal(i, false);
                    } catch (Exception e) {
                        // destroyed below anyway
                    }
                }
                nodes[i].process().destroyForcibly();
            }
        }
    }
}
