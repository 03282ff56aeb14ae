package gateway.server.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Follows the audit log's hash chain as it grows: each {@link #check} reads only the complete lines
 * appended since the last one, so a large log costs nothing to watch. Once a line breaks the chain
 * (an edited, removed or inserted line, or a file shorter than what was verified) the log stays
 * broken for this watch, and {@link #problem} says where.
 */
public final class AuditChainWatch {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_READ_BYTES = 8 * 1024 * 1024;
    private final Path file;
    private long offset;
    private long lines;
    private String previousHash = "";
    private String problem = "";

    public AuditChainWatch(Path file) {
        this.file = file;
    }

    /** Verifies the lines appended since the last check; true while the whole chain verifies. */
    public synchronized boolean check() {
        if (!problem.isEmpty()) {
            return false;
        }
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            if (size < offset) {
                problem = "audit log " + file + " is " + size + " bytes, shorter than the " + offset
                        + " bytes already verified";
                return false;
            }
            while (offset < size && problem.isEmpty()) {
                ByteBuffer buf = ByteBuffer.allocate((int) Math.min(MAX_READ_BYTES, size - offset));
                in.read(buf, offset);
                int end = lastNewline(buf);
                if (end < 0) {
                    break; // a line being written: checked next time
                }
                verifyLines(new String(buf.array(), 0, end, StandardCharsets.UTF_8));
                offset += end + 1;
            }
        } catch (NoSuchFileException e) {
            if (offset > 0) {
                problem = "audit log " + file + " was removed after " + lines + " verified lines";
            }
        } catch (IOException e) {
            System.getLogger(AuditChainWatch.class.getName())
                    .log(System.Logger.Level.WARNING, "cannot read the audit log " + file + ": " + e.getMessage());
        }
        return problem.isEmpty();
    }

    private static int lastNewline(ByteBuffer buf) {
        byte[] a = buf.array();
        for (int i = buf.position() - 1; i >= 0; i--) {
            if (a[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void verifyLines(String text) {
        for (String line : text.split("\n", -1)) {
            lines++;
            String claimed;
            try {
                claimed = JSON.readTree(line).path("prev").asText();
            } catch (IOException notJson) {
                problem = "audit log " + file + " line " + lines + " is not JSON";
                return;
            }
            if (!claimed.equals(previousHash)) {
                problem = "audit log " + file + " breaks its chain at line " + lines;
                return;
            }
            previousHash = AuditLog.sha256(line);
        }
    }

    /** True until a check finds a broken chain. */
    public synchronized boolean valid() {
        return problem.isEmpty();
    }

    /** Lines verified so far. */
    public synchronized long verifiedLines() {
        return problem.isEmpty() ? lines : lines - 1;
    }

    /** Where the chain broke; empty while it verifies. */
    public synchronized String problem() {
        return problem;
    }
}
