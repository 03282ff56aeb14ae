package gateway.server.tiers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.ingest.JobStatus;
import gateway.model.asset.Manifest;
import gateway.model.asset.OriginalLocation.State;
import gateway.model.asset.ProjectId;
import gateway.model.checksum.XxHash64;
import gateway.model.storage.ByteRange;
import gateway.model.storage.RangeReader;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import gateway.proxy.progress.ProgressListener;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import gateway.server.GatewayNode;
import gateway.server.auth.Role;
import gateway.server.config.GatewayConfig;
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
 * A node with an object tier (its embedded S3 server) and a policy for project "demo": an original
 * ingested from a NAS folder is demoted after ingest, read back and verified, its NAS copy released,
 * each step in the audit log and the bytes on {@code /metrics}; the original is then read by the
 * range from the object tier.
 */
@Timeout(300)
class TierDemotionIT {
    static final ProjectId PROJECT = new ProjectId("demo");

    @TempDir
    Path dir;

    @Test
    void anIngestedOriginalIsDemotedVerifiedAndItsNasCopyReleased() throws Exception {
        Path nas = dir.resolve("nas");
        Path original = nas.resolve("A001C003.mov");
        FrameRate rate = FrameRate.parse("25/1");
        new SampleOriginals()
                .generate(
                        new SampleSpec(
                                SampleSpec.Container.MOV,
                                SampleSpec.Codec.H264,
                                160,
                                90,
                                rate,
                                25,
                                Timecode.parse("01:00:00:00", rate),
                                "A001",
                                2,
                                24,
                                false),
                        original,
                        ProgressListener.NONE);
        long size = Files.size(original);
        TiersConfig tiers = TiersConfig.none()
                .withTier(new PosixTier("nas", nas))
                .withTier(new EmbeddedS3Tier("archive", "originals"))
                .withPolicy(new TierPolicy(PROJECT, "archive", 0))
                .withSweepInterval(Duration.ofSeconds(1));
        GatewayConfig config = GatewayConfig.standalone(dir.resolve("store"), "tiers")
                .withPlaintextOnLoopback()
                .withTiers(tiers);
        try (GatewayNode node = GatewayNode.start(config, line -> {})) {
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
            assertTrue(demoted.await(3, TimeUnit.MINUTES), "demotion finished: " + last);

            DemotionJob job = last.values().iterator().next();
            assertEquals(DemotionJob.DONE, job.state(), job.toString());
            assertEquals(100, job.percent(), job.toString());
            Manifest m = node.store().read(PROJECT, job.asset()).orElseThrow();
            assertEquals(
                    State.VERIFIED,
                    m.location("archive").orElseThrow().state(),
                    m.locations().toString());
            assertEquals(
                    State.RELEASED,
                    m.location("nas").orElseThrow().state(),
                    m.locations().toString());
            assertFalse(Files.exists(original), "the NAS copy is released");
            EmbeddedS3 s3 = desk.embeddedS3().orElseThrow();
            assertTrue(s3.bytesReceived() >= size, "the S3 server received the original: " + s3.bytesReceived());

            // The original now reads from the object tier, by the range, and is the same file.
            try (RangeReader reader = desk.tiers().openOriginal(m)) {
                XxHash64 hash = new XxHash64();
                reader.read(new ByteRange(0, reader.sizeBytes()), new OutputStream() {
                    @Override
                    public void write(int b) {
                        hash.update(new byte[] {(byte) b});
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        hash.update(b, off, len);
                    }
                });
                assertEquals(m.checksums().xxh64(), hash.hexDigest());
            }

            String audit = Files.readString(node.auditLogFile());
            assertTrue(audit.contains("\"action\":\"tier.demote\""), audit);
            assertTrue(audit.contains("\"action\":\"tier.release\""), audit);

            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + node.httpPort() + "/metrics")
                    .toURL()
                    .openConnection();
            String metrics;
            try (InputStream in = c.getInputStream()) {
                metrics = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            long written = value(metrics, "gateway_tier_written_bytes_total{tier=\"archive\",project=\"demo\"}");
            assertEquals(size, written, metrics);
            long read = value(metrics, "gateway_tier_read_bytes_total{tier=\"archive\",project=\"demo\"}");
            assertEquals(2 * size, read, "read back once to verify, once by the range above");
            assertTrue(metrics.contains("gateway_tier_demotion_backlog{project=\"demo\"}"), metrics);
            assertEquals(1, value(metrics, "gateway_tier_demotions_total{tier=\"archive\"}"));

            // The job as REST shows it to a reader of the project.
            node.users().put("ana", "ana-password-1", Map.of(PROJECT, Role.VIEWER));
            String token = JSON.readTree(http(
                            node,
                            "POST",
                            "/api/v1/auth/login",
                            null,
                            "{\"username\": \"ana\", \"password\": \"ana-password-1\"}"))
                    .path("access_token")
                    .asText();
            JsonNode listed = JSON.readTree(http(node, "GET", "/api/v1/tiers/jobs?project=demo", token, null));
            JsonNode first = listed.path("jobs").get(0);
            assertEquals(job.asset().value(), first.path("asset_id").asText(), listed.toString());
            assertEquals("done", first.path("state").asText(), listed.toString());
            assertEquals(100, first.path("percent").asInt(), listed.toString());
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String http(GatewayNode node, String method, String path, String token, String body)
            throws Exception {
        HttpURLConnection c = (HttpURLConnection)
                URI.create("http://127.0.0.1:" + node.httpPort() + path).toURL().openConnection();
        c.setConnectTimeout(10_000);
        c.setReadTimeout(30_000);
        c.setRequestMethod(method);
        if (token != null) {
            c.setRequestProperty("Authorization", "Bearer " + token);
        }
        if (body != null) {
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = c.getOutputStream()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
        }
        assertEquals(200, c.getResponseCode(), method + " " + path);
        try (InputStream in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static long value(String metrics, String series) {
        return metrics.lines()
                .filter(l -> l.startsWith(series + " "))
                .map(l -> Long.parseLong(l.substring(series.length() + 1).trim()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no series " + series + " in\n" + metrics));
    }
}
