package gateway.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.client.ClientOptions;
import gateway.model.checksum.XxHash64;
import gateway.testing.Corpora;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's commands and localhost API against a real gRPC server on a loopback port. */
class AgentIT {
    private static final String A = "a0000001-0000-4000-8000-000000000001";
    private static final String B = "b0000002-0000-4000-8000-000000000002";
    private static final String C = "c0000003-0000-4000-8000-000000000003";
    private static final String BAD = "d0000004-0000-4000-8000-000000000004";
    private static final Instant BEFORE_EXPIRY = Instant.parse("2026-11-21T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ApiToken TOKEN = ApiToken.random();

    private static TestGateway gateway;
    private static Path proxyA;
    private static Path proxyB;

    @TempDir
    Path home;

    private record Run(int exit, String out, String err) {}

    @BeforeAll
    static void startGateway() throws IOException {
        Path media = Corpora.file("media");
        proxyA = media.resolve("frame_debugger_0h.mov");
        proxyB = media.resolve("frame_debugger_1h.mov");
        gateway = TestGateway.start();
        gateway.add(A, "feature_01", "/mnt/cards/A001/A001C003.mov", "edit", proxyA, null);
        gateway.add(B, "feature_01", "/mnt/cards/A001/A001C004.mov", "edit", proxyB, null);
        gateway.add(C, "feature_01", "/mnt/cards/A002/A002C001.mov", "stream-lo", proxyA, null);
        gateway.add(BAD, "qc", "/mnt/cards/Q001/Q001C001.mov", "edit", proxyA, "0000000000000000");
    }

    @AfterAll
    static void stopGateway() {
        if (gateway != null) { // null when the corpora are missing and the class was skipped
            gateway.close();
        }
    }

    @Test
    void loginKeepsTheSessionOwnerOnlyAndFetchPrintsTheStablePath() throws IOException {
        Run login = login();
        assertEquals(0, login.exit(), login.err());
        Path session = home.resolve("session.json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(session)));
        assertEquals(
                TestGateway.ACCESS,
                JSON.readTree(session.toFile()).get("access_token").asText());

        Run fetch = run("fetch", A);

        assertEquals(0, fetch.exit(), fetch.err());
        Path expected = home.resolve("cache/feature_01/A001C003__a0000001.mov");
        assertEquals(expected.toString(), fetch.out().strip());
        assertArrayEquals(Files.readAllBytes(proxyA), Files.readAllBytes(expected));
        JsonNode entry = JSON.readTree(home.resolve("cache/cache.json").toFile())
                .get("entries")
                .get(0);
        assertEquals(A, entry.get("asset_id").asText());
        assertEquals(xxh64(proxyA), entry.get("xxh64").asText());
        assertEquals(Files.size(proxyA), entry.get("size_bytes").asLong());
    }

    @Test
    void aSecondFetchOfTheSameAssetDownloadsNothing() {
        login();
        assertEquals(0, run("fetch", A).exit());
        long calls = fetchCallsFor(A);

        Run again = run("fetch", A);

        assertEquals(0, again.exit(), again.err());
        assertEquals(
                home.resolve("cache/feature_01/A001C003__a0000001.mov").toString(),
                again.out().strip());
        assertTrue(again.err().contains("already cached"), again.err());
        assertEquals(calls, fetchCallsFor(A));
    }

    @Test
    void twoFetchesOfOneAssetAtOnceDownloadItOnce() throws Exception {
        login();
        long calls = fetchCallsFor(B);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Run>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return run("fetch", B);
                }));
            }
            start.countDown();
            for (Future<Run> r : runs) {
                Run done = r.get(60, TimeUnit.SECONDS);
                assertEquals(0, done.exit(), done.err());
                assertEquals(
                        home.resolve("cache/feature_01/A001C004__b0000002.mov").toString(),
                        done.out().strip());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(calls + 1, fetchCallsFor(B));
        assertArrayEquals(
                Files.readAllBytes(proxyB),
                Files.readAllBytes(home.resolve("cache/feature_01/A001C004__b0000002.mov")));
    }

    @Test
    void anInterruptedDownloadResumesFromThePartialFile() throws IOException {
        login();
        byte[] whole = Files.readAllBytes(proxyB);
        Path target = home.resolve("cache/feature_01/A001C004__b0000002.mov");
        Files.createDirectories(target.getParent());
        Files.write(target.resolveSibling(target.getFileName() + ".part"), Arrays.copyOf(whole, 200_000));

        Run fetch = run("fetch", B);

        assertEquals(0, fetch.exit(), fetch.err());
        assertTrue(gateway.fetchCalls.contains(B + "@200000"), gateway.fetchCalls.toString());
        assertTrue(fetch.err().contains("resumed at byte 200000"), fetch.err());
        assertArrayEquals(whole, Files.readAllBytes(target));
    }

    @Test
    void syncFetchesWhatIsMissingAndSkipsAssetsWithoutTheProxy() {
        login();
        assertEquals(0, run("fetch", A).exit());

        Run sync = run("sync", "--project", "feature_01");

        assertEquals(0, sync.exit(), sync.err());
        assertTrue(sync.out().contains("[1/3] cached  A001C003"), sync.out());
        assertTrue(
                sync.out()
                        .contains(
                                "[2/3] fetched A001C004 -> " + home.resolve("cache/feature_01/A001C004__b0000002.mov")),
                sync.out());
        assertTrue(sync.out().contains("[3/3] skipped A002C001: no 'edit' rendition yet"), sync.out());
        assertTrue(sync.out().contains("1 fetched, 1 already cached, 1 without the rendition, 0 failed"), sync.out());

        Run again = run("sync", "--project", "feature_01", "--query", "A001");
        assertTrue(again.out().contains("0 fetched, 2 already cached, 0 without the rendition, 0 failed"), again.out());
        Run ls = run("ls", "--project", "feature_01");
        assertEquals(2, ls.out().lines().count(), ls.out());
    }

    @Test
    void aRenditionThatDoesNotMatchTheManifestIsDeleted() throws IOException {
        login();

        Run fetch = run("fetch", BAD);

        assertEquals(1, fetch.exit());
        assertEquals(1, fetch.err().lines().count(), fetch.err());
        assertTrue(
                fetch.err().startsWith("gateway agent fetch: asset " + BAD + " rendition edit arrived with xxh64"),
                fetch.err());
        assertFalse(Files.exists(home.resolve("cache/qc/Q001C001__d0000004.mov")));
        assertEquals(0, run("ls").out().lines().count());
    }

    @Test
    void anExpiringAccessTokenIsRefreshedAndKept() throws IOException {
        login();
        Run fetch = run(new TestClock(TestGateway.ACCESS_EXPIRES.plusSeconds(300)), "fetch", A);

        assertEquals(0, fetch.exit(), fetch.err());
        assertEquals(
                TestGateway.ACCESS_AFTER_REFRESH,
                JSON.readTree(home.resolve("session.json").toFile())
                        .get("access_token")
                        .asText());
    }

    @Test
    void theApiSaysReloggingWhileItRenewsAnExpiringLoginThenOnline() throws Exception {
        login();
        TestClock clock = new TestClock(TestGateway.ACCESS_EXPIRES.plusSeconds(300));
        ConnectionState connection = new ConnectionState(clock);
        List<String> states = new java.util.concurrent.CopyOnWriteArrayList<>();
        connection.onChange(now -> states.add(now.state().wire()));
        ClientSource clients =
                new ClientSource(home.resolve("session.json"), null, null, null, ClientOptions.plaintext(), clock);
        ProxyFetcher fetcher = new ProxyFetcher(new ProxyCache(home.resolve("cache"), clock), 0);
        try (LocalApi api = LocalApi.start(0, TOKEN, fetcher, clients, connection, 0)) {
            Reply search = http("GET", "http://127.0.0.1:" + api.port() + "/v1/search?q=A001C003", null, null);
            assertEquals(200, search.status(), search.body().toString());
            assertFalse(search.body().get("offline").asBoolean(), search.body().toString());
        }
        assertEquals(List.of("relogging", "online"), states, "the events socket's connection states");
        assertEquals(
                TestGateway.ACCESS_AFTER_REFRESH,
                JSON.readTree(home.resolve("session.json").toFile())
                        .get("access_token")
                        .asText());
    }

    @Test
    void badCredentialsAndMissingLoginsFailWithOneLine() {
        Run bad = run("login", "--server", gateway.address(), "--user", TestGateway.USER, "--password", "wrong");
        assertEquals(1, bad.exit());
        assertEquals(
                "gateway agent login: user name or password is wrong", bad.err().strip());
        assertFalse(Files.exists(home.resolve("session.json")));

        Run fetch = run("fetch", A);
        assertEquals(1, fetch.exit());
        assertTrue(fetch.err().startsWith("gateway agent fetch: not logged in: run 'gateway agent login"), fetch.err());

        Run usage = run("fetch", A, "--profil", "edit");
        assertEquals(2, usage.exit());
        assertEquals(
                "gateway agent fetch: Unknown option: '--profil' (try 'gateway agent fetch --help')",
                usage.err().strip());
    }

    @Test
    void aTokenGivenOnTheCommandLineIsUsedAsIs() {
        Run fetch = run("fetch", A, "--server", gateway.address(), "--token", TestGateway.ACCESS);
        assertEquals(0, fetch.exit(), fetch.err());

        Run refused = run("fetch", B, "--server", gateway.address(), "--token", "forged");
        assertEquals(1, refused.exit());
        assertTrue(refused.err().contains("no valid bearer token"), refused.err());
    }

    @Test
    void pathIsTheSameBeforeAndAfterTheAssetIsCached() {
        login();
        Run before = run("path", B);
        assertEquals(0, before.exit(), before.err());
        assertTrue(before.err().contains("not cached yet"), before.err());

        Run fetch = run("fetch", B);
        Run after = run("path", B);

        assertEquals(before.out(), after.out());
        assertEquals(fetch.out(), after.out());
        assertEquals("", after.err());
    }

    @Test
    void aBudgetEvictsTheLeastRecentlyUsedButNeverAPinnedProject() throws IOException {
        login();
        long budget = Files.size(proxyB) + 1;
        assertEquals(0, run("fetch", A).exit());

        Run fetchB = run("fetch", B, "--max-cache-bytes", Long.toString(budget));

        assertTrue(fetchB.err().contains("evicted 1 least recently used files"), fetchB.err());
        List<String> cached = run("ls").out().lines().toList();
        assertEquals(1, cached.size());
        assertTrue(cached.get(0).contains(B), cached.toString());

        assertEquals(0, run("pin", "--project", "feature_01").exit());
        assertEquals(
                0, run("fetch", A, "--max-cache-bytes", Long.toString(budget)).exit());
        assertEquals(2, run("ls").out().lines().count());
    }

    @Test
    void verifyRemovesACorruptedFileAndSaysSo() throws IOException {
        login();
        Path file = Path.of(run("fetch", A).out().strip());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);

        Run verify = run("verify");

        assertEquals(1, verify.exit());
        assertTrue(verify.out().contains("removed " + A + "/edit: " + file + " hashes to xxh64"), verify.out());
        assertTrue(verify.err().contains("1 cached files were bad and were removed"), verify.err());
        assertFalse(Files.exists(file));
        assertEquals(0, run("verify").exit());
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : List.of(
                "login", "logout", "search", "fetch", "sync", "ls", "verify", "path", "pin", "unpin", "serve")) {
            Run help = run(command, "--help");
            assertEquals(0, help.exit(), command);
            assertTrue(help.out().startsWith("usage: gateway agent " + command), help.out());
        }
        assertEquals(0, run("--help").exit());
        assertEquals(2, run("frobnicate").exit());
    }

    @Test
    void searchListsHitsWithTheirCachedPath() {
        login();
        run("fetch", A);

        Run search = run("search", "A001", "--project", "feature_01");

        assertEquals(0, search.exit(), search.err());
        List<String> lines = search.out().lines().toList();
        assertEquals(2, lines.size(), search.out());
        assertTrue(lines.get(0).startsWith(A + "\tfeature_01\tA001C003\t"), lines.get(0));
        assertTrue(lines.get(0).endsWith("\t" + home.resolve("cache/feature_01/A001C003__a0000001.mov")), lines.get(0));
        assertTrue(lines.get(1).endsWith("\t-"), lines.get(1));
    }

    @Test
    void theLocalApiAnswersPanels() throws Exception {
        login();
        TestClock clock = new TestClock(BEFORE_EXPIRY);
        ClientSource clients =
                new ClientSource(home.resolve("session.json"), null, null, null, ClientOptions.plaintext(), clock);
        ProxyFetcher fetcher = new ProxyFetcher(new ProxyCache(home.resolve("cache"), clock), 0);
        try (LocalApi api = LocalApi.start(0, TOKEN, fetcher, clients, new ConnectionState(clock), 0)) {
            String base = "http://127.0.0.1:" + api.port() + "/v1";
            String stable =
                    home.resolve("cache/feature_01/A001C003__a0000001.mov").toString();

            Reply before = http("GET", base + "/assets/" + A + "/path", null, null);
            assertEquals(200, before.status(), before.body().toString());
            assertEquals(stable, before.body().get("path").asText());
            assertFalse(before.body().get("cached").asBoolean());

            Reply fetched = http("POST", base + "/fetch", "application/json", "{\"asset_id\": \"" + A + "\"}");
            assertEquals(200, fetched.status(), fetched.body().toString());
            assertEquals(stable, fetched.body().get("path").asText());
            assertTrue(fetched.body().get("cached").asBoolean());
            assertArrayEquals(Files.readAllBytes(proxyA), Files.readAllBytes(Path.of(stable)));

            JsonNode cache = http("GET", base + "/cache", null, null).body();
            assertEquals(Files.size(proxyA), cache.get("total_bytes").asLong());
            assertEquals(A, cache.get("entries").get(0).get("asset_id").asText());

            Reply missing = http("GET", base + "/assets/ffffffff-0000-4000-8000-000000000000/path", null, null);
            assertEquals(404, missing.status());
            assertEquals("NOT_FOUND", missing.body().get("error").get("reason").asText());

            Reply plainText = http("POST", base + "/fetch", "text/plain", "{\"asset_id\": \"" + B + "\"}");
            assertEquals(415, plainText.status(), "a cross-origin form post cannot start a download");
            assertFalse(Files.exists(home.resolve("cache/feature_01/A001C004__b0000002.mov")));

            assertEquals(405, http("DELETE", base + "/cache", null, null).status());

            assertTrue(
                    rawGet(api.port(), "evil.example:" + api.port(), "/v1/cache", TOKEN.value())
                            .startsWith("HTTP/1.1 403"),
                    "a rebound DNS name is refused");
            assertTrue(rawGet(api.port(), "localhost:" + api.port(), "/v1/health", TOKEN.value())
                    .startsWith("HTTP/1.1 200"));
        }
    }

    @Test
    void theLocalApiRefusesCallersWithoutTheToken() throws Exception {
        TestClock clock = new TestClock(BEFORE_EXPIRY);
        ClientSource clients =
                new ClientSource(home.resolve("session.json"), null, null, null, ClientOptions.plaintext(), clock);
        ProxyFetcher fetcher = new ProxyFetcher(new ProxyCache(home.resolve("cache"), clock), 0);
        try (LocalApi api = LocalApi.start(0, TOKEN, fetcher, clients, new ConnectionState(clock), 0)) {
            String host = "127.0.0.1:" + api.port();
            String none = rawGet(api.port(), host, "/v1/status", null);
            assertTrue(none.startsWith("HTTP/1.1 401"), none);
            assertTrue(none.contains("\"reason\":\"UNAUTHENTICATED\""), none);
            assertTrue(rawGet(api.port(), host, "/v1/status", "wrong-token").startsWith("HTTP/1.1 401"));
            assertTrue(
                    rawGet(api.port(), host, "/v1/health", TOKEN.value() + "x").startsWith("HTTP/1.1 401"));
            assertTrue(rawGet(api.port(), host, "/v1/status", TOKEN.value()).startsWith("HTTP/1.1 200"));
            assertFalse(none.toLowerCase(java.util.Locale.ROOT).contains("access-control-allow"), none);
        }
    }

    @Test
    void statusSearchAndAssetsAnswerOnlineAndFromTheCacheOffline() throws Exception {
        login();
        run("fetch", A);
        TestClock clock = new TestClock(BEFORE_EXPIRY);
        ProxyFetcher fetcher = new ProxyFetcher(new ProxyCache(home.resolve("cache"), clock), 0);
        ClientSource clients =
                new ClientSource(home.resolve("session.json"), null, null, null, ClientOptions.plaintext(), clock);
        try (LocalApi api = LocalApi.start(0, TOKEN, fetcher, clients, new ConnectionState(clock), 0)) {
            String base = "http://127.0.0.1:" + api.port() + "/v1";
            Reply status = http("GET", base + "/status", null, null);
            assertEquals(200, status.status(), status.body().toString());
            assertEquals("online", status.body().at("/connection/state").asText());
            assertEquals(
                    gateway.address(), status.body().at("/connection/server").asText());
            assertTrue(status.body().at("/login/logged_in").asBoolean());
            assertEquals(TestGateway.USER, status.body().at("/login/user").asText());
            assertEquals(
                    Files.size(proxyA), status.body().at("/cache/total_bytes").asLong());
            assertEquals(api.port(), status.body().at("/agent/port").asInt());

            Reply search = http("GET", base + "/search?q=A001&project=feature_01", null, null);
            assertEquals(200, search.status(), search.body().toString());
            assertFalse(search.body().get("offline").asBoolean());
            assertEquals(2, search.body().get("hits").size(), search.body().toString());
            JsonNode first = search.body().get("hits").get(0);
            assertEquals(A, first.get("asset_id").asText());
            assertEquals("A001C003.mov", first.get("original_name").asText());
            assertEquals(
                    home.resolve("cache/feature_01/A001C003__a0000001.mov").toString(),
                    first.at("/cached/edit").asText());
            assertTrue(search.body().get("hits").get(1).at("/cached/edit").isNull());

            Reply asset = http("GET", base + "/assets/" + B, null, null);
            assertEquals(200, asset.status(), asset.body().toString());
            assertEquals("feature_01", asset.body().get("project").asText());
            assertEquals(
                    "/mnt/cards/A001/A001C004.mov",
                    asset.body().get("original_path").asText());
        }

        int deadPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        ClientSource unreachable = new ClientSource(
                home.resolve("session.json"),
                new ServerAddress("127.0.0.1", deadPort),
                TestGateway.ACCESS,
                null,
                ClientOptions.plaintext(),
                clock);
        try (LocalApi api = LocalApi.start(0, TOKEN, fetcher, unreachable, new ConnectionState(clock), 0)) {
            String base = "http://127.0.0.1:" + api.port() + "/v1";
            Reply status = http("GET", base + "/status", null, null);
            assertEquals(200, status.status(), status.body().toString());
            assertEquals("offline", status.body().at("/connection/state").asText());

            Reply search = http("GET", base + "/search?q=c004", null, null);
            assertEquals(200, search.status(), search.body().toString());
            assertTrue(search.body().get("offline").asBoolean());
            assertEquals(1, search.body().get("hits").size(), search.body().toString());
            assertEquals(B, search.body().get("hits").get(0).get("asset_id").asText());

            Reply asset = http("GET", base + "/assets/" + A, null, null);
            assertEquals(200, asset.status(), asset.body().toString());
            assertEquals(
                    home.resolve("cache/feature_01/A001C003__a0000001.mov").toString(),
                    asset.body().at("/cached/edit").asText());

            Reply never = http("GET", base + "/assets/" + C, null, null);
            assertEquals(503, never.status(), never.body().toString());
            assertEquals("UNAVAILABLE", never.body().at("/error/reason").asText());
        }
    }

    @Test
    void aPlanPricesTheRenditionsAtTheMeasuredRateAndCanBePinned() throws Exception {
        login();
        TestClock clock = new TestClock(BEFORE_EXPIRY);
        ClientSource clients =
                new ClientSource(home.resolve("session.json"), null, null, null, ClientOptions.plaintext(), clock);
        ProxyFetcher fetcher = new ProxyFetcher(new ProxyCache(home.resolve("cache"), clock), 0);
        try (LocalApi api = LocalApi.start(0, TOKEN, fetcher, clients, new ConnectionState(clock), 0)) {
            String base = "http://127.0.0.1:" + api.port() + "/v1";
            String selection = "{\"asset_ids\": [\"" + A + "\", \"" + B + "\", \"" + C + "\"]}";
            long sizeA = Files.size(proxyA);
            long sizeB = Files.size(proxyB);

            Reply before = http("POST", base + "/plan", "application/json", selection);
            assertEquals(200, before.status(), before.body().toString());
            JsonNode edit = before.body().get("totals").get("edit");
            assertEquals(sizeA + sizeB, edit.get("bytes").asLong(), "the sum of the manifests' edit renditions");
            assertEquals(0, edit.get("cached_bytes").asLong());
            assertTrue(edit.get("seconds").isNull(), "no transfer measured yet");
            assertEquals(1, edit.get("missing_assets").asInt(), "C has only stream-lo");
            assertEquals(
                    sizeA,
                    before.body().get("totals").get("stream-lo").get("bytes").asLong());
            assertEquals(
                    List.of(A, B, C),
                    before.body().get("assets").findValues("asset_id").stream()
                            .map(JsonNode::asText)
                            .toList());

            assertEquals(
                    200,
                    http("POST", base + "/fetch", "application/json", "{\"asset_id\": \"" + A + "\"}")
                            .status());
            JsonNode after =
                    http("POST", base + "/plan", "application/json", selection).body();
            long rate = after.get("link_bytes_per_second").asLong();
            assertTrue(rate > 0, after.toString());
            JsonNode edit2 = after.get("totals").get("edit");
            assertEquals(sizeA, edit2.get("cached_bytes").asLong());
            assertEquals(sizeB, edit2.get("to_fetch_bytes").asLong());
            assertEquals((sizeB + rate - 1) / rate, edit2.get("seconds").asLong());
            assertEquals(before.body().get("plan_id"), after.get("plan_id"), "the same selection, the same plan");
            assertEquals(
                    rate,
                    http("GET", base + "/status", null, null)
                            .body()
                            .get("link_bytes_per_second")
                            .asLong());

            String planId = after.get("plan_id").asText();
            Reply pinned = http("POST", base + "/plans/" + planId + "/pin", "application/json", "{}");
            assertEquals(200, pinned.status(), pinned.body().toString());
            assertTrue(pinned.body().get("pinned").asBoolean());
            assertEquals(
                    List.of(), fetcher.cache().evictToBudget(0, java.util.Set.of()), "nothing of a pinned plan goes");
            Reply unpinned = http("DELETE", base + "/plans/" + planId + "/pin", null, null);
            assertFalse(unpinned.body().get("pinned").asBoolean());
            assertEquals(
                    404,
                    http("POST", base + "/plans/p-0000000000000000/pin", "application/json", "{}")
                            .status());
            assertEquals(
                    400,
                    http("POST", base + "/plan", "application/json", "{\"query\": \"x\"}")
                            .status(),
                    "a query without its project");
        }
    }

    @Test
    void aConformRunsOnTheNodeAndItsReportsLandBesideTheEdit() throws Exception {
        login();
        TestClock clock = new TestClock(BEFORE_EXPIRY);
        ClientSource clients =
                new ClientSource(home.resolve("session.json"), null, null, null, ClientOptions.plaintext(), clock);
        ProxyFetcher fetcher = new ProxyFetcher(new ProxyCache(home.resolve("cache"), clock), 0);
        Path edl = home.resolve("cut 1.edl");
        Files.writeString(
                edl,
                "TITLE: cut\nFCM: NON-DROP FRAME\n\n"
                        + "001  A001 V C 01:00:00:00 01:00:01:00 01:00:00:00 01:00:01:00\n"
                        + "002  ZZZ9 V C 01:00:00:00 01:00:01:00 01:00:01:00 01:00:02:00\n");
        try (LocalApi api = LocalApi.start(0, TOKEN, fetcher, clients, new ConnectionState(clock), 0)) {
            String base = "http://127.0.0.1:" + api.port() + "/v1";
            List<JsonNode> events = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
            api.conforms().subscribe(e -> {
                events.add(e);
                if (!e.get("type").asText().equals("conform.progress")) {
                    finished.countDown();
                }
            });

            Reply started = http(
                    "POST",
                    base + "/conform",
                    "application/json",
                    "{\"edit_path\": " + JSON.writeValueAsString(edl.toString())
                            + ", \"project\": \"feature_01\", \"rate\": \"25\", \"handles\": 12}");
            assertEquals(202, started.status(), started.body().toString());
            String id = started.body().get("conform_id").asText();
            assertTrue(finished.await(30, java.util.concurrent.TimeUnit.SECONDS), "conform.done within 30 s");

            JsonNode done = events.get(events.size() - 1);
            assertEquals("conform.done", done.get("type").asText(), events.toString());
            assertEquals(id, done.get("conform_id").asText());
            assertTrue(events.stream().anyMatch(e -> e.get("type").asText().equals("conform.progress")));
            JsonNode state = http("GET", base + "/conforms/" + id, null, null).body();
            assertEquals("done", state.get("state").asText());
            assertEquals(2, state.get("totals").get("events").asInt());
            assertEquals(1, state.get("totals").get("matched").asInt());
            assertEquals(1, state.get("totals").get("unmatched").asInt());
            Path html = home.resolve("cut 1.edl.conform-report.html");
            assertEquals(html.toString(), state.get("report_html").asText());
            assertEquals("<html><body>1 of 2 matched</body></html>", Files.readString(html));
            assertEquals("{\"events\": 2}", Files.readString(home.resolve("cut 1.edl.conform-report.json")));
            assertTrue(gateway.conformCalls.contains("feature_01:cut 1.edl:12"), gateway.conformCalls.toString());

            Path notAnEdit = home.resolve("notes.txt");
            Files.writeString(notAnEdit, "just words");
            Reply refused = http(
                    "POST",
                    base + "/conform",
                    "application/json",
                    "{\"edit_path\": " + JSON.writeValueAsString(notAnEdit.toString())
                            + ", \"project\": \"feature_01\"}");
            assertEquals(415, refused.status(), "an edit we cannot read is refused at once: " + refused.body());
            assertEquals(404, http("GET", base + "/conforms/c-0000", null, null).status());
        }
    }

    @Test
    void planAndTheBinExportsReadWellOnTheCommandLine() throws Exception {
        login();
        Run plan = run("plan", A, B, C);
        assertEquals(0, plan.exit(), plan.err());
        List<String> lines = plan.out().lines().toList();
        assertTrue(
                lines.get(0).matches("plan p-[0-9a-f]{16} \\(feature_01\\): 3 assets; link not measured yet"),
                lines.get(0));
        assertTrue(lines.get(3).contains("stream-lo") && lines.get(3).contains("edit (none)"), lines.get(3));
        assertTrue(
                lines.get(4)
                        .startsWith("edit      " + new ByteSize(Files.size(proxyA) + Files.size(proxyB))
                                + " in all, 0 B cached"),
                lines.get(4));
        assertTrue(lines.get(4).endsWith("(1 assets have no edit rendition)"), lines.get(4));
        Run usage = run("plan", "--query", "A001");
        assertEquals(2, usage.exit());
        assertEquals(
                "gateway agent plan: --query needs --project P", usage.err().strip());

        Path fcpxml = home.resolve("bin.fcpxml");
        Run fcp = run("export-fcpxml", A, B, "-o", fcpxml.toString());
        assertEquals(0, fcp.exit(), fcp.err());
        String xml = Files.readString(fcpxml);
        assertTrue(
                xml.contains("<media-rep kind=\"original-media\" src=\"file:///mnt/cards/A001/A001C003.mov\"/>"), xml);
        assertTrue(
                xml.contains("<media-rep kind=\"proxy-media\" src=\""
                        + home.resolve("cache/feature_01/A001C003__a0000001.mov")
                                .toUri()),
                xml);
        assertTrue(fcp.err().contains("wrote 2 assets; 0 proxies cached"), fcp.err());

        Path ale = home.resolve("bin.ale");
        assertEquals(
                0,
                run("export-ale", "--query", "A001", "--project", "feature_01", "-o", ale.toString())
                        .exit());
        assertTrue(Files.readString(ale).contains(A), Files.readString(ale));
    }

    private record Reply(int status, JsonNode body) {}

    private static Reply http(String method, String uri, String contentType, String body) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(uri).toURL().openConnection();
        c.setRequestMethod(method);
        c.setRequestProperty("Authorization", "Bearer " + TOKEN.value());
        if (body != null) {
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", contentType);
            try (OutputStream out = c.getOutputStream()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
        }
        int status = c.getResponseCode();
        try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            return new Reply(status, JSON.readTree(in));
        } finally {
            c.disconnect();
        }
    }

    private Run login() {
        return run(
                "login", "--server", gateway.address(), "--user", TestGateway.USER, "--password", TestGateway.PASSWORD);
    }

    private Run run(String... args) {
        return run(new TestClock(BEFORE_EXPIRY), args);
    }

    private Run run(TestClock clock, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new AgentMain(
                        home,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        new ByteArrayInputStream(new byte[0]),
                        clock)
                .run(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static long fetchCallsFor(String id) {
        return gateway.fetchCalls.stream().filter(c -> c.startsWith(id + "@")).count();
    }

    private static String xxh64(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        return XxHash64.hex(XxHash64.hash(b, 0, b.length, 0));
    }

    /** A request with a Host header of our choosing, which HttpURLConnection will not send. */
    private static String rawGet(int port, String host, String path, String token) throws IOException {
        return RawHttp.get(port, host, path, token);
    }
}
