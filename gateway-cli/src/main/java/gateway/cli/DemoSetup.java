package gateway.cli;

import gateway.ingest.JobStatus;
import gateway.ingest.process.WorkerProcess;
import gateway.model.asset.DurableFiles;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.server.GatewayNode;
import gateway.server.auth.Role;
import gateway.tiers.EmbeddedS3Tier;
import gateway.tiers.TierPolicy;
import gateway.tiers.TiersConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What {@code ./gateway demo} adds to a plain node: a demo project and login, sample camera
 * originals generated with GStreamer, their ingest, and a one-event EDL to conform. Everything is
 * reused on the next run.
 */
final class DemoSetup {
    static final String PROJECT = "demo";
    static final String USER = "demo";

    /** The login and sample paths the demo prints. */
    record Login(String user, String password, Path sample, Path edl) {}

    /** A sample original: the worker's preset name and the file it makes. */
    record Sample(String preset, String fileName, String what) {}

    static final List<Sample> SAMPLES = List.of(
            new Sample(
                    "a001c003",
                    "A001C003.mov",
                    "10 s 1080p25 ProRes 422 HQ, TC 01:00:00:00, reel A001C003, 24-bit stereo"),
            new Sample(
                    "b002c011",
                    "B002C011.mov",
                    "10 s 1080p 23.976 H.264, TC 14:00:00:00, reel B002C011, 4 audio channels"),
            new Sample("sr001", "SR001.WAV", "Broadcast WAV, TC 12:39:59:00 at 23.976, tape SR001"));

    private final GatewayNode node;
    private final PrintStream out;

    DemoSetup(GatewayNode node, PrintStream out) {
        this.node = node;
        this.out = out;
    }

    /**
     * The demo's storage tiers: an embedded S3 server (S3Proxy on loopback, data under the store) as
     * tier "archive", and project "demo" demoting every original to it after ingest and releasing the
     * NAS copy as soon as the object is verified (release-after-d: 0), so a new user sees originals
     * that live on the object tier only: consolidation and render restore the frames they need by the
     * range, and {@code ./gateway tier promote} brings them back. A real deployment sets the days (see
     * ops/README.md, "Storage tiers").
     */
    static TiersConfig demoTiers() {
        return TiersConfig.none()
                .withTier(new EmbeddedS3Tier("archive", "originals"))
                .withPolicy(new TierPolicy(new ProjectId(PROJECT), "archive", 0))
                .withSweepInterval(Duration.ofSeconds(5));
    }

    Login run() throws IOException, InterruptedException {
        Path store = node.config().store().dir();
        String password = demoPassword(store.resolve("security").resolve("demo-password"));
        if (node.users().user(USER).isEmpty()) {
            node.users().put(USER, password, Map.of(new ProjectId(PROJECT), Role.ADMIN));
        }
        Path originals = store.resolve("originals");
        Files.createDirectories(originals);
        WorkerProcess worker = WorkerProcess.mediaTasks();
        // An original demoted and released on an earlier run is on the object tier: not made again.
        java.util.Set<String> ingested = new java.util.HashSet<>();
        node.store().list(new ProjectId(PROJECT), e -> {}).forEach(m -> ingested.add(m.name()));
        for (Sample s : SAMPLES) {
            Path file = originals.resolve(s.fileName());
            if (Files.exists(file) || ingested.contains(s.fileName())) {
                continue;
            }
            out.println("generating " + s.fileName() + " (" + s.what() + ")");
            int[] last = {-1};
            worker.run(List.of("generate", s.preset(), file.toString()), Duration.ofMinutes(5), pct -> {
                if (pct / 10 != last[0]) {
                    last[0] = pct / 10;
                    out.print("\r  " + bar(pct));
                    out.flush();
                }
            });
            out.println("\r  " + bar(100) + " done");
        }
        ingest(originals);
        Path edl = store.resolve("demo").resolve("cut.edl");
        writeEdl(edl);
        return new Login(USER, password, originals.resolve(SAMPLES.get(0).fileName()), edl);
    }

    private void ingest(Path originals) throws InterruptedException, IOException {
        try (var files = Files.list(originals)) {
            if (files.noneMatch(
                    f -> Files.isRegularFile(f) && !f.getFileName().toString().startsWith("."))) {
                out.println("the demo's originals are on the object tier (their NAS copies released): see"
                        + " ./gateway tier status");
                return;
            }
        }
        List<JobStatus> jobs = node.ingest().submit(List.of(originals), new ProjectId(PROJECT));
        CountDownLatch done = new CountDownLatch(jobs.size());
        List<String> failures = new ArrayList<>();
        for (JobStatus j : jobs) {
            String name = Path.of(j.path()).getFileName().toString();
            int[] last = {-1};
            node.ingest().watch(j.jobId(), s -> {
                if (s.isFinished()) {
                    synchronized (out) {
                        out.println("ingest " + name + ": "
                                + (s.state().equals(JobStatus.DONE)
                                        ? "done, asset " + s.assetId()
                                                + (s.warnings().isEmpty() ? "" : " (" + s.warnings() + ")")
                                        : "FAILED " + s.errorReason() + ": " + s.errorMessage()));
                    }
                    if (!s.state().equals(JobStatus.DONE)) {
                        synchronized (failures) {
                            failures.add(name);
                        }
                    }
                    done.countDown();
                } else if (s.percent() / 25 != last[0]) {
                    last[0] = s.percent() / 25;
                    synchronized (out) {
                        out.println("ingest " + name + ": " + s.percent() + " % (probe, checksums, proxy)");
                    }
                }
            });
        }
        if (!done.await(20, TimeUnit.MINUTES)) {
            throw new GatewayException(Reason.TIMEOUT, "demo ingest did not finish in 20 minutes");
        }
        out.println("indexed "
                + node.index().byReel(new ProjectId(PROJECT), "A001C003").size() + " asset(s) on reel A001C003");
        if (!failures.isEmpty()) {
            throw new GatewayException(Reason.INTERNAL, "demo ingest failed for " + failures);
        }
    }

    /** One event that takes 2 s out of A001C003 from 01:00:02:00. */
    private static void writeEdl(Path edl) throws IOException {
        String text = """
                TITLE: GATEWAY DEMO
                FCM: NON-DROP FRAME

                001  A001C003 V     C        01:00:02:00 01:00:04:00 00:00:00:00 00:00:02:00
                * FROM CLIP NAME: A001C003.mov
                """;
        DurableFiles.write(edl, text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String demoPassword(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        byte[] b = new byte[6];
        new SecureRandom().nextBytes(b);
        String password = "demo-" + HexFormat.of().formatHex(b);
        Files.createDirectories(file.getParent());
        Files.writeString(file, password);
        return password;
    }

    static String bar(int pct) {
        int n = Math.max(0, Math.min(20, pct / 5));
        return "[" + "#".repeat(n) + " ".repeat(20 - n) + "] " + pct + " %";
    }
}
