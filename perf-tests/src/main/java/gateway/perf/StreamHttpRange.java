package gateway.perf;

import gateway.model.asset.DurableFiles;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The player's side of the peer: one kept-alive HTTP/1.1 connection to nginx (through the link
 * emulator) asking for byte ranges of one file, as a browser's media element does. Raw socket, so
 * nothing pools, retries or decompresses behind the measurement's back.
 */
final class StreamHttpRange implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String path;

    StreamHttpRange(int port, String path) throws IOException {
        this.socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.out = socket.getOutputStream();
        this.path = path;
    }

    /** Bytes {@code [offset, offset + length)} of the file, by one {@code Range} request (206 expected). */
    byte[] range(long offset, long length) throws IOException {
        return range(path, offset, length);
    }

    /** Bytes {@code [offset, offset + length)} of another file of the same server, on the same connection. */
    byte[] range(String otherPath, long offset, long length) throws IOException {
        send(otherPath, "Range: bytes=" + offset + "-" + (offset + length - 1) + "\r\n");
        long body = readHeaders(206);
        if (body != length) {
            throw new GatewayException(
                    Reason.INTERNAL, "nginx answered " + body + " bytes for a range of " + length + " at " + offset);
        }
        return in.readNBytes((int) length);
    }

    /** The whole file, written to {@code target} (temp file, fsync, rename) as it arrives; returns its size. */
    long download(Path target) throws IOException {
        send(path, "");
        long body = readHeaders(200);
        byte[] buf = new byte[256 * 1024];
        DurableFiles.write(target, DurableFiles.Access.DEFAULT, out -> {
            long left = body;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw GatewayException.io("nginx closed the connection " + left + " bytes short", null);
                }
                out.write(buf, 0, n);
                left -= n;
            }
        });
        return body;
    }

    private void send(String file, String extraHeaders) throws IOException {
        String request = "GET " + file + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders + "\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads the status line and headers; returns the Content-Length. */
    private long readHeaders(int expectedStatus) throws IOException {
        String status = line();
        if (!status.startsWith("HTTP/1.1 " + expectedStatus)) {
            throw new GatewayException(
                    Reason.INTERNAL, "nginx answered '" + status + "' where " + expectedStatus + " was expected");
        }
        long length = -1;
        String header;
        while (!(header = line()).isEmpty()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(
                        header.substring("content-length:".length()).trim());
            }
        }
        if (length < 0) {
            throw new GatewayException(Reason.INTERNAL, "nginx sent no Content-Length after '" + status + "'");
        }
        return length;
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            sb.append((char) c);
        }
        throw GatewayException.io("nginx closed the connection in the middle of a response header", null);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
