package gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.client.ClientOptions;
import gateway.client.ConformOptions;
import gateway.client.ConformResult;
import gateway.client.ConformStep;
import gateway.client.FetchResult;
import gateway.client.FragmentMap;
import gateway.client.GatewayClient;
import gateway.client.IngestJob;
import gateway.client.JobState;
import gateway.client.JobUpdate;
import gateway.client.SearchResult;
import gateway.model.asset.Manifest;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.ProjectId;
import gateway.model.asset.Rendition;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.proxy.checksum.FileChecksums;
import gateway.proxy.probe.MediaProbe;
import gateway.proxy.progress.ProgressListener;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import gateway.server.GatewayNode;
import gateway.server.auth.Role;
import gateway.server.config.GatewayConfig;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walking skeleton end to end on real components: a node (Helidon, grpc-java on Netty, an
 * embedded Hazelcast member, Lucene on disk) ingests a GStreamer-generated original in a worker
 * process, finds it by reel, serves its proxy byte-exact over gRPC, and conforms a one-event EDL
 * to it with the exact source frames.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROJECT = "e2e";

    @TempDir
    static Path dir;

    static GatewayNode node;
    static GatewayClient client;
    static Path original;
    static String assetId;

    @BeforeAll
    static void start() throws Exception {
        GatewayConfig config =
                GatewayConfig.standalone(dir.resolve("store"), "e2e").withPlaintextOnLoopback();
        node = GatewayNode.start(config, line -> {});
        node.users().put("ed", "s3cret-pass", Map.of(new ProjectId(PROJECT), Role.ASSISTANT));
        node.users().put("other", "other-pass", Map.of(new ProjectId("elsewhere"), Role.ADMIN));
        client = GatewayClient.connect("127.0.0.1", node.grpcPort(), ClientOptions.plaintext());
        client.login("ed", "s3cret-pass");
        // 5 s at 25 fps from 01:00:00:00, reel A001C003: a small ProRes HQ camera original.
        original = dir.resolve("originals").resolve("A001C003.mov");
        Files.createDirectories(original.getParent());
        new SampleOriginals()
                .generate(
                        SampleSpec.proresHq1080p25()
                                .withDurationFrames(125)
                                .withSize(960, 540)
                                .withNoise(false),
                        original,
                        ProgressListener.NONE);
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    @Order(1)
    void ingestsInAWorkerProcessAndFindsTheAssetByReel() {
        List<IngestJob> jobs = client.ingest(List.of(original.toString()), PROJECT, false);
        assertEquals(1, jobs.size());
        Map<String, JobUpdate> last = client.watchJobs(List.of(jobs.get(0).jobId()), u -> {});
        JobUpdate done = last.get(jobs.get(0).jobId());
        assertEquals(JobState.DONE, done.state(), () -> done.errorReason() + ": " + done.errorMessage());
        assetId = done.assetId();
        assertNotNull(assetId);

        // The same file again: reported done at once, as the same asset, and watchable like any job.
        List<IngestJob> again = client.ingest(List.of(original.toString()), PROJECT, false);
        JobUpdate same = client.watchJobs(List.of(again.get(0).jobId()), u -> {})
                .get(again.get(0).jobId());
        assertEquals(JobState.DONE, same.state(), String.valueOf(same.errorMessage()));
        assertEquals(assetId, same.assetId());

        SearchResult byReel = client.search("reel:A001C003", PROJECT, 10);
        assertEquals(1, byReel.totalHits());
        assertEquals(assetId, byReel.hits().get(0).assetId().value());
        assertEquals("01:00:00:00", byReel.hits().get(0).startTimecode().toString());
        assertEquals(FrameRate.FPS_25, byReel.hits().get(0).frameRate());
    }

    @Test
    @Order(2)
    void servesTheProxyByteExactAndTheProxyMatchesTheOriginal() throws Exception {
        Manifest m = client.getAsset(assetId);
        Rendition edit = m.rendition("edit").orElseThrow();
        Path onDisk = node.store().assetDir(m.project(), m.assetId()).resolve(edit.path());
        Path fetched = dir.resolve("fetched.mov");
        FetchResult r = client.fetch(assetId, "edit", fetched);
        assertEquals(Files.size(onDisk), r.sizeBytes());
        assertEquals(FileChecksums.compute(onDisk), FileChecksums.compute(fetched));
        assertEquals(edit.checksums(), FileChecksums.compute(fetched));

        var proxy = new MediaProbe().probe(fetched);
        assertEquals(FrameRate.FPS_25, proxy.frameRate());
        assertEquals(125, proxy.durationFrames());
        assertEquals("01:00:00:00", proxy.startTimecode().toString());
        assertEquals(2, proxy.audioChannels());
    }

    @Test
    @Order(2)
    void publishesAFragmentIndexThatMapsEveryFrameOnce() {
        Manifest m = client.getAsset(assetId);
        for (String profile : List.of("stream-hi", "stream-lo", "poster", "waveform", "filmstrip", "scrub")) {
            assertTrue(m.rendition(profile).isPresent(), "rendition " + profile + " in " + m.renditions());
        }
        FragmentMap map = client.fragmentIndex(assetId, "stream-hi");
        assertEquals(FrameRate.FPS_25, map.rate());
        long next = 0;
        long offset = map.headerLengthBytes();
        for (FragmentMap.Fragment f : map.fragments()) {
            assertEquals(next, f.startFrame(), "fragments are contiguous in frames");
            assertEquals(offset, f.offsetBytes(), "fragments are contiguous in bytes");
            next += f.durationFrames();
            offset += f.lengthBytes();
        }
        assertEquals(125, next, "every frame of the 5 s original is in exactly one fragment");
        // After the last fragment only mp4mux's small random-access index (mfra) remains.
        assertTrue(offset <= map.sizeBytes() && map.sizeBytes() - offset < 4096, offset + " of " + map.sizeBytes());
        assertEquals(50, map.fragmentOf(50).startFrame(), "1 s closed GOPs: frame 50 starts a fragment");
    }

    @Test
    @Order(3)
    void conformsAOneEventEdlToTheExactSourceFrames() throws Exception {
        Path edl = dir.resolve("cut.edl");
        Files.writeString(edl, """
                TITLE: E2E
                FCM: NON-DROP FRAME

                001  A001C003 V     C        01:00:02:00 01:00:04:00 00:00:00:00 00:00:02:00
                """);
        ConformResult result =
                client.conform(edl, PROJECT, ConformOptions.defaults().withRate(FrameRate.FPS_25));
        JsonNode report = JSON.readTree(result.reportJson());
        JsonNode event = report.path("events").get(0);
        assertEquals("matched", event.path("status").asText(), event.toString());
        assertEquals(assetId, event.path("asset_id").asText());
        assertEquals("01:00:02:00", event.path("source_in").asText());
        assertEquals("01:00:04:00", event.path("source_out").asText());
        // 01:00:02:00 at 25 fps is frame 90050 since midnight; 2 s is 50 frames.
        assertEquals(90050, event.path("source_frames").path("start").asLong(), event.toString());
        assertEquals(50, event.path("source_frames").path("duration").asLong(), event.toString());
        assertTrue(result.reportHtml().contains("<html"), "the HTML report comes back too");
        // its row shows the original's thumbnail at the source in (embedded: the report is one file)
        assertTrue(result.reportHtml().contains("<th>picture</th>"), result.reportHtml());
        assertTrue(result.reportHtml().contains("url(data:image/jpeg;base64,/9j/"), "a JPEG picture is embedded");
        assertTrue(client.search("used:e2e", PROJECT, 10).hits().stream()
                .anyMatch(h -> h.assetId().value().equals(assetId) && h.usedIn().contains("E2E")));
        // The reel and the clip name (the file's name) complete what is typed, as written.
        assertEquals(List.of("A001C003", "A001C003.mov"), client.suggest("a001", PROJECT, 5));
    }

    @Test
    @Order(3)
    void consolidatesAndRendersOnTheNodeWithProgressToTheEnd() throws Exception {
        Path edl = dir.resolve("cut.edl");
        ConformResult result = client.conform(
                edl,
                PROJECT,
                ConformOptions.defaults()
                        .withRate(FrameRate.FPS_25)
                        .withHandles(5)
                        .withConsolidate(true)
                        .withRender("prores"));
        assertTrue(result.consolidationSummary().startsWith("restore "), result.consolidationSummary());
        List<ConformStep> steps = new ArrayList<>();
        ConformStep last = client.watchConform(result.conformId(), steps::add);
        assertEquals("done", last.stage(), last.message());
        assertTrue(steps.stream().anyMatch(s -> s.stage().equals("consolidating")), steps.toString());
        assertTrue(steps.stream().anyMatch(s -> s.stage().equals("rendering")), steps.toString());

        Path outDir = Path.of(result.outputDir());
        MediaProbe probe = new MediaProbe();
        // Frames 50-100 of the original with 5 frames of handle each side: 60 frames from 01:00:01:20.
        MediaInfo trim = probe.probe(outDir.resolve("media").resolve("A001C003_01000120.mov"));
        assertEquals(60, trim.durationFrames());
        assertEquals("01:00:01:20", trim.startTimecode().toString());
        MediaInfo master = probe.probe(outDir.resolve("cut.master.mov"));
        assertEquals(50, master.durationFrames());
        assertEquals("00:00:00:00", master.startTimecode().toString());
        // The master format travels over gRPC: one this GStreamer cannot write is refused by name.
        GatewayException mxf = assertThrows(
                GatewayException.class,
                () -> client.conform(
                        edl,
                        PROJECT,
                        ConformOptions.defaults()
                                .withRate(FrameRate.FPS_25)
                                .withRender("prores-4444-mxf")
                                .withRenderAnyway(true)));
        assertEquals(Reason.UNSUPPORTED, mxf.reason(), mxf.getMessage());
        assertTrue(mxf.getMessage().contains("ProRes in MXF"), mxf.getMessage());
        // Another project's user cannot follow it (and is not told it exists).
        try (GatewayClient other = GatewayClient.connect("127.0.0.1", node.grpcPort(), ClientOptions.plaintext())) {
            other.login("other", "other-pass");
            GatewayException e =
                    assertThrows(GatewayException.class, () -> other.watchConform(result.conformId(), s -> {}));
            assertTrue(e.reason() == Reason.NOT_FOUND || e.reason() == Reason.PERMISSION_DENIED, e.toString());
        }
    }

    @Test
    @Order(4)
    void aCorruptFileFailsWithAReasonAndTheNodeKeepsServing() throws Exception {
        Path junk = dir.resolve("junk.mov");
        byte[] bytes = new byte[64 * 1024];
        new java.util.Random(3).nextBytes(bytes);
        Files.write(junk, bytes);
        List<IngestJob> jobs = client.ingest(List.of(junk.toString()), PROJECT, false);
        JobUpdate u = client.watchJobs(List.of(jobs.get(0).jobId()), x -> {})
                .get(jobs.get(0).jobId());
        assertEquals(JobState.FAILED, u.state());
        assertTrue(
                u.errorReason() == Reason.CORRUPT || u.errorReason() == Reason.UNSUPPORTED,
                String.valueOf(u.errorReason()));
        assertTrue(u.errorMessage().contains("junk.mov"), u.errorMessage());

        Response health = http("/health");
        assertEquals(200, health.statusCode());
        assertEquals(1, client.search("reel:A001C003", PROJECT, 10).totalHits());
    }

    @Test
    @Order(5)
    void anotherProjectsUserSeesNothingAndHttpSpeaksMetrics() throws Exception {
        try (GatewayClient other = GatewayClient.connect("127.0.0.1", node.grpcPort(), ClientOptions.plaintext())) {
            other.login("other", "other-pass");
            GatewayException e = assertThrows(GatewayException.class, () -> other.getAsset(assetId));
            assertEquals(Reason.NOT_FOUND, e.reason());
            assertEquals(0, other.search("A001C003", "", 10).totalHits());
        }
        try (GatewayClient anonymous = GatewayClient.connect("127.0.0.1", node.grpcPort(), ClientOptions.plaintext())) {
            GatewayException e = assertThrows(GatewayException.class, () -> anonymous.search("x", PROJECT, 10));
            assertEquals(Reason.UNAUTHENTICATED, e.reason());
        }
        Response metrics = http("/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("gateway_stream_bytes_total"), metrics.body());
        assertTrue(http("/status").body().contains("ready"));
    }

    @Test
    @Order(2)
    void restServesRenditionBytesByRangeAndTheFragmentIndexToItsProjectOnly() throws Exception {
        Manifest m = client.getAsset(assetId);
        Path streamHi = node.store()
                .assetDir(m.project(), m.assetId())
                .resolve(m.rendition("stream-hi").orElseThrow().path());
        byte[] file = Files.readAllBytes(streamHi);
        String token = restLogin("ed", "s3cret-pass");

        HttpURLConnection c = open("/api/v1/assets/" + assetId + "/renditions/stream-hi", token);
        c.setRequestProperty("Range", "bytes=100-4195");
        assertEquals(206, c.getResponseCode());
        assertEquals("bytes 100-4195/" + file.length, c.getHeaderField("Content-Range"));
        assertArrayEquals(
                java.util.Arrays.copyOfRange(file, 100, 4196),
                c.getInputStream().readAllBytes());
        c.disconnect();

        HttpURLConnection tail = open("/api/v1/assets/" + assetId + "/renditions/stream-hi", token);
        tail.setRequestProperty("Range", "bytes=" + (file.length - 10) + "-");
        assertEquals(206, tail.getResponseCode());
        assertArrayEquals(
                java.util.Arrays.copyOfRange(file, file.length - 10, file.length),
                tail.getInputStream().readAllBytes());
        tail.disconnect();

        HttpURLConnection past = open("/api/v1/assets/" + assetId + "/renditions/stream-hi", token);
        past.setRequestProperty("Range", "bytes=" + file.length + "-");
        assertEquals(416, past.getResponseCode());
        past.disconnect();

        HttpURLConnection index = open("/api/v1/assets/" + assetId + "/fragments/stream-hi", token);
        assertEquals(200, index.getResponseCode());
        JsonNode fragments = JSON.readTree(index.getInputStream()).path("fragments");
        assertEquals(5, fragments.size(), "5 s at one fragment per 1 s GOP");
        assertEquals(0, fragments.get(0).path("start_frame").asLong());
        index.disconnect();

        // Another project's user: as if the asset did not exist.
        HttpURLConnection stranger =
                open("/api/v1/assets/" + assetId + "/renditions/stream-hi", restLogin("other", "other-pass"));
        assertEquals(404, stranger.getResponseCode());
        stranger.disconnect();
        HttpURLConnection anonymous = open("/api/v1/assets/" + assetId + "/renditions/stream-hi", null);
        assertEquals(401, anonymous.getResponseCode());
        anonymous.disconnect();
    }

    @Test
    @Order(2)
    void aBrowserVideoStreamsWithTheMediaCookieAndNoTokenInTheUrl() throws Exception {
        Manifest m = client.getAsset(assetId);
        byte[] file = Files.readAllBytes(node.store()
                .assetDir(m.project(), m.assetId())
                .resolve(m.rendition("stream-hi").orElseThrow().path()));
        String token = restLogin("ed", "s3cret-pass");

        HttpURLConnection session = open("/api/v1/media/session", token);
        session.setRequestMethod("POST");
        assertEquals(204, session.getResponseCode());
        String setCookie = session.getHeaderField("Set-Cookie");
        session.disconnect();
        assertTrue(setCookie.startsWith("gateway_media=" + token + ";"), setCookie);
        assertTrue(setCookie.contains("; Path=/api/v1/media/;"), setCookie);
        assertTrue(setCookie.contains("; HttpOnly") && setCookie.contains("; SameSite=Strict"), setCookie);
        long maxAge = Long.parseLong(setCookie.replaceAll(".*Max-Age=(\\d+).*", "$1"));
        assertTrue(maxAge > 0 && maxAge <= 900, "no longer than an access token lives: " + setCookie);

        HttpURLConnection video = open("/api/v1/media/" + assetId + "/stream-hi", null);
        video.setRequestProperty("Cookie", "other=1; gateway_media=" + token);
        video.setRequestProperty("Range", "bytes=10-1033");
        assertEquals(206, video.getResponseCode());
        assertEquals("bytes 10-1033/" + file.length, video.getHeaderField("Content-Range"));
        assertArrayEquals(
                java.util.Arrays.copyOfRange(file, 10, 1034),
                video.getInputStream().readAllBytes());
        video.disconnect();

        HttpURLConnection noCookie = open("/api/v1/media/" + assetId + "/stream-hi", null);
        assertEquals(401, noCookie.getResponseCode());
        noCookie.disconnect();
        HttpURLConnection stranger = open("/api/v1/media/" + assetId + "/stream-hi", null);
        stranger.setRequestProperty("Cookie", "gateway_media=" + restLogin("other", "other-pass"));
        assertEquals(404, stranger.getResponseCode(), "another project's user: as if the asset did not exist");
        stranger.disconnect();

        HttpURLConnection asset = open("/api/v1/assets/" + assetId, token);
        assertTrue(
                JSON.readTree(asset.getInputStream()).path("used_in").isArray(),
                "the asset answer says where it is used");
        asset.disconnect();
    }

    @Test
    @Order(2)
    void restListsThePicturesWithFramesAndTimecodesAndServesThemAndTheWaveform() throws Exception {
        Manifest m = client.getAsset(assetId);
        Path dir = node.store().assetDir(m.project(), m.assetId());
        String token = restLogin("ed", "s3cret-pass");

        HttpURLConnection list = open("/api/v1/assets/" + assetId + "/thumbnails", token);
        assertEquals(200, list.getResponseCode());
        JsonNode pictures = JSON.readTree(list.getInputStream());
        list.disconnect();
        List<Rendition> thumbs = m.renditions().stream()
                .filter(r -> r.profile().equals("thumbnails"))
                .toList();
        assertTrue(thumbs.size() >= 2, "a thumbnail every 2 s of 5 s: " + thumbs);
        JsonNode listed = pictures.path("thumbnails");
        assertEquals(thumbs.size(), listed.size(), pictures.toString());
        assertEquals(0, listed.get(0).path("frame").asLong());
        assertEquals(
                m.media().startTimecode().toString(),
                listed.get(0).path("timecode").asText());
        for (int i = 1; i < listed.size(); i++) {
            assertTrue(
                    listed.get(i).path("frame").asLong()
                            > listed.get(i - 1).path("frame").asLong(),
                    "frame order");
        }
        for (JsonNode t : listed) {
            HttpURLConnection jpeg = open(t.path("url").asText(), token);
            assertEquals(200, jpeg.getResponseCode(), t.toString());
            assertEquals("image/jpeg", jpeg.getContentType());
            byte[] bytes = jpeg.getInputStream().readAllBytes();
            jpeg.disconnect();
            String name = String.format("%08d.jpg", t.path("frame").asLong());
            Rendition r = thumbs.stream()
                    .filter(x -> x.path().endsWith(name))
                    .findFirst()
                    .orElseThrow();
            assertArrayEquals(Files.readAllBytes(dir.resolve(r.path())), bytes, name);
            assertTrue(t.path("width_px").asInt() > 0 && t.path("height_px").asInt() > 0, t.toString());
        }
        for (String url : List.of(
                pictures.path("poster").path("url").asText(),
                pictures.path("filmstrip").path("url").asText(),
                pictures.path("filmstrip").path("index_url").asText())) {
            HttpURLConnection c = open(url, token);
            assertEquals(200, c.getResponseCode(), url);
            assertTrue(c.getInputStream().readAllBytes().length > 0, url);
            c.disconnect();
        }
        HttpURLConnection wrongName = open("/api/v1/assets/" + assetId + "/renditions/thumbnails?file=nope.jpg", token);
        assertEquals(404, wrongName.getResponseCode());
        wrongName.disconnect();

        HttpURLConnection wave = open("/api/v1/assets/" + assetId + "/waveform", token);
        assertEquals(200, wave.getResponseCode());
        byte[] peaks = wave.getInputStream().readAllBytes();
        wave.disconnect();
        assertArrayEquals(
                Files.readAllBytes(
                        dir.resolve(m.rendition("waveform").orElseThrow().path())),
                peaks);
        assertTrue(JSON.readTree(peaks).isObject());

        HttpURLConnection stranger =
                open("/api/v1/assets/" + assetId + "/thumbnails", restLogin("other", "other-pass"));
        assertEquals(404, stranger.getResponseCode(), "another project's user: as if it did not exist");
        stranger.disconnect();
    }

    private static String restLogin(String user, String password) throws Exception {
        HttpURLConnection c = open("/api/v1/auth/login", null);
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        try (var out = c.getOutputStream()) {
            out.write(JSON.writeValueAsBytes(Map.of("username", user, "password", password)));
        }
        assertEquals(200, c.getResponseCode());
        String token = JSON.readTree(c.getInputStream()).path("access_token").asText();
        c.disconnect();
        return token;
    }

    private static HttpURLConnection open(String path, String token) throws Exception {
        HttpURLConnection c = (HttpURLConnection)
                URI.create("http://127.0.0.1:" + node.httpPort() + path).toURL().openConnection();
        if (token != null) {
            c.setRequestProperty("Authorization", "Bearer " + token);
        }
        return c;
    }

    private record Response(int statusCode, String body) {}

    private static Response http(String path) throws Exception {
        HttpURLConnection c = (HttpURLConnection)
                URI.create("http://127.0.0.1:" + node.httpPort() + path).toURL().openConnection();
        try {
            int code = c.getResponseCode();
            var in = code < 400 ? c.getInputStream() : c.getErrorStream();
            return new Response(code, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            c.disconnect();
        }
    }
}
