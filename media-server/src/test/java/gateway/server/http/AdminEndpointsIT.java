package gateway.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.ingest.config.WatchFolder;
import gateway.model.asset.ProjectId;
import gateway.server.GatewayNode;
import gateway.server.auth.AuditLog;
import gateway.server.auth.Role;
import gateway.server.config.GatewayConfig;
import gateway.server.config.Security;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's administration REST calls on a real node over a real Helidon socket: without a
 * token every call is 401, a viewer gets 403 with the server's reason on every admin call, an
 * admin's changes take effect (a new user with a grant on another project sees nothing of the
 * first), the audit log answers with filters and the chain's status, and every call (each sent
 * with its own request id) has a line in the audit log.
 */
class AdminEndpointsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger REQUESTS = new AtomicInteger();

    /** Every admin call of the console: method, path, body (null: none). */
    private static final List<String[]> ADMIN_CALLS = List.of(
            new String[] {"GET", "/api/v1/admin/users", null},
            new String[] {"POST", "/api/v1/admin/users", "{\"name\":\"mallory\",\"grants\":{\"alpha\":\"admin\"}}"},
            new String[] {"PUT", "/api/v1/admin/users/viewer/grants/alpha", "{\"role\":\"admin\"}"},
            new String[] {"DELETE", "/api/v1/admin/users/boss/grants/alpha", null},
            new String[] {"POST", "/api/v1/admin/users/boss/disable", null},
            new String[] {"POST", "/api/v1/admin/users/boss/password", "{\"password\":\"taken-over-1\"}"},
            new String[] {"POST", "/api/v1/admin/users/boss/revoke-tokens", null},
            new String[] {"POST", "/api/v1/admin/projects", "{\"project\":\"gamma\"}"},
            new String[] {"GET", "/api/v1/admin/audit?project=alpha", null},
            new String[] {"GET", "/api/v1/admin/cluster", null},
            new String[] {"GET", "/api/v1/admin/cluster/events", null},
            new String[] {"POST", "/api/v1/jobs/alpha:nosuchasset:0/retry", null});

    @TempDir
    static Path dir;

    static GatewayNode node;
    static final List<String> sentIds = new ArrayList<>();

    @BeforeAll
    static void start() {
        GatewayConfig config = GatewayConfig.standalone(dir.resolve("store"), "admin-rest")
                .withPlaintextOnLoopback()
                .withSecurity(Security.defaults().withTlsDisabled().withScryptLog2N(10))
                .withWatchFolders(List.of(
                        new WatchFolder(
                                dir.resolve("watch-alpha"), new ProjectId("alpha"), true, Duration.ofSeconds(5)),
                        new WatchFolder(
                                dir.resolve("watch-beta"), new ProjectId("beta"), false, Duration.ofSeconds(5))));
        node = GatewayNode.start(config, line -> {});
        ProjectId alpha = new ProjectId("alpha");
        ProjectId beta = new ProjectId("beta");
        node.users().put("boss", "boss-password", Map.of(alpha, Role.ADMIN, beta, Role.ADMIN));
        node.users().put("viewer", "viewer-password", Map.of(alpha, Role.VIEWER));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void withoutATokenEveryAdminCallIs401() throws Exception {
        for (String[] c : ADMIN_CALLS) {
            Response r = send(c[0], c[1], null, c[2]);
            assertEquals(401, r.status(), c[0] + " " + c[1] + ": " + r.body());
            assertEquals("UNAUTHENTICATED", r.json().path("reason").asText(), r.body());
        }
    }

    @Test
    void theClusterEventStreamOpensWithTheClusterView() throws Exception {
        String boss = login("boss", "boss-password");
        HttpURLConnection c =
                (HttpURLConnection) URI.create("http://127.0.0.1:" + node.httpPort() + "/api/v1/admin/cluster/events")
                        .toURL()
                        .openConnection();
        c.setConnectTimeout((int) Duration.ofSeconds(10).toMillis());
        c.setReadTimeout((int) Duration.ofSeconds(30).toMillis());
        c.setRequestProperty("Authorization", "Bearer " + boss);
        try {
            assertEquals(200, c.getResponseCode());
            assertTrue(c.getContentType().startsWith("text/event-stream"), c.getContentType());
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8))) {
                String event = null;
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("event: ")) {
                        event = line.substring(7);
                    } else if (line.startsWith("data: ") && "cluster".equals(event)) {
                        JsonNode view = JSON.readTree(line.substring(6));
                        assertEquals(
                                "node",
                                find(view.path("members"), "local", "true")
                                        .path("kind")
                                        .asText(),
                                line);
                        assertTrue(view.path("workers").isArray(), line);
                        return;
                    }
                }
            }
            fail("the cluster event stream ended before its first cluster event");
        } finally {
            c.disconnect();
        }
    }

    @Test
    void aViewerGets403WithTheReasonOnEveryAdminCall() throws Exception {
        String viewer = login("viewer", "viewer-password");
        for (String[] c : ADMIN_CALLS) {
            Response r = send(c[0], c[1], viewer, c[2]);
            String call = c[0] + " " + c[1] + ": " + r.body();
            // (the retried job does not exist: a viewer who may read its project is refused for the grant first)
            assertEquals(403, r.status(), call);
            assertEquals("PERMISSION_DENIED", r.json().path("reason").asText(), call);
            assertTrue(r.json().path("message").asText().startsWith("viewer "), call);
        }
        // Nothing changed: the viewer did not become an admin, mallory does not exist.
        assertEquals(
                Role.VIEWER, node.users().user("viewer").orElseThrow().grants().get("alpha"));
        assertTrue(node.users().user("mallory").isEmpty());
        assertFalse(node.users().user("boss").orElseThrow().disabled());
    }

    @Test
    void anAdminAddsAUserWhoSeesNoneOfTheFirstProject() throws Exception {
        String boss = login("boss", "boss-password");
        Response added =
                send("POST", "/api/v1/admin/users", boss, "{\"name\":\"carol\",\"grants\":{\"beta\":\"editor\"}}");
        assertEquals(201, added.status(), added.body());
        String password = added.json().path("password").asText();
        assertEquals(20, password.length(), "a generated password is answered once: " + added.body());

        Response users = send("GET", "/api/v1/admin/users", boss, null);
        assertEquals(200, users.status(), users.body());
        JsonNode carol = find(users.json().path("users"), "name", "carol");
        assertEquals("editor", carol.path("grants").path("beta").asText(), users.body());

        String carolToken = login("carol", password);
        Response me = send("GET", "/api/v1/auth/me", carolToken, null);
        assertEquals("{\"beta\":\"editor\"}", me.json().path("grants").toString());
        assertEquals(0, me.json().path("administers").size());
        Response audit = send("GET", "/api/v1/admin/audit?project=alpha", carolToken, null);
        assertEquals(403, audit.status(), audit.body());
        assertTrue(audit.json().path("message").asText().contains("alpha"), audit.body());
        Response jobs = send("GET", "/api/v1/jobs?project=alpha", carolToken, null);
        assertEquals(403, jobs.status(), jobs.body());

        Response reset = send("POST", "/api/v1/admin/users/carol/password", boss, "{\"password\":\"carol-new-1\"}");
        assertEquals(200, reset.status(), reset.body());
        assertEquals(401, send("GET", "/api/v1/auth/me", carolToken, null).status(), "tokens revoked by the reset");
        login("carol", "carol-new-1");

        Response cluster = send("GET", "/api/v1/admin/cluster", boss, null);
        assertEquals(200, cluster.status(), cluster.body());
        JsonNode local = find(cluster.json().path("members"), "local", "true");
        assertEquals("node", local.path("kind").asText(), cluster.body());

        Response projects = send(
                "POST", "/api/v1/admin/projects", boss, "{\"project\":\"delta\",\"description\":\"a <b>new</b> one\"}");
        assertEquals(201, projects.status(), projects.body());
        Response listed = send("GET", "/api/v1/admin/projects", login("boss", "boss-password"), null);
        assertEquals(
                "admin",
                find(listed.json().path("projects"), "project", "delta")
                        .path("role")
                        .asText(),
                listed.body());
    }

    @Test
    void theAuditLogAnswersWithFiltersAndTheChainStatus() throws Exception {
        String viewer = login("viewer", "viewer-password");
        send("GET", "/api/v1/admin/audit?project=alpha", viewer, null);
        String boss = login("boss", "boss-password");

        Response r = send("GET", "/api/v1/admin/audit?project=alpha&actor=viewer&outcome=deny", boss, null);

        assertEquals(200, r.status(), r.body());
        assertTrue(r.json().path("chain").path("intact").asBoolean(), r.body());
        assertTrue(r.json().path("chain").path("lines").asLong() > 0, r.body());
        JsonNode entries = r.json().path("entries");
        assertTrue(entries.size() > 0, r.body());
        for (JsonNode e : entries) {
            assertEquals("viewer", e.path("actor").asText(), e.toString());
            assertEquals("deny", e.path("outcome").asText(), e.toString());
            assertEquals("alpha", e.path("project").asText(), e.toString());
        }
        Response future = send("GET", "/api/v1/admin/audit?project=alpha&from=2999-01-01T00:00:00Z", boss, null);
        assertEquals(0, future.json().path("entries").size(), future.body());
        Response bad = send("GET", "/api/v1/admin/audit?project=alpha&from=yesterday", boss, null);
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.json().path("message").asText().contains("ISO-8601"), bad.body());
    }

    @Test
    void retryAndQuarantineFollowTheProjectsGrants() throws Exception {
        assertEquals(
                404,
                send("POST", "/api/v1/jobs/not-a-job-id/retry", login("boss", "boss-password"), null)
                        .status());
        String viewer = login("viewer", "viewer-password");
        Response list = send("GET", "/api/v1/jobs/quarantine?project=alpha", viewer, null);
        assertEquals(200, list.status(), list.body());
        assertEquals(0, list.json().path("jobs").size());
        assertEquals(
                403,
                send("GET", "/api/v1/jobs/quarantine?project=beta", viewer, null)
                        .status());
        // A job of a project the caller cannot read is as unknown as a missing one.
        assertEquals(
                404,
                send("POST", "/api/v1/jobs/beta:someasset:0/retry", viewer, null)
                        .status());
        Response missing = send("POST", "/api/v1/jobs/alpha:nosuchasset:0/retry", login("boss", "boss-password"), null);
        assertEquals(404, missing.status(), missing.body());
    }

    @Test
    void theIngestSourcesAreThoseOfTheProjectForWhoMayIngest() throws Exception {
        Response s = send("GET", "/api/v1/ingest/sources?project=alpha", login("boss", "boss-password"), null);
        assertEquals(200, s.status(), s.body());
        assertEquals(1, s.json().path("watch_folders").size(), s.body());
        JsonNode w = s.json().path("watch_folders").get(0);
        assertEquals(dir.resolve("watch-alpha").toString(), w.path("path").asText());
        assertTrue(w.path("copy").asBoolean());
        assertEquals(5, w.path("settle_s").asInt());
        assertEquals(0, s.json().path("roots").size(), "no ingest.roots: any path");
        Response viewer = send("GET", "/api/v1/ingest/sources?project=alpha", login("viewer", "viewer-password"), null);
        assertEquals(403, viewer.status(), viewer.body());
    }

    @Test
    void everyCallIsInTheAuditLogUnderItsRequestId() throws Exception {
        withoutATokenEveryAdminCallIs401();
        aViewerGets403WithTheReasonOnEveryAdminCall();
        retryAndQuarantineFollowTheProjectsGrants();
        theIngestSourcesAreThoseOfTheProjectForWhoMayIngest();
        send("GET", "/api/v1/auth/me", login("viewer", "viewer-password"), null);
        Set<String> logged = AuditLog.read(node.auditLogFile()).stream()
                .map(e -> e.call().requestId())
                .collect(Collectors.toSet());
        List<String> missing;
        synchronized (sentIds) {
            missing = sentIds.stream().filter(id -> !logged.contains(id)).toList();
        }
        assertEquals(List.of(), missing, "requests without an audit line");
        AuditLog.verify(node.auditLogFile());
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (n.path(field).asText().equals(value)) {
                return n;
            }
        }
        throw new AssertionError("no element with " + field + "=" + value + " in " + array);
    }

    private record Response(int status, String body) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }
    }

    private static String login(String user, String password) throws Exception {
        Response r = send(
                "POST",
                "/api/v1/auth/login",
                null,
                JSON.writeValueAsString(Map.of("username", user, "password", password)));
        assertEquals(200, r.status(), r.body());
        return r.json().path("access_token").asText();
    }

    private static Response send(String method, String path, String token, String body) throws Exception {
        String id = "it-" + REQUESTS.incrementAndGet();
        HttpURLConnection c = (HttpURLConnection)
                URI.create("http://127.0.0.1:" + node.httpPort() + path).toURL().openConnection();
        c.setConnectTimeout((int) Duration.ofSeconds(10).toMillis());
        c.setReadTimeout((int) Duration.ofSeconds(30).toMillis());
        c.setRequestMethod(method);
        c.setRequestProperty("X-Request-Id", id);
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
        int status = c.getResponseCode();
        String text;
        try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        synchronized (sentIds) {
            sentIds.add(id); // log-ins, /auth/me and key calls too: every call leaves a line
        }
        return new Response(status, text);
    }
}
