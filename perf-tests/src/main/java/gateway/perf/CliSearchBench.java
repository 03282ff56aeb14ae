package gateway.perf;

import gateway.model.asset.Manifest;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.server.GatewayNode;
import gateway.server.auth.Role;
import gateway.server.config.GatewayConfig;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A remote search as a person types it, {@code ./gateway search REEL --project P --server ... --json},
 * timed as a whole process from start to exit (the launcher, the JVM, TLS, the call, the JSON), against
 * {@code curl} asking the node's REST search endpoint the same question with the same token. The node
 * runs in this process with TLS (its self-signed certificate) and holds a few synthetic manifests, so
 * the search returns a real hit. The runs alternate (CLI, curl, CLI, ...) after one uncounted warm-up
 * of each. Goal: the CLI's median wall time at most 1 s.
 */
final class CliSearchBench {
    static final double GOAL_SECONDS = 1.0;
    private static final String USER = "bench";
    private static final String PASSWORD = "bench-pass-2026";
    private static final int ASSETS = 40;
    private static final long PROCESS_TIMEOUT_SECONDS = 60;

    private final Path workDir;
    private final int runs;
    private final Path launcher;

    CliSearchBench(Path workDir, int runs, Path root) {
        this.workDir = workDir;
        this.runs = runs;
        this.launcher = root.resolve("gateway");
    }

    List<BenchRow> run() throws IOException {
        if (!Files.isExecutable(launcher)) {
            System.out.println("cli: SKIPPED: no launcher at " + launcher + " (run the bench through ./gateway bench)");
            return List.of();
        }
        Path dir = workDir.resolve("cli");
        StreamBench.deleteTree(dir);
        Files.createDirectories(dir);
        try (GatewayNode node =
                GatewayNode.start(GatewayConfig.standalone(dir.resolve("store"), "cli-bench"), line -> {})) {
            Path ca = node.trustFile()
                    .orElseThrow(() -> new GatewayException(
                            Reason.INTERNAL,
                            "cli bench: the node has no TLS certificate to trust; it should make one"));
            Manifest hit = seed(node);
            ProjectId project = hit.project();
            node.users().put(USER, PASSWORD, Map.of(project, Role.ASSISTANT));
            String token = node.authenticator().login(USER, PASSWORD).accessToken();
            String query = hit.name();
            List<String> cli = List.of(
                    launcher.toString(),
                    "search",
                    query,
                    "--project",
                    project.value(),
                    "--server",
                    "127.0.0.1:" + node.grpcPort(),
                    "--ca",
                    ca.toString(),
                    "--token",
                    token,
                    "--json");
            List<String> curl = List.of(
                    "curl",
                    "-sS",
                    "--fail",
                    "--cacert",
                    ca.toString(),
                    "-H",
                    "Authorization: Bearer " + token,
                    "https://127.0.0.1:" + node.httpPort() + "/api/v1/search?q="
                            + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&project=" + project.value());
            String expected = hit.assetId().value();
            System.out.println("cli: node on gRPC " + node.grpcPort() + ", HTTP " + node.httpPort() + "; searching "
                    + query + " in " + project.value() + " (" + ASSETS + " assets), expecting asset " + expected);
            timed(cli, expected, dir); // warm-up: the page cache, the node's JIT
            timed(curl, expected, dir);
            double[] ours = new double[runs];
            double[] peer = new double[runs];
            for (int i = 0; i < runs; i++) {
                ours[i] = timed(cli, expected, dir);
                peer[i] = timed(curl, expected, dir);
            }
            BenchRow row = new BenchRow(
                    "cli remote search (whole process, TLS, --token)",
                    "curl",
                    ours,
                    peer,
                    String.format(
                            Locale.ROOT,
                            "<= %.1f s wall: %s",
                            GOAL_SECONDS,
                            BenchRow.median(ours) <= GOAL_SECONDS ? "met" : "NOT met"));
            System.out.println("cli: " + row.format().strip());
            return List.of(row);
        }
    }

    /** A few synthetic camera originals, committed to the store and indexed; returns the first. */
    private static Manifest seed(GatewayNode node) {
        List<Manifest> all = new ArrayList<>();
        ProjectId project = SearchAssets.manifest(0).project();
        for (long n = 0; all.size() < ASSETS; n++) {
            Manifest m = SearchAssets.manifest(n);
            if (m.project().equals(project)) {
                node.store().commit(m);
                node.index().upsert(m);
                all.add(m);
            }
        }
        node.index().commit();
        node.index().refresh();
        return all.get(0);
    }

    /** Wall seconds of one whole process; its output must name the expected asset. */
    private static double timed(List<String> command, String expected, Path dir) throws IOException {
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        try {
            if (!p.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new GatewayException(
                        Reason.TIMEOUT,
                        "cli bench: " + command.get(0) + " did not finish in " + PROCESS_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException(Reason.INTERNAL, "cli bench: interrupted while timing " + command.get(0), e);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        String printed = Files.readString(out);
        if (p.exitValue() != 0 || !printed.contains(expected)) {
            throw new GatewayException(
                    Reason.INTERNAL,
                    "cli bench: " + command.get(0) + " exited " + p.exitValue() + " without asset " + expected
                            + " in its output; it said: " + (printed + Files.readString(err)).strip());
        }
        return seconds;
    }
}
