package gateway.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.client.ClientOptions;
import gateway.testing.Corpora;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The events WebSocket, {@code POST /v1/local} jobs and ranged {@code /media}, against a stand-in gRPC node. */
class AgentEventsIT {
    private static final String A = "a0000001-0000-4000-8000-000000000001";
    private static final String B = "b0000002-0000-4000-8000-000000000002";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ApiToken TOKEN = ApiToken.random();
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    @TempDir
    Path home;

    private record Reply(int status, java.util.Map<String, List<String>> headers, byte[] body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    private static TestGateway gateway(int port) throws IOException {
        Path media = Corpora.file("media");
        TestGateway g = TestGateway.start(port);
        g.add(A, "feature_01", "/mnt/cards/A001/A001C003.mov", "edit", media.resolve("frame_debugger_0h.mov"), null);
        g.add(B, "feature_01", "/mnt/cards/A001/A001C004.mov", "edit", media.resolve("frame_debugger_1h.mov"), null);
        return g;
    }

    private LocalApi api(TestGateway g, ConnectionState connection) {
        TestClock clock = new TestClock(NOW);
        ClientSource clients = new ClientSource(
                home.resolve("session.json"),
                new ServerAddress("127.0.0.1", g.port()),
                TestGateway.ACCESS,
                null,
                ClientOptions.plaintext().withFetchAttempts(2, Duration.ofMillis(50)),
                clock);
        ProxyFetcher fetcher = new ProxyFetcher(new ProxyCache(home.resolve("cache"), clock), 0);
        return LocalApi.start(0, TOKEN, fetcher, clients, connection, 0);
    }

    @Test
    void aJobReportsProgressAndCompletionInItsOrderOnTheSocket() throws Exception {
        try (TestGateway g = gateway(0);
                LocalApi api = api(g, new ConnectionState(new TestClock(NOW)))) {
            BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
            WebSocket socket = connect(api, "?access_token=" + TOKEN.value(), events);
            assertEquals("connection", next(events, e -> true).get("type").asText(), "the state comes first");

            Reply accepted = post(api, "/v1/local", "{\"asset_ids\": [\"" + B + "\", \"" + A + "\"]}");

            assertEquals(202, accepted.status(), new String(accepted.body(), StandardCharsets.UTF_8));
            JsonNode body = accepted.json();
            String job = body.get("job_id").asText();
            assertEquals(B, body.at("/assets/0/asset_id").asText());
            assertEquals(1, body.at("/assets/0/order").asInt());
            assertEquals(A, body.at("/assets/1/asset_id").asText());
            List<String> done = new ArrayList<>();
            List<JsonNode> progress = new ArrayList<>();
            JsonNode last;
            do {
                last = next(events, e -> e.path("job_id").asText().equals(job));
                if (last.get("type").asText().equals("job.asset_done")) {
                    done.add(last.get("asset_id").asText());
                    assertTrue(Files.isRegularFile(Path.of(last.get("path").asText())));
                } else if (last.get("type").asText().equals("job.progress")) {
                    progress.add(last);
                }
            } while (!last.get("type").asText().equals("job.done")
                    && !last.get("type").asText().equals("job.failed"));
            assertEquals("job.done", last.get("type").asText(), last.toString());
            assertEquals(List.of(B, A), done);
            long sizeA = Files.size(Corpora.file("media").resolve("frame_debugger_0h.mov"));
            long sizeB = Files.size(Corpora.file("media").resolve("frame_debugger_1h.mov"));
            JsonNode finalProgress = progress.get(progress.size() - 1);
            assertEquals(sizeA + sizeB, finalProgress.at("/total/bytes_total").asLong());
            assertEquals(sizeA + sizeB, finalProgress.at("/total/bytes_done").asLong());
            assertEquals(0, finalProgress.at("/total/eta_seconds").asLong());
            assertTrue(progress.stream().allMatch(p -> p.has("bytes_per_second")), progress.toString());
            assertArrayEquals(
                    Files.readAllBytes(Corpora.file("media").resolve("frame_debugger_1h.mov")),
                    Files.readAllBytes(Path.of(body.at("/assets/0/path").asText())));

            JsonNode state = get(api, "/v1/jobs/" + job, null).json();
            assertEquals("done", state.get("state").asText());
            assertEquals(sizeA + sizeB, state.get("bytes_done").asLong());
            assertEquals(404, get(api, "/v1/jobs/nope", null).status());
            socket.abort();
        }
    }

    @Test
    void theEventsSocketRefusesCallersWithoutTheToken() throws Exception {
        try (TestGateway g = gateway(0);
                LocalApi api = api(g, new ConnectionState(new TestClock(NOW)))) {
            ExecutionException refused =
                    assertThrows(ExecutionException.class, () -> connect(api, "", new LinkedBlockingQueue<>()));
            assertTrue(refused.getCause() instanceof WebSocketHandshakeException, refused.toString());
            assertEquals(
                    401,
                    ((WebSocketHandshakeException) refused.getCause())
                            .getResponse()
                            .statusCode());
            ExecutionException wrong = assertThrows(
                    ExecutionException.class, () -> connect(api, "?access_token=nope", new LinkedBlockingQueue<>()));
            assertEquals(
                    401,
                    ((WebSocketHandshakeException) wrong.getCause())
                            .getResponse()
                            .statusCode());
            String plain = rawGet(api.port(), "127.0.0.1:" + api.port(), "/v1/events", null);
            assertTrue(plain.startsWith("HTTP/1.1 401"), plain);
            String options = rawRequest(api.port(), "OPTIONS", "/v1/status", TOKEN.value());
            assertTrue(options.startsWith("HTTP/1.1 405"), options);
            assertTrue(!options.toLowerCase(java.util.Locale.ROOT).contains("access-control"), options);
            Reply noJson = post(api, "/v1/local", "{}", "text/plain");
            assertEquals(415, noJson.status());
        }
    }

    @Test
    void mediaServesRangesOfACachedFileAndOfOneStillArriving() throws Exception {
        byte[] a = Files.readAllBytes(Corpora.file("media").resolve("frame_debugger_0h.mov"));
        byte[] b = Files.readAllBytes(Corpora.file("media").resolve("frame_debugger_1h.mov"));
        try (TestGateway g = gateway(0);
                LocalApi api = api(g, new ConnectionState(new TestClock(NOW)))) {
            BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
            WebSocket socket = connect(api, "?access_token=" + TOKEN.value(), events);
            String jobA = post(api, "/v1/local", "{\"asset_ids\": [\"" + A + "\"]}")
                    .json()
                    .get("job_id")
                    .asText();
            next(
                    events,
                    e -> e.path("type").asText().equals("job.done")
                            && e.path("job_id").asText().equals(jobA));

            Reply cached = get(api, "/v1/assets/" + A + "/media?profile=edit", "bytes=100-199");
            assertEquals(206, cached.status());
            assertEquals(
                    "bytes 100-199/" + a.length,
                    cached.headers().get("Content-Range").get(0));
            assertEquals("bytes", cached.headers().get("Accept-Ranges").get(0));
            assertArrayEquals(Arrays.copyOfRange(a, 100, 200), cached.body());
            Reply bad = get(api, "/v1/assets/" + A + "/media", "bytes=" + a.length + "-");
            assertEquals(416, bad.status());
            assertEquals(
                    "bytes */" + a.length, bad.headers().get("Content-Range").get(0));
            assertEquals(200, get(api, "/v1/assets/" + A + "/media", null).status());

            g.hold(B, 128 * 1024);
            post(api, "/v1/local", "{\"asset_ids\": [\"" + B + "\"]}");
            assertTrue(g.holding.await(30, TimeUnit.SECONDS), "the download of B started");
            Reply head = get(api, "/v1/assets/" + B + "/media", "bytes=0-999");
            assertEquals(206, head.status());
            assertArrayEquals(Arrays.copyOfRange(b, 0, 1000), head.body());
            Reply tail = get(api, "/v1/assets/" + B + "/media", "bytes=-5000");
            assertEquals(206, tail.status());
            assertEquals(
                    "bytes " + (b.length - 5000) + "-" + (b.length - 1) + "/" + b.length,
                    tail.headers().get("Content-Range").get(0));
            assertArrayEquals(Arrays.copyOfRange(b, b.length - 5000, b.length), tail.body());
            assertTrue(
                    g.fetchCalls.contains(B + "@" + (b.length - 5000)), "the tail came from the node: " + g.fetchCalls);
            g.release();
            socket.abort();
        }
    }

    @Test
    void aNodeThatGoesAwayFailsTheJobAndAfterItsReturnTheDownloadResumes() throws Exception {
        byte[] b = Files.readAllBytes(Corpora.file("media").resolve("frame_debugger_1h.mov"));
        TestGateway first = gateway(0);
        int port = first.port();
        ConnectionState connection = new ConnectionState(new TestClock(NOW));
        try (LocalApi api = api(first, connection)) {
            BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
            WebSocket socket = connect(api, "?access_token=" + TOKEN.value(), events);
            first.hold(B, 256 * 1024);
            String job = post(api, "/v1/local", "{\"asset_ids\": [\"" + B + "\"]}")
                    .json()
                    .get("job_id")
                    .asText();
            next(events, e -> e.path("state").asText().equals("online"));
            assertTrue(first.holding.await(30, TimeUnit.SECONDS));
            first.close();

            JsonNode failed = next(events, e -> e.path("type").asText().equals("job.failed"));
            assertEquals(job, failed.get("job_id").asText());
            assertEquals(B, failed.get("asset_id").asText());
            assertEquals("UNAVAILABLE", failed.at("/error/reason").asText(), failed.toString());
            // The agent marks the link offline as the job fails (that event comes just before job.failed).
            assertEquals(
                    "offline",
                    get(api, "/v1/status", null).json().at("/connection/state").asText());
            JsonNode state = get(api, "/v1/jobs/" + job, null).json();
            assertEquals("failed", state.get("state").asText());
            long kept = state.at("/assets/0/bytes_done").asLong();
            assertTrue(kept >= 256 * 1024, state.toString());

            try (TestGateway again = gateway(port)) {
                String second = post(api, "/v1/local", "{\"asset_ids\": [\"" + B + "\"]}")
                        .json()
                        .get("job_id")
                        .asText();
                JsonNode done = next(
                        events,
                        e -> e.path("job_id").asText().equals(second)
                                && (e.path("type").asText().equals("job.done")
                                        || e.path("type").asText().equals("job.failed")));
                assertEquals("job.done", done.get("type").asText(), done.toString());
                assertEquals(List.of(B + "@" + kept), again.fetchCalls, "resumed where the partial file ended");
                JsonNode path = get(api, "/v1/jobs/" + second, null).json().at("/assets/0/path");
                assertArrayEquals(b, Files.readAllBytes(Path.of(path.asText())));
            }
            socket.abort();
        }
    }

    /**
     * A full cache disk, for real: the rendition's partial file is a link to Linux's {@code /dev/full},
     * whose every write the kernel refuses with ENOSPC, as a full file system does.
     */
    @Test
    void aFullCacheDiskFailsTheJobWithStorageFullAndLeavesNoFileWhereTheNleLooks() throws Exception {
        Path full = Path.of("/dev/full");
        Assumptions.assumeTrue(Files.isWritable(full), "this system has no writable /dev/full (Linux has)");
        try (TestGateway g = gateway(0);
                LocalApi api = api(g, new ConnectionState(new TestClock(NOW)))) {
            BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
            WebSocket socket = connect(api, "?access_token=" + TOKEN.value(), events);
            Reply where = get(api, "/v1/assets/" + A + "/path", null);
            assertEquals(200, where.status(), new String(where.body(), StandardCharsets.UTF_8));
            Path target = Path.of(where.json().get("path").asText());
            Files.createDirectories(target.getParent());
            Path part = target.resolveSibling(target.getFileName() + ".part");
            Files.createSymbolicLink(part, full);

            String job = post(api, "/v1/local", "{\"asset_ids\": [\"" + A + "\"]}")
                    .json()
                    .get("job_id")
                    .asText();
            JsonNode failed = next(
                    events,
                    e -> e.path("job_id").asText().equals(job)
                            && (e.path("type").asText().equals("job.failed")
                                    || e.path("type").asText().equals("job.done")));
            assertEquals("job.failed", failed.get("type").asText(), failed.toString());
            assertEquals(A, failed.get("asset_id").asText());
            assertEquals("STORAGE_FULL", failed.at("/error/reason").asText(), failed.toString());
            assertEquals(
                    "the disk is full at " + part + ": No space left on device writing bytes 0..65536; the 0"
                            + " verified bytes received are kept: free space there and fetch again to resume",
                    failed.at("/error/message").asText());
            assertTrue(Files.notExists(target), "no file where the NLE looks: " + target);
            assertEquals(
                    "failed",
                    get(api, "/v1/jobs/" + job, null).json().get("state").asText());
            // The link was fine: the agent does not call the gateway offline for a full disk.
            assertEquals(
                    "online",
                    get(api, "/v1/status", null).json().at("/connection/state").asText());
            socket.abort();
        }
    }

    private static JsonNode next(BlockingQueue<JsonNode> events, Predicate<JsonNode> wanted)
            throws InterruptedException {
        while (true) {
            JsonNode e = events.poll(60, TimeUnit.SECONDS);
            assertNotNull(e, "no event in 60 s");
            if (wanted.test(e)) {
                return e;
            }
        }
    }

    private static WebSocket connect(LocalApi api, String query, BlockingQueue<JsonNode> events) throws Exception {
        return HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(
                        URI.create("ws://127.0.0.1:" + api.port() + "/v1/events" + query), new WebSocket.Listener() {
                            private final StringBuilder text = new StringBuilder();

                            @Override
                            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                                text.append(data);
                                if (last) {
                                    try {
                                        events.add(JSON.readTree(text.toString()));
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

    private static Reply post(LocalApi api, String path, String body) throws IOException {
        return post(api, path, body, "application/json");
    }

    private static Reply post(LocalApi api, String path, String body, String type) throws IOException {
        HttpURLConnection c = open(api, path);
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", type);
        try (OutputStream out = c.getOutputStream()) {
            out.write(body.getBytes(StandardCharsets.UTF_8));
        }
        return read(c);
    }

    private static Reply get(LocalApi api, String path, String range) throws IOException {
        HttpURLConnection c = open(api, path);
        if (range != null) {
            c.setRequestProperty("Range", range);
        }
        return read(c);
    }

    private static HttpURLConnection open(LocalApi api, String path) throws IOException {
        HttpURLConnection c = (HttpURLConnection)
                URI.create("http://127.0.0.1:" + api.port() + path).toURL().openConnection();
        c.setRequestProperty("Authorization", "Bearer " + TOKEN.value());
        c.setReadTimeout(60_000);
        return c;
    }

    private static Reply read(HttpURLConnection c) throws IOException {
        int status = c.getResponseCode();
        try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            return new Reply(status, c.getHeaderFields(), in == null ? new byte[0] : in.readAllBytes());
        } finally {
            c.disconnect();
        }
    }

    private static String rawGet(int port, String host, String path, String token) throws IOException {
        return raw(
                port,
                "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"
                        + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                        + "Connection: close\r\n\r\n");
    }

    private static String rawRequest(int port, String method, String path, String token) throws IOException {
        return raw(
                port,
                method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer " + token
                        + "\r\nConnection: close\r\n\r\n");
    }

    private static String raw(int port, String request) throws IOException {
        return RawHttp.send(port, request);
    }
}
