package gateway.server.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.model.error.GatewayException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

/**
 * An append-only audit log, one JSON object per line, each carrying the SHA-256 of the previous
 * line so a removed or edited line breaks the chain. Written before bytes are served.
 */
public final class AuditLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final Clock clock;
    private final FileChannel channel;
    private String previousHash;

    public AuditLog(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
        try {
            Files.createDirectories(file.getParent());
            this.previousHash = lastHash(file);
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw GatewayException.io("cannot open the audit log " + file + ": " + e.getMessage(), e);
        }
    }

    public synchronized void record(String subject, String action, String project, String target, boolean allowed) {
        ObjectNode line = JSON.createObjectNode()
                .put("time", clock.instant().toString())
                .put("subject", subject)
                .put("action", action)
                .put("project", project)
                .put("target", target)
                .put("decision", allowed ? "allow" : "deny")
                .put("prev", previousHash);
        String text = line.toString();
        try {
            channel.write(ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw GatewayException.io("cannot append to the audit log " + file + ": " + e.getMessage(), e);
        }
        previousHash = sha256(text);
    }

    /** Forces appended lines to disk (called on a policy, and at close). */
    public synchronized void sync() {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw GatewayException.io("cannot sync the audit log " + file, e);
        }
    }

    /** Number of lines whose chain verifies; throws CORRUPT at the first broken link. */
    public static long verify(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            String prev = "";
            long n = 0;
            for (String line : lines) {
                n++;
                String claimed = JSON.readTree(line).path("prev").asText();
                if (!claimed.equals(prev)) {
                    throw new GatewayException(
                            gateway.model.error.Reason.CORRUPT, "audit log " + file + " breaks its chain at line " + n);
                }
                prev = sha256(line);
            }
            return n;
        } catch (IOException e) {
            throw GatewayException.io("cannot read the audit log " + file, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.force(false);
            channel.close();
        } catch (IOException e) {
            throw GatewayException.io("cannot close the audit log " + file, e);
        }
    }

    private static String lastHash(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return lines.isEmpty() ? "" : sha256(lines.get(lines.size() - 1));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
