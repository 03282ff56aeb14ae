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
@Timeout(420)
class TieredConsolidationIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ProjectId PROJECT = new ProjectId("tiered");

    @TempDir
    Path dir;

    @Test
    void aDemotedOriginalIsConsolidatedByTheRangeFromTheObjectTier() throws Exception {
        Path nas = Files.createDirectories(dir.resolve("nas"));
        Path original = nas.resolve("A001C003.mov");
        // 15 s at 25 fps from 01:00:00:00, moving bars (4 px a frame): every frame differs from the next.
        new SampleOriginals()
                .generate(
                        SampleSpec.proresHq1080p25()
                                .withDurationFrames(375)
                                .withSize(640, 360)
                                .withNoise(false),
                        original,
                        ProgressListener.NONE);
        Path source = Files.copy(original, dir.resolve("source-kept-for-the-check.mov"));
        long wholeBytes = Files.size(original);

        TiersConfig tiers = TiersConfig.none()
                .withTier(new PosixTier("nas", nas))
                .withTier(new EmbeddedS3Tier("archive", "originals"))
                .withPolicy(new TierPolicy(PROJECT, "archive", 0))
                .withSweepInterval(Duration.ofSeconds(1));
        GatewayConfig config = GatewayConfig.standalone(dir.resolve("store"), "tiered")
                .withPlaintextOnLoopback()
                .withTiers(tiers);
        try (GatewayNode node = GatewayNode.start(config, line -> {})) {
            node.users().put("online", "online-pass", Map.of(PROJECT, Role.ASSISTANT));
            TierDesk desk = node.tiers().orElseThrow();
            EmbeddedS3 s3 = desk.embeddedS3().orElseThrow();
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

            Path edl = dir.resolve("cut.edl");
            Files.writeString(edl, """
                    TITLE: TIERED
                    FCM: NON-DROP FRAME

                    001  A001C003 V     C        01:00:05:00 01:00:08:00 00:00:00:00 00:00:03:00
                    """);
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

                Path media = Path.of(result.outputDir()).resolve("media");
                List<Path> trims;
                try (var files = Files.list(media)) {
                    trims = files.filter(p -> p.getFileName().toString().endsWith(".mov"))
                            .toList();
                }
                assertEquals(1, trims.size(), "one trimmed original, no sparse copy left: " + trims);
                MediaInfo trim = new MediaProbe().probe(trims.get(0));
                // Source frames [125, 200) with 12 frames each side: [113, 212), from 01:00:04:13.
                assertEquals(99, trim.durationFrames());
                assertEquals("01:00:04:13", trim.startTimecode().toString());
                for (int k : new int[] {0, 49, 98}) {
                    byte[] got = FrameGrab.gray(trims.get(0), k);
                    double same = FrameGrab.meanAbsDiff(got, FrameGrab.gray(source, 113 + k));
                    double next = FrameGrab.meanAbsDiff(got, FrameGrab.gray(source, 113 + k + 1));
                    double previous = FrameGrab.meanAbsDiff(got, FrameGrab.gray(source, 113 + k - 1));
                    assertTrue(
                            same < 2.0 && same < next && same < previous,
                            "trim frame " + k + " is source frame " + (113 + k) + ": differences " + same + " vs "
                                    + previous + " / " + next);
                }
            }
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
