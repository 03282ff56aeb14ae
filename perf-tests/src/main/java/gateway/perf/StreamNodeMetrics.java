package gateway.perf;

import gateway.model.error.GatewayException;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** What the bench's node says of itself on {@code /metrics} (plaintext on loopback in the bench). */
final class StreamNodeMetrics {
    private StreamNodeMetrics() {}

    /** {@code {sum, count}} of the histogram {@code name}, as the node reports them now. */
    static double[] sumAndCount(int httpPort, String name) {
        String body = get(httpPort);
        return new double[] {value(body, name + "_sum"), value(body, name + "_count")};
    }

    private static double value(String body, String metric) {
        for (String line : body.split("\n")) {
            if (line.startsWith(metric + " ")) {
                return Double.parseDouble(line.substring(metric.length() + 1).trim());
            }
        }
        throw GatewayException.notFound("stream bench: the node reports no " + metric);
    }

    private static String get(int httpPort) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + httpPort + "/metrics")
                    .toURL()
                    .openConnection();
            try (InputStream in = c.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            throw GatewayException.io("stream bench: cannot read the node's /metrics: " + e.getMessage(), e);
        }
    }
}
