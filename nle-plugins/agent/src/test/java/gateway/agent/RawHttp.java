package gateway.agent;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP/1.1 requests written by hand, for what HttpURLConnection will not send (a foreign Host, no
 * token, OPTIONS): the answer's status line, headers and body, the body read by its Content-Length
 * so a server that keeps the connection open does not hold the test.
 */
final class RawHttp {
    private static final Pattern LENGTH = Pattern.compile("(?i)content-length:\\s*(\\d+)");

    private RawHttp() {}

    static String get(int port, String host, String path, String token) throws IOException {
        return send(
                port,
                "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"
                        + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                        + "Connection: close\r\n\r\n");
    }

    static String send(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return head.toString();
                }
                head.append((char) b);
            }
            Matcher length = LENGTH.matcher(head);
            byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : in.readAllBytes();
            return head + new String(body, StandardCharsets.US_ASCII);
        }
    }
}
