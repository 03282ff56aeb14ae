package gateway.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.client.ClientOptions;
import gateway.client.GatewayClient;
import gateway.client.IngestJob;
import gateway.client.JobState;
import gateway.client.JobUpdate;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.Rendition;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent against a real node, end to end: a node in a JVM of its own ({@code gateway serve},
 * TLS) ingests generated originals (two QuickTime clips and three Broadcast WAVs, one of them six
 * channels with a bext time reference); the agent logs in and serves its localhost API as {@code
 * gateway agent serve} does, reaching the node through a relay the test can hold. A CMX 3600 EDL
 * that uses three of the originals is made local: the events come in the timeline's order; the node
 * is stopped part-way through the second file and started again on the same store and ports; the
 * download resumes where the verified bytes ended (the node's own served-bytes counter says how
 * much it sent again) and every file equals the node's rendition byte for byte. Then the take-away
 * plan, a pinned plan under a full cache, and the agent with the node stopped.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class AgentNodeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROJECT = "e2e";
    private static final String USER = "ana";
    private static final String PASSWORD = "agent-e2e-pass-1";
    /** The node's chunk when the client asks none (StreamGrpcService.DEFAULT_CHUNK_BYTES). */
    private static final long NODE_CHUNK_BYTES = 256 * 1024;
    /** SR001's start: 10:00:00:00 as samples since midnight at 48 kHz. */
    private static final long SR001_TIME_REFERENCE = 10L * 3600 * 48_000;

    @TempDir
    static Path dir;

    private static NodeProcess node;
    private static PausableLink link;
    private static GatewayClient admin;
    private static Thread agent;
    private static int agentPort;
    private static String agentToken;
    private static Path home;
    private static Path edl;
    /** The original's base name (its reel or tape) to the asset's manifest, as the node has it after ingest. */
    private static final Map<String, Manifest> ASSETS = new LinkedHashMap<>();

    private static final BlockingQueue<JsonNode> EVENTS = new LinkedBlockingQueue<>();
    /** Every event of the socket, in the order it came. */
    private static final List<JsonNode> ALL = new java.util.concurrent.CopyOnWriteArrayList<>();

    private static WebSocket socket;

    @BeforeAll
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    static void startNodeIngestAndAgent() throws Exception {
        node = NodeProcess.in(dir.resolve("node"));
        node.cli(
                "user",
                "add",
                USER,
                "--password",
                PASSWORD,
                "--store",
                node.store().toString());
        node.cli(
                "project",
                "add",
                PROJECT,
                "--admin",
                USER,
                "--store",
                node.store().toString());
        Path originals = dir.resolve("originals");
        Files.createDirectories(originals);
        List<Path> files = List.of(
                generate(originals, "A001C003.mov", clip("A001C003", "01:00:00:00")),
                generate(originals, "A001C004.mov", clip("A001C004", "02:00:00:00")),
                generate(originals, "SR001.wav", wav("SR001", "10:00:00:00", 100, 6)),
                generate(originals, "SR002.wav", wav("SR002", "11:00:00:00", 50, 2)),
                generate(originals, "SR003.wav", wav("SR003", "12:00:00:00", 50, 2)));
        node.start();
        admin = GatewayClient.connect("127.0.0.1", node.grpcPort(), ClientOptions.tls(node.certificate()));
        admin.login(USER, PASSWORD);
        List<IngestJob> jobs = admin.ingest(files.stream().map(Path::toString).toList(), PROJECT, false);
        Map<String, JobUpdate> done =
                admin.watchJobs(jobs.stream().map(IngestJob::jobId).toList(), u -> {});
        for (IngestJob job : jobs) {
            JobUpdate last = done.get(job.jobId());
            assertEquals(
                    JobState.DONE,
                    last.state(),
                    () -> job.path() + ": " + last.errorReason() + " " + last.errorMessage());
            String name = Path.of(job.path()).getFileName().toString().replaceFirst("\\.[^.]*$", "");
            ASSETS.put(name, admin.getAsset(last.assetId()));
        }
        assertEquals(5, ASSETS.size(), ASSETS.keySet().toString());

        link = PausableLink.to(node.grpcPort());
        home = dir.resolve("agent-home");
        Run login = agent(
                "login",
                "--server",
                "127.0.0.1:" + link.port(),
                "--ca",
                node.certificate().toString(),
                "--user",
                USER,
                "--password",
                PASSWORD);
        assertEquals(0, login.exit(), login.err());
        // The cache holds the timeline's three renditions and SR002's, not SR003's as well.
        long budget = edit("A001C003").sizeBytes()
                + edit("A001C004").sizeBytes()
                + edit("SR001").sizeBytes()
                + edit("SR002").sizeBytes()
                + edit("SR003").sizeBytes()
                - 1;
        startAgent(budget);
        edl = dir.resolve("cut").resolve("AGENT_E2E_R1.edl");
        Files.createDirectories(edl.getParent());
        Files.writeString(edl, """
                TITLE: AGENT E2E R1
                FCM: NON-DROP FRAME

                001  A001C004 V     C        02:00:00:10 02:00:01:00 01:00:00:00 01:00:00:15
                * FROM CLIP NAME: A001C004.mov

                002  SR001    A     C        10:00:00:00 10:00:02:00 01:00:00:15 01:00:02:15
                * FROM CLIP NAME: SR001.wav

                003  A001C003 V     C        01:00:00:05 01:00:01:05 01:00:02:15 01:00:03:15
                * FROM CLIP NAME: A001C003.mov
                """);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (socket != null) {
            socket.abort();
        }
        if (agent != null) {
            agent.interrupt();
            agent.join(30_000);
        }
        if (admin != null) {
            admin.close();
        }
        if (link != null) {
            link.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    @Order(1)
    void aTimelineComesLocalInItsOrderAndResumesAfterTheNodeWasStoppedPartWay() throws Exception {
        String first = id("A001C004");
        String second = id("SR001");
        String third = id("A001C003");
        long size1 = edit("A001C004").sizeBytes();
        long size2 = edit("SR001").sizeBytes();
        long size3 = edit("A001C003").sizeBytes();
        assertTrue(size2 > 4 * NODE_CHUNK_BYTES, "SR001's rendition spans several chunks: " + size2);

        // Everything after the first file and half the second stays in the relay: the node is
        // stopped while the second download is part-way.
        CountDownLatch holding = link.holdAfter(size1 + size2 / 2);
        Reply accepted = post("/v1/local", timeline());
        assertEquals(202, accepted.status(), accepted.text());
        String job1 = accepted.json().get("job_id").asText();
        assertEquals(
                List.of(first, second, third),
                accepted.json().get("assets").findValues("asset_id").stream()
                        .map(JsonNode::asText)
                        .toList(),
                "the timeline's order of first use");
        assertTrue(holding.await(120, TimeUnit.SECONDS), "the relay reached the hold");
        node.stop();
        link.cut();

        List<JsonNode> firstRun = until(job1);
        JsonNode failed = firstRun.get(firstRun.size() - 1);
        assertEquals("job.failed", failed.get("type").asText(), firstRun.toString());
        assertEquals(second, failed.get("asset_id").asText());
        assertEquals("UNAVAILABLE", failed.at("/error/reason").asText(), failed.toString());
        String why = failed.at("/error/message").asText();
        assertTrue(
                why.startsWith("the gateway became unreachable while SR001__")
                        && why.endsWith(" received are kept: make it local again to resume there"),
                why);
        assertEquals(List.of(first), assetsOf(firstRun, "job.asset_done"));
        assertEquals("offline", lastConnectionState(), "the socket said the link went down before the job failed");
        assertInTimelineOrder(firstRun, List.of(first, second, third));
        JsonNode state = get("/v1/jobs/" + job1, null).json();
        assertEquals("failed", state.get("state").asText());
        assertEquals("done", state.at("/assets/0/state").asText());
        Path part = Path.of(state.at("/assets/1/path").asText() + ".part");
        long kept = Files.size(part);
        assertEquals(kept, state.at("/assets/1/bytes_done").asLong(), state.toString());
        assertTrue(kept > 0 && kept < size2, "part-way: " + kept + " of " + size2);
        assertEquals(0, kept % NODE_CHUNK_BYTES, "whole verified chunks only: " + kept);

        node.start();
        Reply again = post("/v1/local", timeline());
        assertEquals(202, again.status(), again.text());
        List<JsonNode> secondRun = until(again.json().get("job_id").asText());
        assertEquals("job.done", secondRun.get(secondRun.size() - 1).get("type").asText(), secondRun.toString());
        assertEquals(List.of(first, second, third), assetsOf(secondRun, "job.asset_done"));
        assertEquals("online", lastConnectionState(), "and that it came back");
        assertInTimelineOrder(secondRun, List.of(first, second, third));
        assertTrue(
                secondRun.stream()
                        .anyMatch(e -> e.get("type").asText().equals("job.progress")
                                && e.path("asset_id").asText().equals(second)),
                "progress of the resumed file");

        long needed = (size2 - kept) + size3;
        long served = servedBytes();
        assertTrue(
                served >= needed && served <= needed + NODE_CHUNK_BYTES,
                "after its restart the node sent " + served + " bytes; " + needed
                        + " were missing (no byte twice beyond one chunk)");

        for (String reel : List.of("A001C004", "SR001", "A001C003")) {
            Path cached = cachedPath(id(reel));
            assertEquals(-1L, Files.mismatch(storeFile(reel, "edit"), cached), reel + " byte-exact: " + cached);
        }
        assertFalse(Files.exists(part), "the partial file became the rendition");

        Path wav = cachedPath(second);
        JsonNode probe = ffprobe(wav);
        JsonNode stream = probe.at("/streams/0");
        assertEquals(6, stream.get("channels").asInt(), stream.toString());
        assertEquals("48000", stream.get("sample_rate").asText());
        assertEquals(
                Long.toString(SR001_TIME_REFERENCE),
                probe.at("/format/tags/time_reference").asText(),
                probe.toString());
        assertEquals(List.of("bext", "iXML", "fmt ", "data"), chunkIds(wav), "the Broadcast WAV's chunks");
    }

    @Test
    @Order(2)
    void aPlanPricesTheRenditionsAtTheMeasuredRateAndAPinnedPlanSurvivesAFullCache() throws Exception {
        long rate = get("/v1/status", null).json().get("link_bytes_per_second").asLong();
        assertTrue(rate > 0, "the downloads measured the link");

        JsonNode plan = post("/v1/plan", timeline()).json();
        assertEquals(rate, plan.get("link_bytes_per_second").asLong());
        long edits = 0;
        long streams = 0;
        for (String reel : List.of("A001C004", "SR001", "A001C003")) {
            edits += Files.size(storeFile(reel, "edit"));
            if (ASSETS.get(reel).rendition("stream-lo").isPresent()) {
                streams += Files.size(storeFile(reel, "stream-lo"));
            }
        }
        JsonNode edit = plan.at("/totals/edit");
        assertEquals(edits, edit.get("bytes").asLong(), "the sum of the edit renditions' sizes: " + plan);
        assertEquals(edits, edit.get("cached_bytes").asLong());
        assertEquals(0, edit.get("seconds").asLong());
        JsonNode lo = plan.at("/totals/stream-lo");
        assertTrue(streams > 0, "the clips have stream-lo renditions");
        assertEquals(streams, lo.get("bytes").asLong(), plan.toString());
        assertEquals(1, lo.get("missing_assets").asInt(), "a WAV has no stream-lo");
        assertEquals((streams + rate - 1) / rate, lo.get("seconds").asLong(), "time at the measured rate");

        String others = "{\"asset_ids\": [\"" + id("SR002") + "\", \"" + id("SR003") + "\"]}";
        JsonNode notYet = post("/v1/plan", others).json().at("/totals/edit");
        long both = Files.size(storeFile("SR002", "edit")) + Files.size(storeFile("SR003", "edit"));
        assertEquals(both, notYet.get("bytes").asLong());
        assertEquals(both, notYet.get("to_fetch_bytes").asLong());
        assertEquals((both + rate - 1) / rate, notYet.get("seconds").asLong());

        String planId = plan.get("plan_id").asText();
        assertEquals(200, post("/v1/plans/" + planId + "/pin", "{}").status());
        assertEquals(
                200,
                post("/v1/fetch", "{\"asset_id\": \"" + id("SR002") + "\"}").status());
        Reply past = post("/v1/fetch", "{\"asset_id\": \"" + id("SR003") + "\"}");
        assertEquals(200, past.status(), past.text());

        List<String> cached = get("/v1/cache", null).json().get("entries").findValues("asset_id").stream()
                .map(JsonNode::asText)
                .sorted()
                .toList();
        assertEquals(
                java.util.stream.Stream.of("A001C004", "SR001", "A001C003", "SR003")
                        .map(AgentNodeIT::id)
                        .sorted()
                        .toList(),
                cached,
                "past the budget the unpinned SR002 went, nothing of the pinned plan");
        for (String reel : List.of("A001C004", "SR001", "A001C003")) {
            assertEquals(-1L, Files.mismatch(storeFile(reel, "edit"), cachedPath(id(reel))), reel);
        }
    }

    @Test
    @Order(3)
    void withTheNodeStoppedStatusSearchAndMediaAnswerFromTheCache() throws Exception {
        node.stop();

        Reply status = get("/v1/status", null);
        assertEquals(200, status.status(), status.text());
        assertEquals("offline", status.json().at("/connection/state").asText(), status.text());
        assertTrue(status.json().at("/login/logged_in").asBoolean());

        Reply search = get("/v1/search?q=A001C003&project=" + PROJECT, null);
        assertEquals(200, search.status(), search.text());
        assertTrue(search.json().get("offline").asBoolean(), search.text());
        assertEquals(1, search.json().get("hits").size(), search.text());
        assertEquals(id("A001C003"), search.json().at("/hits/0/asset_id").asText());
        assertEquals(
                cachedPath(id("A001C003")).toString(),
                search.json().at("/hits/0/cached/edit").asText());

        byte[] clip = Files.readAllBytes(storeFile("A001C003", "edit"));
        Reply range = get("/v1/assets/" + id("A001C003") + "/media?profile=edit", "bytes=100-4195");
        assertEquals(206, range.status(), range.text());
        assertArrayEquals(Arrays.copyOfRange(clip, 100, 4196), range.body());
        Reply whole = get("/v1/assets/" + id("SR001") + "/media", null);
        assertEquals(200, whole.status(), whole.text());
        assertArrayEquals(Files.readAllBytes(storeFile("SR001", "edit")), whole.body());

        Reply never = get("/v1/assets/" + id("SR002") + "/media", "bytes=0-99");
        assertEquals(503, never.status(), "evicted and the node is away: " + never.text());
        assertEquals("UNAVAILABLE", never.json().at("/error/reason").asText());
    }

    // ---- the node's side ------------------------------------------------------------------------

    private static SampleSpec clip(String reel, String start) {
        FrameRate rate = FrameRate.FPS_25;
        return new SampleSpec(
                SampleSpec.Container.MOV,
                SampleSpec.Codec.H264,
                640,
                360,
                rate,
                50,
                Timecode.parse(start, rate),
                reel,
                2,
                24,
                true);
    }

    private static SampleSpec wav(String tape, String start, long frames, int channels) {
        FrameRate rate = FrameRate.FPS_25;
        return new SampleSpec(
                SampleSpec.Container.WAV,
                SampleSpec.Codec.NONE,
                0,
                0,
                rate,
                frames,
                Timecode.parse(start, rate),
                tape,
                channels,
                24,
                false);
    }

    private static Path generate(Path folder, String name, SampleSpec spec) {
        return new SampleOriginals().generate(spec, folder.resolve(name));
    }

    private static String id(String name) {
        return ASSETS.get(name).assetId().value();
    }

    private static Rendition edit(String name) {
        return ASSETS.get(name).rendition("edit").orElseThrow();
    }

    /** The rendition's file in the node's store: what the agent must hold byte for byte. */
    private static Path storeFile(String name, String profile) {
        Manifest m = ASSETS.get(name);
        return new ManifestStore(node.store())
                .assetDir(m.project(), m.assetId())
                .resolve(m.rendition(profile).orElseThrow().path());
    }

    /** {@code gateway_stream_bytes_total} of the running node: rendition bytes it sent since it started. */
    private static long servedBytes() throws Exception {
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream pem = Files.newInputStream(node.certificate())) {
            trust.setCertificateEntry("node", x509.generateCertificate(pem));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        try (HttpClient http = HttpClient.newBuilder().sslContext(tls).build()) {
            String text = http.send(
                            HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + node.httpPort() + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            return text.lines()
                    .filter(l -> l.startsWith("gateway_stream_bytes_total "))
                    .map(l -> Long.parseLong(l.substring(l.indexOf(' ') + 1).strip()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no gateway_stream_bytes_total in /metrics:\n" + text));
        }
    }

    // ---- the agent's side -----------------------------------------------------------------------

    private record Run(int exit, String out, String err) {}

    private static Run agent(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new AgentMain(
                        home,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        InputStream.nullInputStream(),
                        Clock.systemUTC())
                .run(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * {@code gateway agent serve --port 0 --max-cache-bytes N} on a thread of this JVM, as the
     * command runs it (discovery file included); returns once it printed its address.
     */
    private static void startAgent(long budget) throws Exception {
        CompletableFuture<String> listening = new CompletableFuture<>();
        OutputStream lines = new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public void write(int b) {
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.UTF_8);
                    if (text.startsWith("agent API on ")) {
                        listening.complete(text);
                    }
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        agent = Thread.ofVirtual().name("agent-serve").start(() -> {
            int exit = new AgentMain(
                            home,
                            new PrintStream(lines, true, StandardCharsets.UTF_8),
                            new PrintStream(err, true, StandardCharsets.UTF_8),
                            InputStream.nullInputStream(),
                            Clock.systemUTC())
                    .run("serve", "--port", "0", "--max-cache-bytes", Long.toString(budget));
            listening.completeExceptionally(new AssertionError(
                    "agent serve ended (exit " + exit + "): " + err.toString(StandardCharsets.UTF_8)));
        });
        listening.get(60, TimeUnit.SECONDS);
        JsonNode discovery = JSON.readTree(home.resolve("agent.json").toFile());
        agentPort = discovery.get("port").asInt();
        agentToken = discovery.get("token").asText();
        socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(
                        URI.create("ws://127.0.0.1:" + agentPort + "/v1/events?access_token=" + agentToken),
                        new WebSocket.Listener() {
                            private final StringBuilder text = new StringBuilder();

                            @Override
                            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                                text.append(data);
                                if (last) {
                                    try {
                                        JsonNode event = JSON.readTree(text.toString());
                                        ALL.add(event);
                                        EVENTS.add(event);
                                    } catch (IOException e) {
                                        throw new IllegalStateException(e);
                                    }
                                    text.setLength(0);
                                }
                                ws.request(1);
                                return null;
                            }
                        })
                .get(30, TimeUnit.SECONDS);
    }

    private static String timeline() throws IOException {
        return "{\"timeline_path\": " + JSON.writeValueAsString(edl.toString()) + ", \"project\": \"" + PROJECT
                + "\", \"rate\": \"25\"}";
    }

    /** The events of one job, up to and including its job.done or job.failed (60 s at most between two). */
    private static List<JsonNode> until(String job) throws InterruptedException {
        List<JsonNode> seen = new ArrayList<>();
        while (true) {
            JsonNode e = next(x -> x.path("job_id").asText().equals(job));
            seen.add(e);
            String type = e.get("type").asText();
            if (type.equals("job.done") || type.equals("job.failed")) {
                return seen;
            }
        }
    }

    private static JsonNode next(Predicate<JsonNode> wanted) throws InterruptedException {
        while (true) {
            JsonNode e = EVENTS.poll(60, TimeUnit.SECONDS);
            assertNotNull(e, "no event in 60 s");
            if (wanted.test(e)) {
                return e;
            }
        }
    }

    /** The state of the last {@code connection} event the socket sent (events arrive in the order they were sent). */
    private static String lastConnectionState() {
        List<String> states = ALL.stream()
                .filter(e -> e.path("type").asText().equals("connection"))
                .map(e -> e.path("state").asText())
                .toList();
        assertFalse(states.isEmpty(), "no connection event");
        return states.get(states.size() - 1);
    }

    private static List<String> assetsOf(List<JsonNode> events, String type) {
        return events.stream()
                .filter(e -> e.get("type").asText().equals(type))
                .map(e -> e.get("asset_id").asText())
                .toList();
    }

    /** Every event that names an asset names it in the timeline's order: never an earlier one after a later one. */
    private static void assertInTimelineOrder(List<JsonNode> events, List<String> order) {
        int at = 0;
        for (JsonNode e : events) {
            if (!e.has("asset_id")) {
                continue;
            }
            int place = order.indexOf(e.get("asset_id").asText());
            assertTrue(place >= at, "event out of the timeline's order: " + e + " in " + events);
            at = place;
        }
        assertEquals(order.get(0), events.get(0).path("asset_id").asText(), "the first event's asset first");
    }

    private static Path cachedPath(String assetId) throws IOException {
        Reply path = get("/v1/assets/" + assetId + "/path", null);
        assertEquals(200, path.status(), path.text());
        assertTrue(path.json().get("cached").asBoolean(), path.text());
        return Path.of(path.json().get("path").asText());
    }

    private record Reply(int status, byte[] body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static Reply post(String path, String body) throws IOException {
        HttpURLConnection c = open(path);
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = c.getOutputStream()) {
            out.write(body.getBytes(StandardCharsets.UTF_8));
        }
        return read(c);
    }

    private static Reply get(String path, String range) throws IOException {
        HttpURLConnection c = open(path);
        if (range != null) {
            c.setRequestProperty("Range", range);
        }
        return read(c);
    }

    private static HttpURLConnection open(String path) throws IOException {
        HttpURLConnection c = (HttpURLConnection)
                URI.create("http://127.0.0.1:" + agentPort + path).toURL().openConnection();
        c.setRequestProperty("Authorization", "Bearer " + agentToken);
        c.setReadTimeout(120_000);
        return c;
    }

    private static Reply read(HttpURLConnection c) throws IOException {
        int status = c.getResponseCode();
        try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            return new Reply(status, in == null ? new byte[0] : in.readAllBytes());
        } finally {
            c.disconnect();
        }
    }

    // ---- independent readers of the WAV ---------------------------------------------------------

    private static JsonNode ffprobe(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(
                        "ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json", file.toString())
                .redirectErrorStream(true)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "ffprobe ended");
        assertEquals(0, p.exitValue(), new String(out, StandardCharsets.UTF_8));
        return JSON.readTree(out);
    }

    /** The RIFF chunk ids of a WAVE file, in order. */
    private static List<String> chunkIds(Path wav) throws IOException {
        byte[] b = Files.readAllBytes(wav);
        assertEquals("RIFF", new String(b, 0, 4, StandardCharsets.US_ASCII));
        assertEquals("WAVE", new String(b, 8, 4, StandardCharsets.US_ASCII));
        List<String> ids = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int at = 12;
        while (at + 8 <= b.length) {
            ids.add(new String(b, at, 4, StandardCharsets.US_ASCII));
            long size = Integer.toUnsignedLong(in.getInt(at + 4));
            at += 8 + (int) size + (int) (size & 1);
        }
        return ids;
    }
}
