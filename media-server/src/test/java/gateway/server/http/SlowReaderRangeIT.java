package gateway.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import gateway.model.asset.ProjectId;
import gateway.model.asset.VideoInfo;
import gateway.server.GatewayNode;
import gateway.server.auth.Role;
import gateway.server.config.GatewayConfig;
import gateway.server.config.Security;
import gateway.server.fixtures.OneRendition;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rendition by byte range over a real socket to a real node, read as a browser's {@code <video>}
 * reads it: an open-ended range ({@code bytes=100-}), the first part read, then no reading while
 * the player's buffer is full (the node's writes block on a full socket), then the rest. Every byte
 * of the Content-Length arrives, in order and equal to the file, and the keep-alive connection
 * answers the next range. (Helidon 4.4.0's NIO sockets dropped the unwritten tail of a partial
 * socket write: the response came up short by some kilobytes and the client waited for ever; a
 * browser stopped 40 s into a 60 s clip.)
 */
class SlowReaderRangeIT {
    private static final int FILE_BYTES = 16 * 1024 * 1024 + 321;
    private static final int FIRST_READ_BYTES = 1024 * 1024;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    static GatewayNode node;
    static String assetId;
    static String token;
    static byte[] bytes;

    @BeforeAll
    static void start() throws Exception {
        GatewayConfig config = GatewayConfig.standalone(dir.resolve("store"), "slow-reader")
                .withPlaintextOnLoopback()
                .withSecurity(Security.defaults().withTlsDisabled().withScryptLog2N(10));
        node = GatewayNode.start(config, line -> {});
        ProjectId project = new ProjectId("slow");
        bytes = new byte[FILE_BYTES];
        new Random(11).nextBytes(bytes);
        assetId = commit(project, bytes);
        node.users().put("ed", "ed-password", Map.of(project, Role.EDITOR));
        token = node.authenticator().login("ed", "ed-password").accessToken();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void anOpenEndedRangeReadByAClientThatPausesArrivesWholeAndTheConnectionGoesOn() throws Exception {
        try (Socket socket = new Socket()) {
            // a small receive window: the node's writes block soon after the client stops reading
            socket.setReceiveBufferSize(64 * 1024);
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            socket.connect(new InetSocketAddress("127.0.0.1", node.httpPort()), 10_000);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();

            long servedBefore = servedBytes();
            ask(out, "bytes=100-");
            Map<String, String> head = head(in);
            assertEquals("HTTP/1.1 206 Partial Content", head.get(""), head.toString());
            long length = FILE_BYTES - 100;
            assertEquals(Long.toString(length), head.get("content-length"), head.toString());
            assertEquals("bytes 100-" + (FILE_BYTES - 1) + "/" + FILE_BYTES, head.get("content-range"));

            byte[] body = new byte[(int) length];
            int got = readInto(in, body, 0, FIRST_READ_BYTES);
            // The client reads nothing more until the node has stopped sending: its writes are
            // blocked on a full socket, part-way through the response.
            long stalledAt = awaitStalled();
            assertTrue(
                    stalledAt - servedBefore < length,
                    "the node was blocked mid-response (" + (stalledAt - servedBefore) + " of " + length
                            + " bytes handed to the socket)");
            got = readInto(in, body, got, body.length);
            assertEquals(length, got);
            assertArrayEquals(Arrays.copyOfRange(bytes, 100, FILE_BYTES), body, "every byte, in order");

            // The response ended exactly at its Content-Length: the same connection answers the next range.
            ask(out, "bytes=0-99");
            Map<String, String> next = head(in);
            assertEquals("HTTP/1.1 206 Partial Content", next.get(""), next.toString());
            assertEquals("100", next.get("content-length"));
            byte[] first = new byte[100];
            assertEquals(100, readInto(in, first, 0, 100));
            assertArrayEquals(Arrays.copyOf(bytes, 100), first);
        }
    }

    private static void ask(OutputStream out, String range) throws IOException {
        out.write(("GET /api/v1/assets/" + assetId + "/renditions/stream-hi HTTP/1.1\r\n"
                        + "Host: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\nRange: " + range + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The status line (under "") and the headers (names in lower case) of one response. */
    private static Map<String, String> head(InputStream in) throws IOException {
        Map<String, String> head = new LinkedHashMap<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                fail("the connection ended inside a response's head: " + head);
            }
            if (b != '\n') {
                line.write(b);
                continue;
            }
            String text = line.toString(StandardCharsets.US_ASCII).strip();
            line.reset();
            if (text.isEmpty()) {
                return head;
            }
            int colon = text.indexOf(':');
            if (head.isEmpty()) {
                head.put("", text);
            } else {
                head.put(
                        text.substring(0, colon).toLowerCase(Locale.ROOT),
                        text.substring(colon + 1).strip());
            }
        }
    }

    /** Reads into {@code into} from {@code at} until {@code until}; a stall of READ_TIMEOUT fails, naming the count. */
    private static int readInto(InputStream in, byte[] into, int at, int until) throws IOException {
        while (at < until) {
            int n;
            try {
                n = in.read(into, at, until - at);
            } catch (SocketTimeoutException e) {
                throw new AssertionError(
                        "the node sent " + at + " of " + until + " bytes, then nothing for " + READ_TIMEOUT, e);
            }
            if (n < 0) {
                fail("the connection ended after " + at + " of " + until + " bytes");
            }
            at += n;
        }
        return at;
    }

    /**
     * The node's count of rendition bytes handed to sockets once it has stopped moving (unchanged
     * across five samples 100 ms apart: the node's write is blocked), within 30 s.
     */
    private static long awaitStalled() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long last = -1;
        int same = 0;
        while (System.nanoTime() < deadline) {
            long now = servedBytes();
            same = now == last ? same + 1 : 0;
            if (same >= 4) {
                return now;
            }
            last = now;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        throw new AssertionError("the node's rendition byte count never stopped moving (last " + last + ")");
    }

    /** gateway_http_rendition_bytes_total from the node's /metrics. */
    private static long servedBytes() throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + node.httpPort() + "/metrics")
                .toURL()
                .openConnection();
        c.setConnectTimeout(10_000);
        c.setReadTimeout(10_000);
        try {
            assertEquals(200, c.getResponseCode());
            String body;
            try (InputStream in = c.getInputStream()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            for (String line : body.lines().toList()) {
                if (line.startsWith("gateway_http_rendition_bytes_total ")) {
                    return (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1));
                }
            }
            throw new AssertionError("no gateway_http_rendition_bytes_total in /metrics:\n" + body);
        } finally {
            c.disconnect();
        }
    }

    private static String commit(ProjectId project, byte[] content) throws Exception {
        return new OneRendition("stream-hi", "stream/stream-hi.mp4", "video/mp4", new VideoInfo("h264", 320, 180), 1500)
                .commit(node, project, "slow", content);
    }
}
