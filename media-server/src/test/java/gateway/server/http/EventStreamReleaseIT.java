package gateway.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.ProjectId;
import gateway.server.GatewayNode;
import gateway.server.auth.Role;
import gateway.server.config.GatewayConfig;
import gateway.server.config.Security;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A browser tab that closes leaves its job and cluster event streams (server-sent events) without
 * a word; the node notices at its next writes (a keep-alive comment every 2 s) and releases each
 * stream within a few seconds, as its count in /metrics ({@code gateway_http_event_streams}) shows.
 */
class EventStreamReleaseIT {
    /** Two keep-alive intervals (the first write after the client left still succeeds) and a margin. */
    private static final long RELEASED_WITHIN_MS = 6_000;

    @TempDir
    static Path dir;

    static GatewayNode node;
    static String token;

    @BeforeAll
    static void start() {
        GatewayConfig config = GatewayConfig.standalone(dir.resolve("store"), "sse-release")
                .withPlaintextOnLoopback()
                .withSecurity(Security.defaults().withTlsDisabled().withScryptLog2N(10));
        node = GatewayNode.start(config, line -> {});
        node.users().put("boss", "boss-password", Map.of(new ProjectId("alpha"), Role.ADMIN));
        token = node.authenticator().login("boss", "boss-password").accessToken();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void streamsOfAClientThatLeftAreReleasedWithinSeconds() throws Exception {
        long before = openStreams();
        List<Socket> clients = new ArrayList<>();
        try {
            for (String path : List.of("/api/v1/jobs/events?project=alpha", "/api/v1/admin/cluster/events")) {
                clients.add(open(path));
            }
            assertEquals(before + 2, awaitStreams(n -> n == before + 2), "both streams are open on the node");
        } finally {
            for (Socket s : clients) {
                s.close(); // the tab is gone: no request, no goodbye
            }
        }
        long left = System.nanoTime();
        long now = awaitStreams(n -> n == before);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - left);
        assertEquals(before, now, "the node released both streams");
        assertTrue(tookMs <= RELEASED_WITHIN_MS, "released " + tookMs + " ms after the client left");
    }

    /** A stream opened over a socket, read up to its first line ("retry: ..."): the node is writing it. */
    private static Socket open(String path) throws Exception {
        Socket s = new Socket();
        s.setSoTimeout(10_000);
        s.connect(new InetSocketAddress("127.0.0.1", node.httpPort()), 10_000);
        s.getOutputStream()
                .write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                                + "\r\nAccept: text/event-stream\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        while (!seen.toString(StandardCharsets.US_ASCII).contains("retry: ")) {
            int b = in.read();
            assertTrue(b >= 0, path + " ended before its first event: " + seen.toString(StandardCharsets.US_ASCII));
            seen.write(b);
        }
        assertTrue(
                seen.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"),
                path + ": " + seen.toString(StandardCharsets.US_ASCII));
        return s;
    }

    /** gateway_http_event_streams once it satisfies {@code wanted}, or its last value after 15 s. */
    private static long awaitStreams(LongPredicate wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            long n = openStreams();
            if (wanted.test(n) || System.nanoTime() > deadline) {
                return n;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private static long openStreams() throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + node.httpPort() + "/metrics")
                .toURL()
                .openConnection();
        c.setConnectTimeout(10_000);
        c.setReadTimeout(10_000);
        try (InputStream in = c.getInputStream()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String line : body.lines().toList()) {
                if (line.startsWith("gateway_http_event_streams ")) {
                    return (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1));
                }
            }
            throw new AssertionError("no gateway_http_event_streams in /metrics:\n" + body);
        } finally {
            c.disconnect();
        }
    }
}
