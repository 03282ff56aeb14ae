package gateway.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.client.ClientOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzz target for the agent's localhost API request bodies (what a panel, a script or any local
 * process sends): the first byte picks an endpoint that reads a JSON body ({@code /v1/fetch},
 * {@code /v1/local}, {@code /v1/plan}, {@code /v1/conform}), the rest is the body, sent over HTTP to
 * a real {@link LocalApi} logged in to an in-process gateway. The answer is a success or an error
 * that blames the request: a JSON {@code {"error": {"reason", "message"}}} with a 4xx status, never a 500
 * (an exception the agent did not expect). Seeds replay from {@code AgentBodiesFuzzTestInputs/}.
 */
class AgentBodiesFuzzTest {
    private static final String A = "a0000001-0000-4000-8000-000000000001";
    private static final Instant BEFORE_EXPIRY = Instant.parse("2026-11-21T12:00:00Z");
    private static final ApiToken TOKEN = ApiToken.random();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The endpoints that read a JSON body, picked by the input's first byte. */
    private static final List<String> ENDPOINTS = List.of("/v1/fetch", "/v1/local", "/v1/plan", "/v1/conform");

    @TempDir
    static Path home;

    static TestGateway gateway;
    static LocalApi api;
    static HttpClient http;
    static boolean loopbackAllowed;

    @BeforeAll
    static void start() throws Exception {
        Path proxy = home.resolve("proxy.mov");
        Files.write(proxy, "not really a movie, but bytes to fetch".repeat(50).getBytes(StandardCharsets.US_ASCII));
        gateway = TestGateway.start();
        gateway.add(A, "feature_01", "/mnt/cards/A001/A001C003.mov", "edit", proxy, null);
        TestClock clock = new TestClock(BEFORE_EXPIRY);
        int login = new AgentMain(
                        home,
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new ByteArrayInputStream(new byte[0]),
                        clock)
                .run(
                        "login",
                        "--server",
                        gateway.address(),
                        "--user",
                        TestGateway.USER,
                        "--password",
                        TestGateway.PASSWORD);
        assertEquals(0, login, "the agent logs in to the in-process gateway");
        ClientSource clients =
                new ClientSource(home.resolve("session.json"), null, null, null, ClientOptions.plaintext(), clock);
        ProxyFetcher fetcher = new ProxyFetcher(new ProxyCache(home.resolve("cache"), clock), 0);
        api = LocalApi.start(0, TOKEN, fetcher, clients, new ConnectionState(clock), 0);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @FuzzTest
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void agentBodies(byte[] data) throws Exception {
        if (!loopbackAllowed) {
            // Jazzer (its agent is loaded by the first fuzz test call) treats every connection as a
            // server-side request forgery unless allowed: here all of them go to loopback.
            BugDetectors.allowNetworkConnections((host, port) -> host.equals("127.0.0.1") || host.equals("localhost"));
            loopbackAllowed = true;
        }
        if (data.length == 0) {
            return;
        }
        String endpoint = ENDPOINTS.get((data[0] & 0xff) % ENDPOINTS.size());
        byte[] body = Arrays.copyOfRange(data, 1, data.length);
        HttpResponse<byte[]> answer = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + endpoint))
                        .header("Authorization", "Bearer " + TOKEN.value())
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(20))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        String text = new String(answer.body(), StandardCharsets.UTF_8);
        assertTrue(answer.statusCode() != 500, endpoint + " answered 500 (the agent failed): " + text);
        if (answer.statusCode() >= 400) {
            JsonNode error = JSON.readTree(answer.body()).path("error");
            assertTrue(
                    error.path("reason").isTextual()
                            && !error.path("message").asText().isBlank(),
                    endpoint + " answered " + answer.statusCode() + " without a reason and a message: " + text);
        }
    }
}
