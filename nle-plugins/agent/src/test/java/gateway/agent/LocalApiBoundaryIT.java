package gateway.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.client.ClientOptions;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who can reach the localhost API, beyond the token and Host checks AgentIT makes: nobody from
 * another machine (it listens on 127.0.0.1 only, and a non-loopback peer is refused), and no web
 * page (no CORS grant to a preflight or to a request with an Origin; a simple cross-site POST, which
 * a browser sends without asking, is refused for want of the token). Needs no
 * gateway: the agent is pointed at a port where nothing listens.
 */
@Timeout(120)
class LocalApiBoundaryIT {
    private static final ApiToken TOKEN = ApiToken.random();
    private static final String EVIL = "https://evil.example";
    private static final String ASSET = "a0000001-0000-4000-8000-000000000001";

    @TempDir
    Path home;

    private LocalApi start() throws IOException {
        int dead;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = s.getLocalPort();
        }
        TestClock clock = new TestClock(Instant.parse("2026-11-21T12:00:00Z"));
        ClientSource clients = new ClientSource(
                home.resolve("session.json"),
                new ServerAddress("127.0.0.1", dead),
                "access-1",
                null,
                ClientOptions.plaintext().withFetchAttempts(1, java.time.Duration.ZERO),
                clock);
        ProxyFetcher fetcher = new ProxyFetcher(new ProxyCache(home.resolve("cache"), clock), 0);
        return LocalApi.start(0, TOKEN, fetcher, clients, new ConnectionState(clock), 0);
    }

    @Test
    void itListensOnLoopbackOnlyAndRefusesAPeerThatIsNot() throws Exception {
        Optional<InetAddress> outside = nonLoopbackAddress();
        try (LocalApi api = start()) {
            assertTrue(
                    RawHttp.get(api.port(), "127.0.0.1:" + api.port(), "/v1/health", TOKEN.value())
                            .startsWith("HTTP/1.1 200"),
                    "reachable on loopback");
            Assumptions.assumeTrue(
                    outside.isPresent(), "this machine has no non-loopback address to try the bind from");
            try (Socket s = new Socket()) {
                IOException refused = assertThrows(
                        IOException.class,
                        () -> s.connect(new InetSocketAddress(outside.get(), api.port()), 5_000),
                        "the API answered on " + outside.get().getHostAddress() + ":" + api.port());
                assertTrue(
                        refused instanceof ConnectException || refused instanceof SocketTimeoutException,
                        refused.toString());
            }
        }
        // Should a socket of another address ever reach the handler, it is refused there too.
        GatewayException denied = assertThrows(
                GatewayException.class,
                () -> LocalApi.requireLoopbackPeer(new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 40000)));
        assertEquals(Reason.PERMISSION_DENIED, denied.reason());
        assertEquals("peer 192.0.2.7 is not loopback", denied.getMessage());
        LocalApi.requireLoopbackPeer(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 40000));
        LocalApi.requireLoopbackPeer(new InetSocketAddress(InetAddress.getByName("::1"), 40000));
    }

    @Test
    void aWebPageGetsNoCorsGrantAndCannotStartADownload() throws Exception {
        try (LocalApi api = start()) {
            int port = api.port();
            String host = "127.0.0.1:" + port;

            String preflight = RawHttp.send(
                    port,
                    "OPTIONS /v1/local HTTP/1.1\r\nHost: " + host + "\r\nOrigin: " + EVIL
                            + "\r\nAccess-Control-Request-Method: POST\r\n"
                            + "Access-Control-Request-Headers: authorization, content-type\r\n"
                            + "Connection: close\r\n\r\n");
            assertFalse(preflight.matches("(?s)HTTP/1\\.1 2\\d\\d.*"), preflight);
            assertNoCorsGrant(preflight);

            String withOrigin = RawHttp.send(
                    port,
                    "GET /v1/status HTTP/1.1\r\nHost: " + host + "\r\nOrigin: " + EVIL + "\r\nAuthorization: Bearer "
                            + TOKEN.value() + "\r\nConnection: close\r\n\r\n");
            assertTrue(withOrigin.startsWith("HTTP/1.1 200"), withOrigin);
            assertNoCorsGrant(withOrigin);

            String body = "{\"asset_ids\": [\"" + ASSET + "\"]}";
            for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data")) {
                String simplePost = RawHttp.send(
                        port,
                        "POST /v1/local HTTP/1.1\r\nHost: " + host + "\r\nOrigin: " + EVIL + "\r\nContent-Type: "
                                + type + "\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n"
                                + body);
                assertTrue(simplePost.startsWith("HTTP/1.1 401"), type + ": " + simplePost);
                assertTrue(simplePost.contains("\"reason\":\"UNAUTHENTICATED\""), simplePost);
                assertNoCorsGrant(simplePost);
            }
            // The page's fetch() of the token-less events socket is refused too, and a rebound name with the token.
            String socket = RawHttp.send(
                    port,
                    "GET /v1/events HTTP/1.1\r\nHost: " + host + "\r\nOrigin: " + EVIL
                            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
            assertTrue(socket.startsWith("HTTP/1.1 401"), socket);
            String rebound = RawHttp.send(
                    port,
                    "GET /v1/events?access_token=" + TOKEN.value() + " HTTP/1.1\r\nHost: evil.example:" + port
                            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
            assertTrue(rebound.startsWith("HTTP/1.1 403"), rebound);
        }
    }

    private static void assertNoCorsGrant(String response) {
        String head =
                response.substring(0, Math.max(0, response.indexOf("\r\n\r\n"))).toLowerCase(Locale.ROOT);
        assertFalse(head.contains("access-control-allow"), response);
    }

    /** An address of this machine that is not loopback (IPv4 first), if it has one. */
    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        return NetworkInterface.networkInterfaces()
                .filter(i -> {
                    try {
                        return i.isUp() && !i.isLoopback();
                    } catch (IOException e) {
                        return false;
                    }
                })
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .sorted((a, b) -> Boolean.compare(!(a instanceof Inet4Address), !(b instanceof Inet4Address)))
                .findFirst();
    }
}
