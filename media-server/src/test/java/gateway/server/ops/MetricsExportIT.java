package gateway.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.model.asset.ProjectId;
import gateway.server.GatewayNode;
import gateway.server.auth.Role;
import gateway.server.config.GatewayConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real node started from the image's own configuration ({@code ops/docker/gateway.yaml}: every
 * interface, TLS with its self-signed default; only the store and ports moved for the test), asked
 * over HTTPS what the deployment files and the dashboards rely on: every health path they probe
 * answers, and every metric the Grafana dashboard and the alert rules name is in its {@code /metrics}.
 */
class MetricsExportIT {
    @TempDir
    static Path dir;

    static GatewayNode node;
    static SSLContext tls;

    private record Response(int status, String contentType, String body) {}

    @BeforeAll
    static void start() throws Exception {
        GatewayConfig image = GatewayConfig.load(OpsFiles.OPS.resolve("docker/gateway.yaml"));
        int clusterPort = freePort();
        GatewayConfig config = image.withStore(dir.resolve("store"))
                .withPorts(0, 0, clusterPort)
                .withCluster("metrics-" + UUID.randomUUID(), clusterPort);
        config = config.withSecurity(config.security().withScryptLog2N(10));
        node = GatewayNode.start(config, line -> {});
        tls = trusting(node.trustFile().orElseThrow());
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void theNodeListensOnEveryInterfaceWithTls() throws Exception {
        assertEquals("0.0.0.0", node.config().server().host());
        assertTrue(node.trustFile().isPresent(), "TLS on");
        Optional<InetAddress> other = nonLoopbackAddress();
        org.junit.jupiter.api.Assumptions.assumeTrue(
                other.isPresent(), "this machine has no non-loopback IPv4 address to connect through");
        for (int port : new int[] {node.httpPort(), node.grpcPort()}) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(other.get(), port), 5000);
                assertTrue(s.isConnected(), "connected to " + other.get() + ":" + port);
            }
        }
    }

    @Test
    void everyHealthPathTheDeploymentFilesProbeAnswers() throws Exception {
        Set<String> paths = DeploymentFilesTest.probedPaths();
        assertEquals(Set.of("/health/live", "/health/ready"), paths, "the paths the files probe");
        for (String path : paths) {
            // readiness may take a moment: the node's own gRPC health call over a cold TLS connection
            assertEquals(200, awaitStatus(path, 200), path);
        }
    }

    @Test
    void everyMetricTheDashboardAndTheAlertsNameIsExportedWithRealValues() throws Exception {
        // Real values: a login and a search move the search histogram and the audit log.
        node.users().put("mara", "mara-password", Map.of(new ProjectId("p1"), Role.VIEWER));
        Response login = send("/api/v1/auth/login", "{\"username\":\"mara\",\"password\":\"mara-password\"}", null);
        assertEquals(200, login.status(), login.body());
        String token =
                new ObjectMapper().readTree(login.body()).path("access_token").asText();
        Response search = send("/api/v1/search?q=A001&project=p1", null, token);
        assertEquals(200, search.status(), search.body());

        Map<String, Double> exported = scrape();
        Map<String, Set<String>> named = new TreeMap<>();
        OpsFiles.dashboardExpressions().forEach((where, expr) -> OpsFiles.metricNames(expr)
                .forEach(n -> named.computeIfAbsent(n, k -> new TreeSet<>()).add("dashboard " + where)));
        OpsFiles.alertExpressions().forEach((alert, expr) -> OpsFiles.metricNames(expr)
                .forEach(n -> named.computeIfAbsent(n, k -> new TreeSet<>()).add("alert " + alert)));
        assertTrue(named.size() >= 15, "the dashboard and rules name metrics: " + named.keySet());
        Map<String, Set<String>> missing = new TreeMap<>();
        named.forEach((name, where) -> {
            // `up` is Prometheus' own: whether it scraped the target.
            if (!name.equals("up") && !exported.containsKey(name)) {
                missing.put(name, where);
            }
        });
        assertEquals(Map.of(), missing, "metrics named but not exported (exported: " + exported.keySet() + ")");

        assertTrue(exported.get("gateway_search_latency_seconds_count") >= 1, "the search was timed");
        assertEquals(1.0, exported.get("gateway_cluster_members"), "one member");
        assertEquals(1.0, exported.get("gateway_audit_chain_valid"), "the audit chain verifies");
        double expiry = exported.get("gateway_tls_certificate_expiry_timestamp_seconds");
        assertTrue(
                expiry > System.currentTimeMillis() / 1000.0 + 86400,
                "the self-signed certificate expires in the future: " + expiry);
    }

    /** Sample name → value (the first series of each name) of the node's /metrics. */
    private static Map<String, Double> scrape() throws Exception {
        Response r = send("/metrics", null, null);
        assertEquals(200, r.status());
        assertTrue(r.contentType().startsWith("text/plain; version=0.0.4"), r.contentType());
        Map<String, Double> out = new HashMap<>();
        for (String line : r.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name = line.substring(0, brace >= 0 ? brace : line.indexOf(' '));
            out.putIfAbsent(name, Double.parseDouble(line.substring(space + 1)));
        }
        return out;
    }

    private static int awaitStatus(String path, int status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            int got = send(path, null, null).status();
            if (got == status || System.nanoTime() > deadline) {
                return got;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    /** A GET, or a POST of JSON {@code body}, over HTTPS trusting the node's certificate. */
    private static Response send(String path, String body, String token) throws IOException {
        HttpsURLConnection c = (HttpsURLConnection) URI.create("https://127.0.0.1:" + node.httpPort() + path)
                .toURL()
                .openConnection();
        c.setSSLSocketFactory(tls.getSocketFactory());
        c.setConnectTimeout(30_000);
        c.setReadTimeout(30_000);
        if (token != null) {
            c.setRequestProperty("Authorization", "Bearer " + token);
        }
        if (body != null) {
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json");
            c.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        }
        try {
            int status = c.getResponseCode();
            try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return new Response(status, String.valueOf(c.getContentType()), text);
            }
        } finally {
            c.disconnect();
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || ni.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            int i = 0;
            for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("c" + i++, cert);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
