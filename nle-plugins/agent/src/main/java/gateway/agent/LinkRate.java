package gateway.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.model.asset.DurableFiles;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * The link rate measured so far: {@code <cache>/.link.json}, {@code {"bytes_per_second": N,
 * "samples": N, "measured_at": "...Z"}}, updated after each download that moved bytes. The rate is
 * a moving average weighted by bytes: each transfer counts as much as its share of the last
 * {@value #WINDOW_BYTES} bytes moved, so one tiny file does not swing it and a changed link shows
 * within a few dozen MiB. Written durably; two processes racing lose one sample, never the file.
 */
final class LinkRate {
    static final String FILE_NAME = ".link.json";
    /** The bytes the average remembers. */
    static final long WINDOW_BYTES = 64L * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    LinkRate(Path cacheRoot) {
        this.file = cacheRoot.resolve(FILE_NAME);
    }

    /** Bytes per second measured so far; empty before any transfer. */
    synchronized OptionalLong bytesPerSecond() {
        JsonNode n = read();
        return n == null || !n.path("bytes_per_second").canConvertToLong()
                ? OptionalLong.empty()
                : OptionalLong.of(n.path("bytes_per_second").asLong());
    }

    /** Adds one transfer of {@code bytes} that took {@code elapsed}; nothing for an empty or instant one. */
    synchronized void record(long bytes, Duration elapsed, Instant now) {
        if (bytes <= 0 || elapsed.isZero() || elapsed.isNegative()) {
            return;
        }
        double sample = bytes / (elapsed.toNanos() / 1e9);
        JsonNode old = read();
        double rate = sample;
        long samples = 1;
        if (old != null && old.path("bytes_per_second").canConvertToLong()) {
            double weight = Math.min(1.0, bytes / (double) WINDOW_BYTES);
            rate = old.path("bytes_per_second").asDouble() * (1 - weight) + sample * weight;
            samples = old.path("samples").asLong(0) + 1;
        }
        ObjectNode n = JSON.createObjectNode();
        n.put("bytes_per_second", Math.max(1, Math.round(rate)));
        n.put("samples", samples);
        n.put("measured_at", now.toString());
        try {
            DurableFiles.write(file, JSON.writeValueAsBytes(n));
        } catch (IOException e) {
            throw GatewayException.io("cannot keep the link rate in " + file + ": " + e.getMessage(), e);
        }
    }

    private JsonNode read() {
        try {
            return JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new GatewayException(
                    Reason.CORRUPT,
                    "cannot read the link rate " + file + " (delete it to measure anew): " + e.getMessage(),
                    e);
        }
    }
}
