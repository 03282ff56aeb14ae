package gateway.agent;

import gateway.cli.GatewayCli;
import gateway.ingest.process.WorkerProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real gateway node in a JVM of its own, started as a user starts one: {@code gateway serve
 * --config node.yaml} (the CLI's main class on this test's class path, with this JVM's flags), TLS
 * with the certificate it makes in its store. {@link #stop} ends it as Ctrl-C does (SIGTERM: its
 * shutdown hook closes the node); {@link #start} again brings it back on the same store and ports.
 */
final class NodeProcess implements AutoCloseable {
    private final Path dir;
    private final Path store;
    private final Path config;
    private final int grpcPort;
    private final int httpPort;
    private final List<String> output = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Process process;
    private int starts;

    private NodeProcess(Path dir, int grpcPort, int httpPort, int clusterPort) throws IOException {
        this.dir = dir;
        this.store = dir.resolve("store");
        this.config = dir.resolve("node.yaml");
        this.grpcPort = grpcPort;
        this.httpPort = httpPort;
        Files.createDirectories(dir);
        Files.writeString(
                config,
                "server:\n  host: 127.0.0.1\n  http-port: " + httpPort + "\n  grpc-port: " + grpcPort + "\n"
                        + "store:\n  dir: " + store + "\n"
                        + "cluster:\n  name: agent-e2e-" + UUID.randomUUID() + "\n  port: " + clusterPort
                        + "\n  members: [127.0.0.1]\n"
                        + "ingest:\n  local-workers: 2\n  poll-ms: 200\n");
    }

    /** A node of its own in {@code dir} (store, config, logs) on free loopback ports; not started yet. */
    static NodeProcess in(Path dir) throws IOException {
        return new NodeProcess(dir, freePort(), freePort(), freePort());
    }

    Path store() {
        return store;
    }

    /** The certificate the node made on its first start: what clients trust. */
    Path certificate() {
        return store.resolve("security/tls/cert.pem");
    }

    int grpcPort() {
        return grpcPort;
    }

    int httpPort() {
        return httpPort;
    }

    /**
     * Runs one {@code gateway} command (e.g. {@code user add}) in a JVM of its own on the node's
     * store while the node is stopped; fails with its output when it exits non-zero.
     */
    void cli(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(WorkerProcess.javaCommand(GatewayCli.class.getName()));
        cmd.addAll(List.of(args));
        Path log = dir.resolve("cli-" + args[0] + "-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("gateway " + String.join(" ", args) + " did not end in 120 s");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(
                    "gateway " + String.join(" ", args) + " exited " + p.exitValue() + ":\n" + Files.readString(log));
        }
    }

    /** Starts {@code gateway serve} and returns once it printed "gateway ready" (at most 180 s). */
    void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the node is running already");
        }
        List<String> cmd = new ArrayList<>(WorkerProcess.javaCommand(GatewayCli.class.getName()));
        cmd.addAll(List.of("serve", "--config", config.toString()));
        starts++;
        process = new ProcessBuilder(cmd)
                .redirectError(dir.resolve("node-" + starts + ".err").toFile())
                .start();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Process p = process;
        Thread.ofVirtual().name("node-output").start(() -> {
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    output.add(line);
                    if (line.startsWith("gateway ready")) {
                        ready.complete(null);
                    }
                }
                ready.completeExceptionally(new AssertionError("the node ended before it was ready"));
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
        });
        try {
            ready.get(180, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new AssertionError(
                    "gateway serve (start " + starts + ") was not ready: " + e + "\nstdout: " + output + "\nstderr: "
                            + tail(dir.resolve("node-" + starts + ".err")),
                    e);
        }
    }

    /** Stops the node as Ctrl-C does and waits until its JVM has ended (at most 60 s). */
    void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the node did not stop within 60 s of SIGTERM");
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no " + file + ": " + e.getMessage() + ")";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
