package gateway.server.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.server.GatewayNode;
import gateway.server.config.GatewayConfig;
import gateway.server.metrics.Metrics;
import gateway.server.metrics.ReadinessProbe;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /health/live} is cheap; {@code /health/ready} is a real gRPC health call to the node's own
 * port over TLS (its own certificate), cached so a probe storm costs a call per interval, and 503
 * once the node drains. Over HTTPS on a real node on ephemeral ports; the REST side's audit lines
 * carry the request's id, session and client address as the gRPC side's do.
 */
class ReadinessIT {
    @TempDir
    static Path dir;

    static GatewayNode node;
    static Path trust;
    static SSLContext tls;

    private record Response(int statusCode, String body) {}

    @BeforeAll
    static void start() throws Exception {
        GatewayConfig config = GatewayConfig.standalone(dir.resolve("store"), "ready");
        node = GatewayNode.start(config.withSecurity(config.security().withScryptLog2N(10)), line -> {});
        trust = node.trustFile().orElseThrow();
        tls = trusting(trust);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void readinessCallsTheNodesOwnGrpcHealthCachedAndTurns503WhenTheNodeDrains() throws Exception {
        assertEquals(200, get("/health/live").statusCode());
        // A starting node may answer 503 until its own gRPC call first gets through (a cold TLS
        // connection on a loaded machine can take longer than the check's deadline): wait for 200.
        Response ready = awaitStatus("/health/ready", 200);
        assertTrue(ready.body().contains("\"UP\""), ready.body());
        long checks = metric("gateway_readiness_checks_total");
        assertTrue(checks >= 1, "the readiness answer came from a gRPC health call");

        // A probe storm: at most one real check per 1.5 s of it (plus the one that may be due at its start).
        long start = System.nanoTime();
        for (int i = 0; i < 60; i++) {
            assertEquals(200, get("/health/ready").statusCode());
        }
        long stormMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        long made = metric("gateway_readiness_checks_total") - checks;
        assertTrue(made <= 2 + stormMillis / 1500, made + " health calls for 60 probes in " + stormMillis + " ms");

        // The same probe on its own clock: cached within the interval, asked again after it.
        AtomicLong clock = new AtomicLong();
        Metrics metrics = new Metrics();
        try (ReadinessProbe probe = new ReadinessProbe(
                "127.0.0.1",
                node.grpcPort(),
                Optional.of(trust),
                Duration.ofSeconds(5),
                Duration.ofSeconds(1),
                clock::get,
                metrics)) {
            assertTrue(probe.ready());
            assertTrue(probe.ready());
            assertEquals(1, checksIn(metrics));
            clock.addAndGet(TimeUnit.SECONDS.toNanos(2));
            assertTrue(probe.ready());
            assertEquals(2, checksIn(metrics));

            node.drain();
            clock.addAndGet(TimeUnit.SECONDS.toNanos(2));
            assertFalse(probe.ready(), "a draining node answers NOT_SERVING");
        }
        Response draining = awaitStatus("/health/ready", 503);
        assertTrue(draining.body().contains("\"DOWN\""), draining.body());
        assertEquals(200, get("/health/live").statusCode(), "a draining node is alive");
    }

    @Test
    void nothingListeningIsNotReadyWithinTheDeadline() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (ReadinessProbe probe = new ReadinessProbe(
                "127.0.0.1",
                port,
                Optional.of(trust),
                Duration.ofMillis(500),
                Duration.ofSeconds(1),
                System::nanoTime,
                new Metrics())) {
            assertFalse(probe.ready());
        }
    }

    @Test
    void restRequestsAreAuditedWithTheirRequestIdSessionAndClient() throws Exception {
        node.users()
                .put(
                        "rita",
                        "rita-password",
                        java.util.Map.of(new gateway.model.asset.ProjectId("p1"), gateway.server.auth.Role.VIEWER));
        Response login = send(
                "POST",
                "/api/v1/auth/login",
                "{\"username\":\"rita\",\"password\":\"rita-password\"}",
                null,
                "rest-login-1");
        assertEquals(200, login.statusCode(), login.body());
        String token = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(login.body())
                .path("access_token")
                .asText();
        Response asset = send(
                "GET", "/api/v1/assets/" + gateway.model.asset.AssetId.random().value(), null, token, "rest-asset-2");
        assertEquals(404, asset.statusCode(), asset.body());
        Response denied = send("GET", "/api/v1/search?q=x&project=p2", null, token, "rest-search-3");
        assertEquals(403, denied.statusCode(), denied.body());

        var entries = gateway.server.auth.AuditLog.read(node.auditLogFile());
        var loginLine = entries.stream()
                .filter(e -> e.call().requestId().equals("rest-login-1"))
                .findFirst()
                .orElseThrow();
        assertEquals("LOGIN", loginLine.action());
        assertTrue(loginLine.call().clientAddress().startsWith("127.0.0.1:"), loginLine.toString());
        var searchLine = entries.stream()
                .filter(e -> e.call().requestId().equals("rest-search-3"))
                .findFirst()
                .orElseThrow();
        assertFalse(searchLine.allowed());
        assertEquals("p2", searchLine.project());
        assertFalse(searchLine.call().session().isEmpty(), "the token's id is the session: " + searchLine);
        assertTrue(searchLine.call().clientAddress().startsWith("127.0.0.1:"), searchLine.toString());
        assertTrue(gateway.server.auth.AuditLog.verify(node.auditLogFile()) >= entries.size());
    }

    private static long checksIn(Metrics metrics) {
        for (String line : metrics.render().split("\n")) {
            if (line.startsWith("gateway_readiness_checks_total ")) {
                return Long.parseLong(line.substring(line.indexOf(' ') + 1).trim());
            }
        }
        throw new AssertionError("no readiness counter");
    }

    private static Response awaitStatus(String path, int status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Response r = get(path);
            if (r.statusCode() == status) {
                return r;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(path + " never answered " + status + ": " + r.statusCode());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private static long metric(String name) throws Exception {
        String body = get("/metrics").body();
        for (String line : body.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Long.parseLong(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError("no metric " + name + " in " + body);
    }

    private static Response get(String path) throws Exception {
        return send("GET", path, null, null, null);
    }

    private static Response send(String method, String path, String body, String token, String requestId)
            throws Exception {
        HttpsURLConnection c = (HttpsURLConnection) URI.create("https://127.0.0.1:" + node.httpPort() + path)
                .toURL()
                .openConnection();
        c.setSSLSocketFactory(tls.getSocketFactory());
        c.setRequestMethod(method);
        if (token != null) {
            c.setRequestProperty("Authorization", "Bearer " + token);
        }
        if (requestId != null) {
            c.setRequestProperty("X-Request-Id", requestId);
        }
        if (body != null) {
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json");
            c.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        }
        c.setConnectTimeout(30_000);
        c.setReadTimeout(30_000);
        try {
            int status = c.getResponseCode();
            try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                return new Response(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } finally {
            c.disconnect();
        }
    }

    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            int i = 0;
            for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("node-" + i++, cert);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
