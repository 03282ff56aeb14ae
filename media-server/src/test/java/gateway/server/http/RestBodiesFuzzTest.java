package gateway.server.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.model.asset.ProjectId;
import gateway.server.GatewayNode;
import gateway.server.auth.Role;
import gateway.server.config.GatewayConfig;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzz target for the node's REST request bodies: the first byte picks an endpoint that reads a
 * body (login, refresh, API-key exchange and creation, users, grants, projects, ingest, conform),
 * the rest is the body, sent by an administrator over HTTP to a real node (ingest limited to an
 * empty card folder, so no fuzzed path is ingested). The answer is a success or an error that
 * blames the request: a JSON {@code {"reason", "message"}} with a status below 500, never a 500
 * (an exception the node did not expect, or a failure it reports as its own). Seeds replay from
 * {@code RestBodiesFuzzTestInputs/}.
 */
class RestBodiesFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Method and path of each endpoint, picked by the input's first byte. */
    private static final List<String[]> ENDPOINTS = List.of(
            new String[] {"POST", "/api/v1/auth/login"},
            new String[] {"POST", "/api/v1/auth/refresh"},
            new String[] {"POST", "/api/v1/auth/api-key"},
            new String[] {"POST", "/api/v1/admin/users"},
            new String[] {"PUT", "/api/v1/admin/users/ed/grants/fuzz"},
            new String[] {"POST", "/api/v1/admin/projects"},
            new String[] {"POST", "/api/v1/auth/api-keys"},
            new String[] {"POST", "/api/v1/ingest"},
            new String[] {"POST", "/api/v1/conform?project=fuzz&file_name=cut.edl"});

    @TempDir
    static Path dir;

    static GatewayNode node;
    static String token;
    static boolean loopbackAllowed;

    @BeforeAll
    static void start() throws Exception {
        Path cards = Files.createDirectories(dir.resolve("cards"));
        GatewayConfig config =
                GatewayConfig.standalone(dir.resolve("store"), "rest-fuzz").withPlaintextOnLoopback();
        config = config.withSecurity(config.security().withScryptLog2N(10).withRateLimit(100_000, 1_000_000))
                .withIngest(config.ingest().withIngestRoots(List.of(cards)));
        node = GatewayNode.start(config, line -> {});
        ProjectId project = new ProjectId("fuzz");
        node.users().put("root", "root-password", Map.of(project, Role.ADMIN));
        node.users().put("ed", "ed-password", Map.of(project, Role.EDITOR));
        token = node.authenticator().login("root", "root-password").accessToken();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @FuzzTest
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void restBodies(byte[] data) throws Exception {
        if (!loopbackAllowed) {
            // Jazzer (its agent is loaded by the first fuzz test call) treats every connection as a
            // server-side request forgery unless allowed: here all of them go to loopback.
            BugDetectors.allowNetworkConnections((host, port) -> host.equals("127.0.0.1") || host.equals("localhost"));
            loopbackAllowed = true;
        }
        if (data.length == 0) {
            return;
        }
        String[] endpoint = ENDPOINTS.get((data[0] & 0xff) % ENDPOINTS.size());
        byte[] body = Arrays.copyOfRange(data, 1, data.length);
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + node.httpPort() + endpoint[1])
                .toURL()
                .openConnection();
        c.setConnectTimeout(5_000);
        c.setReadTimeout(20_000);
        c.setRequestMethod(endpoint[0]);
        c.setRequestProperty("Authorization", "Bearer " + token);
        c.setRequestProperty("Content-Type", "application/json");
        c.setDoOutput(true);
        try (OutputStream out = c.getOutputStream()) {
            out.write(body);
        }
        int status = c.getResponseCode();
        byte[] answer;
        try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            answer = in == null ? new byte[0] : in.readAllBytes();
        } finally {
            c.disconnect();
        }
        String what = endpoint[0] + " " + endpoint[1];
        String text = new String(answer, StandardCharsets.UTF_8);
        assertTrue(status < 500, what + " answered " + status + ": " + text);
        if (status >= 400) {
            JsonNode error = JSON.readTree(answer);
            assertTrue(
                    error.path("reason").isTextual()
                            && !error.path("message").asText().isBlank(),
                    what + " answered " + status + " without a reason and a message: " + text);
        }
    }
}
