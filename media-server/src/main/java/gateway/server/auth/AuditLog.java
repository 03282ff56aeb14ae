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
import java.util.function.Supplier;

/**
 * An append-only audit log, one JSON object per line, each carrying the SHA-256 of the previous
 * line so a removed or edited line breaks the chain. Written before bytes are served.
 *
 * <p>A line says when ({@code time}), who ({@code subject}), what ({@code action} on {@code
 * project} / {@code target}), the {@code decision}, and, when known, the call it belongs to: {@code
 * request} id, {@code session} (the access token's id), {@code client} address and the {@code
 * range} of bytes asked for ({@link CallInfo}). The call is taken from the supplier given at
 * construction (the current gRPC call or HTTP request) unless passed explicitly. Lines written
 * before these fields existed carry none of them and still verify: the chain hashes whole lines.
 */
public final class AuditLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final Clock clock;
    private final Supplier<CallInfo> currentCall;
    private final FileChannel channel;
    private String previousHash;
    /** Hashes the chain under the log's lock (one digest, not a provider look-up per line). */
    private final MessageDigest chain = newSha256();
    /** The fsync policy: appended lines reach the disk within this interval (group commit). */
    static final long SYNC_INTERVAL_MS = 100;

    private long lastSyncNanos = System.nanoTime();
    private volatile boolean dirty;
    private final java.util.concurrent.ScheduledExecutorService flusher =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "audit-fsync");
                t.setDaemon(true);
                return t;
            });

    public AuditLog(Path file, Clock clock) {
        this(file, clock, () -> CallInfo.NONE);
    }

    /** A log whose lines carry the call {@code currentCall} names at the moment they are written. */
    public AuditLog(Path file, Clock clock, Supplier<CallInfo> currentCall) {
        this.file = file;
        this.clock = clock;
        this.currentCall = currentCall;
        try {
            Files.createDirectories(file.getParent());
            this.previousHash = lastHash(file);
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw GatewayException.io("cannot open the audit log " + file + ": " + e.getMessage(), e);
        }
        flusher.scheduleWithFixedDelay(
                this::syncIfDirty, SYNC_INTERVAL_MS, SYNC_INTERVAL_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void syncIfDirty() {
        if (dirty && channel.isOpen()) {
            try {
                sync();
            } catch (GatewayException e) {
                System.getLogger(AuditLog.class.getName())
                        .log(System.Logger.Level.ERROR, "audit log fsync failed: " + e.getMessage());
            }
        }
    }

    public void record(String subject, String action, String project, String target, boolean allowed) {
        record(subject, action, project, target, allowed, "");
    }

    /** Appends one decision; {@code detail} says why (e.g. why a token was refused), empty when obvious. */
    public void record(String subject, String action, String project, String target, boolean allowed, String detail) {
        CallInfo call = currentCall.get();
        record(subject, action, project, target, allowed, detail, call == null ? CallInfo.NONE : call);
    }

    /** Appends one decision made for {@code call} (for work done off the call's thread, e.g. stream summaries). */
    public synchronized void record(
            String subject,
            String action,
            String project,
            String target,
            boolean allowed,
            String detail,
            CallInfo call) {
        ObjectNode line = JSON.createObjectNode()
                .put("time", clock.instant().toString())
                .put("subject", subject)
                .put("action", action)
                .put("project", project)
                .put("target", target)
                .put("decision", allowed ? "allow" : "deny");
        if (detail != null && !detail.isEmpty()) {
            line.put("detail", detail);
        }
        putIfKnown(line, "request", call.requestId());
        putIfKnown(line, "session", call.session());
        putIfKnown(line, "client", call.clientAddress());
        putIfKnown(line, "range", call.byteRange());
        line.put("prev", previousHash);
        String text = line.toString();
        try {
            channel.write(ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw GatewayException.io("cannot append to the audit log " + file + ": " + e.getMessage(), e);
        }
        previousHash = HexFormat.of().formatHex(chain.digest(text.getBytes(StandardCharsets.UTF_8)));
        dirty = true;
    }

    private static void putIfKnown(ObjectNode line, String field, String value) {
        if (!value.isEmpty()) {
            line.put(field, value);
        }
    }

    /** Forces appended lines to disk (called on a policy, and at close). */
    public void sync() {
        try {
            dirty = false; // lines appended from here on wait for the next sync
            channel.force(false);
            lastSyncNanos = System.nanoTime();
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
                String claimed;
                try {
                    claimed = JSON.readTree(line).path("prev").asText();
                } catch (IOException notJson) {
                    throw new GatewayException(
                            gateway.model.error.Reason.CORRUPT, "audit log " + file + " line " + n + " is not JSON");
                }
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

    /** One line of the log as read back. */
    public record Entry(
            long line,
            String time,
            String subject,
            String action,
            String project,
            String target,
            boolean allowed,
            String detail,
            CallInfo call) {}

    /** Every entry of the log at {@code file}, in order (read without checking the chain: see {@link #verify}). */
    public static List<Entry> read(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<Entry> out = new java.util.ArrayList<>();
            long n = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                n++;
                var j = JSON.readTree(line);
                out.add(new Entry(
                        n,
                        j.path("time").asText(),
                        j.path("subject").asText(),
                        j.path("action").asText(),
                        j.path("project").asText(),
                        j.path("target").asText(),
                        "allow".equals(j.path("decision").asText()),
                        j.path("detail").asText(""),
                        new CallInfo(
                                j.path("request").asText(""),
                                j.path("session").asText(""),
                                j.path("client").asText(""),
                                j.path("range").asText(""))));
            }
            return out;
        } catch (IOException e) {
            throw new GatewayException(
                    gateway.model.error.Reason.CORRUPT, "cannot read the audit log " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        // Not shutdownNow: interrupting the flusher in the middle of its force() would close the channel under us.
        flusher.shutdown();
        try {
            flusher.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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

    static String sha256(String text) {
        return HexFormat.of().formatHex(newSha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
