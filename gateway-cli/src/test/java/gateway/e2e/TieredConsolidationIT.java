package gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.client.ClientOptions;
import gateway.client.ConformOptions;
import gateway.client.ConformResult;
import gateway.client.ConformStep;
import gateway.client.GatewayClient;
import gateway.ingest.JobStatus;
import gateway.model.asset.Manifest;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.OriginalLocation.State;
import gateway.model.asset.ProjectId;
import gateway.model.time.FrameRate;
import gateway.proxy.probe.MediaProbe;
import gateway.proxy.progress.ProgressListener;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import gateway.server.GatewayNode;
import gateway.server.auth.Role;
import gateway.server.config.GatewayConfig;
import gateway.server.tiers.DemotionJob;
import gateway.server.tiers.TierDesk;
import gateway.tiers.EmbeddedS3Tier;
import gateway.tiers.PosixTier;
import gateway.tiers.TierPolicy;
import gateway.tiers.TiersConfig;
import gateway.tiers.embedded.EmbeddedS3;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's path end to end on a node: an original ingested from a NAS folder is demoted to the
 * object tier (a real S3 server, S3Proxy), its NAS copy released; a conform of 3 s of it with
 * 12-frame handles then consolidates by range-exact restore: the egress plan is in the report before
 * any byte moves, the S3 server (its own count) serves what the plan said and no more than 1 % over,
 * far less than the file, and the trimmed original has the source's frames and timecode.
 */
@Timeout(900) // demotion, a consolidation and a render each on a node; a loaded 2-core machine was seen at 420 s
class TieredConsolidationIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ProjectId PROJECT = new ProjectId("tiered");

    @TempDir
    Path dir;

    @Test
    void aDemotedOriginalIsConsolidatedByTheRangeFromTheObjectTier() throws Exception {
        Path nas = Files.createDirectories(dir.resolve("nas"));
        Path original = nas.resolve("A001C003.mov");
        generate(original);
        Path source = Files.copy(original, dir.resolve("source-kept-for-the-check.mov"));
        long wholeBytes = Files.size(original);
        try (GatewayNode node = GatewayNode.start(config(nas), line -> {})) {
            node.users().put("online", "online-pass", Map.of(PROJECT, Role.ASSISTANT));
            EmbeddedS3 s3 = node.tiers().orElseThrow().embeddedS3().orElseThrow();
            demote(node, original);

            Path edl = dir.resolve("cut.edl");
            Files.writeString(edl, """
                    TITLE: TIERED
                    FCM: NON-DROP FRAME

                    001  A001C003 V     C        01:00:05:00 01:00:08:00 00:00:00:00 00:00:03:00
                    """);
            // The plan alone over REST: no byte of the frames moves (the header and index are read).
            long servedBeforePlan = s3.bytesServed();
            JsonNode planOnly = restPlanOnly(node, edl);
            long planServed = s3.bytesServed() - servedBeforePlan;
            String planText = planOnly.path("egress_plan").toString();
            assertTrue(planText.contains("archive") && planText.contains("plan only: nothing restored"), planText);
            long restPlanned = planOnly.path("report")
                    .path("consolidation")
                    .path("egress")
                    .path("range_bytes")
                    .asLong();
            assertTrue(planServed < restPlanned / 10, "plan only read " + planServed + " bytes of the store");
            assertTrue(planOnly.path("output_dir").isNull(), planOnly.toString());

            try (GatewayClient client =
                    GatewayClient.connect("127.0.0.1", node.grpcPort(), ClientOptions.plaintext())) {
                client.login("online", "online-pass");
                ConformResult result = client.conform(
                        edl,
                        PROJECT.value(),
                        ConformOptions.defaults()
                                .withRate(FrameRate.FPS_25)
                                .withHandles(12)
                                .withConsolidate(true));
                // The plan is answered with the conform, before the restore runs.
                JsonNode egress =
                        JSON.readTree(result.reportJson()).path("consolidation").path("egress");
                long planned = egress.path("range_bytes").asLong();
                assertEquals(
                        "archive", egress.path("tiers").path(0).path("tier").asText(), egress.toString());
                assertEquals(wholeBytes, egress.path("whole_file_bytes").asLong(), egress.toString());
                assertTrue(planned > 0 && planned < wholeBytes / 3, egress.toString());
                assertEquals(restPlanned, planned, "the plan alone (REST) is the consolidation's plan");
                long servedBefore = s3.bytesServed();

                ConformStep done = client.watchConform(result.conformId(), s -> {});
                assertEquals("done", done.stage(), done.message());
                assertTrue(
                        done.message().contains("bytes by the range from originals of " + wholeBytes + " bytes"),
                        done.message());
                long served = s3.bytesServed() - servedBefore;
                assertTrue(served >= planned, "the S3 server served " + served + " bytes, the plan said " + planned);
                assertTrue(
                        served <= planned + planned / 100,
                        "the S3 server served " + served + " bytes, more than the plan's " + planned + " + 1 %");

                // Restore savings on /metrics: the whole original less what the restore fetched.
                java.util.regex.Matcher restored = java.util.regex.Pattern.compile("restored (\\d+) bytes by the range")
                        .matcher(done.message());
                assertTrue(restored.find(), done.message());
                long fetched = Long.parseLong(restored.group(1));
                assertEquals(
                        wholeBytes - fetched,
                        metric(node, "gateway_tier_restore_saved_bytes_total{tier=\"archive\",project=\"tiered\"}"));

                List<Path> trims = trims(result.outputDir());
                assertEquals(1, trims.size(), "one trimmed original, no sparse copy left: " + trims);
                MediaInfo trim = new MediaProbe().probe(trims.get(0));
                // Source frames [125, 200) with 12 frames each side: [113, 212), from 01:00:04:13.
                assertEquals(99, trim.durationFrames());
                assertEquals("01:00:04:13", trim.startTimecode().toString());
                assertSourceFrames(trims.get(0), source);

                // Render reads the released original the same way: only the frames it plays, by the range.
                long servedBeforeRender = s3.bytesServed();
                ConformResult rendering = client.conform(
                        edl,
                        PROJECT.value(),
                        ConformOptions.defaults().withRate(FrameRate.FPS_25).withRender("prores-hq"));
                ConformStep rendered = client.watchConform(rendering.conformId(), st -> {});
                assertEquals("done", rendered.stage(), rendered.message());
                long renderServed = s3.bytesServed() - servedBeforeRender;
                assertTrue(renderServed < wholeBytes / 3, "render fetched " + renderServed + " of " + wholeBytes);
                Path master = Path.of(rendering.outputDir()).resolve("cut.master.mov");
                try (var files = Files.list(Path.of(rendering.outputDir()))) {
                    List<Path> all = files.toList();
                    assertTrue(all.contains(master), all.toString());
                    assertTrue(
                            all.stream()
                                    .noneMatch(p -> p.getFileName().toString().startsWith(".")),
                            "no restored copy left: " + all);
                }
                assertEquals(75, new MediaProbe().probe(master).durationFrames());
                for (int k : new int[] {0, 37, 74}) {
                    byte[] got = FrameGrab.gray(master, k);
                    double same = FrameGrab.meanAbsDiff(got, FrameGrab.gray(source, 125 + k));
                    double next = FrameGrab.meanAbsDiff(got, FrameGrab.gray(source, 125 + k + 1));
                    assertTrue(
                            same < 3.0 && same < next,
                            "master frame " + k + " is source frame " + (125 + k) + ": " + same + " vs " + next);
                }
            }
        }
    }

    /**
     * gRPC's {@code ConformRequest.plan_only} (through the SDK) on a node whose original is on the
     * object tier: the answer carries the egress plan naming the tier, its first line names the tier,
     * the S3 server serves only the header and index (no frame), no output folder is made, and the
     * plan is the one REST answers.
     */
    @Test
    void planOnlyOverGrpcAnswersThePlanAndMovesNoFrame() throws Exception {
        Path nas = Files.createDirectories(dir.resolve("nas"));
        Path original = nas.resolve("A001C003.mov");
        generate(original);
        long wholeBytes = Files.size(original);
        try (GatewayNode node = GatewayNode.start(config(nas), line -> {})) {
            node.users().put("online", "online-pass", Map.of(PROJECT, Role.ASSISTANT));
            EmbeddedS3 s3 = node.tiers().orElseThrow().embeddedS3().orElseThrow();
            demote(node, original);
            Path edl = dir.resolve("cut.edl");
            Files.writeString(edl, """
                    TITLE: TIERED
                    FCM: NON-DROP FRAME

                    001  A001C003 V     C        01:00:05:00 01:00:08:00 00:00:00:00 00:00:03:00
                    """);
            try (GatewayClient client =
                    GatewayClient.connect("127.0.0.1", node.grpcPort(), ClientOptions.plaintext())) {
                client.login("online", "online-pass");
                long servedBefore = s3.bytesServed();
                ConformResult plan = client.conform(
                        edl,
                        PROJECT.value(),
                        ConformOptions.defaults()
                                .withRate(FrameRate.FPS_25)
                                .withHandles(12)
                                .withPlanOnly(true));
                long served = s3.bytesServed() - servedBefore;

                String lines = plan.egressPlan();
                assertTrue(lines.startsWith("egress plan (before any transfer):"), lines);
                assertTrue(lines.contains("archive"), "names the tier: " + lines);
                assertTrue(lines.contains("plan only: nothing restored"), lines);
                assertTrue(
                        plan.consolidationSummary().matches("restore \\S+ \\S+ from tier archive \\(1 file\\)"),
                        "the first line names the tier, not a mount point: " + plan.consolidationSummary());
                assertTrue(plan.outputDir().isEmpty(), "nothing to write, no output folder: " + plan.outputDir());
                JsonNode egress =
                        JSON.readTree(plan.reportJson()).path("consolidation").path("egress");
                long planned = egress.path("range_bytes").asLong();
                assertEquals(wholeBytes, egress.path("whole_file_bytes").asLong(), egress.toString());
                assertTrue(planned > 0 && planned < wholeBytes / 3, egress.toString());
                assertTrue(
                        served < planned / 10,
                        "plan only read " + served + " bytes of the store, the plan moves " + planned);
                long restPlanned = restPlanOnly(node, edl)
                        .path("report")
                        .path("consolidation")
                        .path("egress")
                        .path("range_bytes")
                        .asLong();
                assertEquals(restPlanned, planned, "gRPC and REST answer the same plan");
            }
        }
    }

    /**
     * The S3 server stops in the middle of the restore: the consolidation fails UNAVAILABLE naming the
     * tier, the bucket and the object, no trimmed original is left where conform or an NLE would pick
     * it up; once the server is back the same conform again consolidates, resuming from the pieces the
     * first restore wrote (the server sends less than the plan), and the trim has the source's frames.
     */
    @Test
    void aRestoreCutShortByTheStoreResumesOnceItIsBack() throws Exception {
        Path nas = Files.createDirectories(dir.resolve("nas"));
        Path original = nas.resolve("A001C003.mov");
        generate(original);
        Path source = Files.copy(original, dir.resolve("source-kept-for-the-check.mov"));
        try (GatewayNode node = GatewayNode.start(config(nas), line -> {})) {
            node.users().put("online", "online-pass", Map.of(PROJECT, Role.ASSISTANT));
            EmbeddedS3 s3 = node.tiers().orElseThrow().embeddedS3().orElseThrow();
            demote(node, original);
            Path edl = dir.resolve("cut.edl");
            Files.writeString(edl, """
                    TITLE: TIERED
                    FCM: NON-DROP FRAME

                    001  A001C003 V     C        01:00:05:00 01:00:08:00 00:00:00:00 00:00:03:00
                    """);
            ConformOptions options = ConformOptions.defaults()
                    .withRate(FrameRate.FPS_25)
                    .withHandles(12)
                    .withConsolidate(true);
            try (GatewayClient client =
                    GatewayClient.connect("127.0.0.1", node.grpcPort(), ClientOptions.plaintext())) {
                client.login("online", "online-pass");
                // The server stops once it has sent about 60 % of the 99 frames' bytes (a frame's share of the file).
                s3.stopAfterServing(Files.size(source) * 99 / 375 * 6 / 10);
                ConformResult cut = client.conform(edl, PROJECT.value(), options);
                ConformStep failed = client.watchConform(cut.conformId(), st -> {});
                assertEquals("failed", failed.stage(), failed.message());
                assertFalse(s3.running(), "the server was stopped mid-restore");
                String m = failed.message();
                assertTrue(m.startsWith("UNAVAILABLE"), m);
                assertTrue(m.contains("tier \"archive\"") && m.contains("s3://originals/"), m);
                assertTrue(m.contains("A001C003.mov"), "names the object: " + m);
                assertTrue(m.contains("the next restore resumes from them"), m);
                assertEquals(List.of(), trims(cut.outputDir()), "no trimmed original left half-written");

                s3.startServer();
                long servedBefore = s3.bytesServed();
                ConformResult again = client.conform(edl, PROJECT.value(), options);
                long planned = JSON.readTree(again.reportJson())
                        .path("consolidation")
                        .path("egress")
                        .path("range_bytes")
                        .asLong();
                ConformStep done = client.watchConform(again.conformId(), st -> {});
                assertEquals("done", done.stage(), done.message());
                long served = s3.bytesServed() - servedBefore;
                assertTrue(
                        served < planned - 1_000_000,
                        "resumed: at least one 2 MiB piece was not sent again; the server sent " + served
                                + " bytes of the plan's " + planned);
                List<Path> trims = trims(again.outputDir());
                assertEquals(1, trims.size(), trims.toString());
                MediaInfo trim = new MediaProbe().probe(trims.get(0));
                assertEquals(99, trim.durationFrames());
                assertEquals("01:00:04:13", trim.startTimecode().toString());
                assertSourceFrames(trims.get(0), source);
                try (var left = Files.list(dir.resolve("store").resolve("restoring"))) {
                    assertEquals(List.of(), left.toList(), "nothing kept once the restore completed");
                }
            }
        }
    }

    /** 15 s at 25 fps from 01:00:00:00, moving bars (4 px a frame): every frame differs from the next. */
    private static void generate(Path original) {
        new SampleOriginals()
                .generate(
                        SampleSpec.proresHq1080p25()
                                .withDurationFrames(375)
                                .withSize(640, 360)
                                .withNoise(false),
                        original,
                        ProgressListener.NONE);
    }

    private GatewayConfig config(Path nas) {
        TiersConfig tiers = TiersConfig.none()
                .withTier(new PosixTier("nas", nas))
                .withTier(new EmbeddedS3Tier("archive", "originals"))
                .withPolicy(new TierPolicy(PROJECT, "archive", 0))
                .withSweepInterval(Duration.ofSeconds(1));
        return GatewayConfig.standalone(dir.resolve("store"), "tiered")
                .withPlaintextOnLoopback()
                .withTiers(tiers);
    }

    /** Ingests {@code original} and waits until it is on the object tier and its NAS copy released. */
    private static void demote(GatewayNode node, Path original) throws Exception {
        TierDesk desk = node.tiers().orElseThrow();
        CountDownLatch demoted = new CountDownLatch(1);
        Map<String, DemotionJob> last = new ConcurrentHashMap<>();
        desk.watch(j -> {
            last.put(j.asset().value(), j);
            if (j.state().equals(DemotionJob.DONE) || j.state().equals(DemotionJob.FAILED)) {
                demoted.countDown();
            }
        });
        List<JobStatus> jobs = node.ingest().submit(List.of(original), PROJECT);
        assertEquals(1, jobs.size());
        assertTrue(demoted.await(4, TimeUnit.MINUTES), "demotion finished: " + last);
        DemotionJob job = last.values().iterator().next();
        assertEquals(DemotionJob.DONE, job.state(), job.toString());
        Manifest m = node.store().read(PROJECT, job.asset()).orElseThrow();
        assertEquals(
                State.RELEASED,
                m.location("nas").orElseThrow().state(),
                m.locations().toString());
        assertFalse(Files.exists(original), "the NAS copy is released");
    }

    /** {@code POST /api/v1/conform?...&plan=true} as the online user: the egress plan only. */
    private static JsonNode restPlanOnly(GatewayNode node, Path edl) throws Exception {
        String base = "http://127.0.0.1:" + node.httpPort();
        String login = http(
                "POST",
                base + "/api/v1/auth/login",
                null,
                "application/json",
                "{\"username\":\"online\",\"password\":\"online-pass\"}".getBytes(StandardCharsets.UTF_8));
        String token = JSON.readTree(login).path("access_token").asText();
        return JSON.readTree(http(
                "POST",
                base + "/api/v1/conform?project=" + PROJECT.value() + "&file_name=cut.edl&rate=25&handles=12&plan=true",
                token,
                "application/octet-stream",
                Files.readAllBytes(edl)));
    }

    /** One series of the node's {@code /metrics}. */
    private static long metric(GatewayNode node, String series) throws Exception {
        String body = http("GET", "http://127.0.0.1:" + node.httpPort() + "/metrics", null, null, null);
        return body.lines()
                .filter(l -> l.startsWith(series + " "))
                .map(l -> (long)
                        Double.parseDouble(l.substring(series.length() + 1).trim()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no series " + series + " in\n" + body));
    }

    /** One HTTP exchange that must answer 200; its body. */
    private static String http(String method, String url, String token, String type, byte[] body) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setRequestMethod(method);
        if (token != null) {
            c.setRequestProperty("Authorization", "Bearer " + token);
        }
        if (body != null) {
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", type);
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
        }
        int status = c.getResponseCode();
        try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(200, status, method + " " + url + ": " + text);
            return text;
        }
    }

    /** The trimmed originals of a consolidation (sparse copies and work files are hidden, never listed). */
    private static List<Path> trims(String outputDir) throws Exception {
        Path media = Path.of(outputDir).resolve("media");
        if (!Files.isDirectory(media)) {
            return List.of();
        }
        try (var files = Files.list(media)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".mov"))
                    .toList();
        }
    }

    /** Frames 0, 49 and 98 of {@code trim} are frames 113, 162 and 211 of {@code source} (decoded by ffmpeg). */
    private static void assertSourceFrames(Path trim, Path source) throws Exception {
        for (int k : new int[] {0, 49, 98}) {
            byte[] got = FrameGrab.gray(trim, k);
            double same = FrameGrab.meanAbsDiff(got, FrameGrab.gray(source, 113 + k));
            double next = FrameGrab.meanAbsDiff(got, FrameGrab.gray(source, 113 + k + 1));
            double previous = FrameGrab.meanAbsDiff(got, FrameGrab.gray(source, 113 + k - 1));
            assertTrue(
                    same < 2.0 && same < next && same < previous,
                    "trim frame " + k + " is source frame " + (113 + k) + ": differences " + same + " vs " + previous
                            + " / " + next);
        }
    }

    /** One decoded frame as small grey pixels, by ffmpeg (an independent decoder). */
    private static final class FrameGrab {
        static byte[] gray(Path movie, int frame) throws Exception {
            Process p = new ProcessBuilder(
                            "ffmpeg",
                            "-v",
                            "error",
                            "-i",
                            movie.toString(),
                            "-vf",
                            "select=eq(n\\," + frame + "),scale=160:90,format=gray",
                            "-frames:v",
                            "1",
                            "-f",
                            "rawvideo",
                            "-")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            byte[] pixels = p.getInputStream().readAllBytes();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ffmpeg finished");
            assertEquals(160 * 90, pixels.length, "frame " + frame + " of " + movie);
            return pixels;
        }

        static double meanAbsDiff(byte[] a, byte[] b) {
            long sum = 0;
            for (int i = 0; i < a.length; i++) {
                sum += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
            }
            return (double) sum / a.length;
        }
    }
}
