package gateway.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.model.asset.DurableFiles;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * One JSON document of security state (users, keys, refresh tokens, revocations) shared by the
 * node and the {@code ./gateway user …} commands run beside it. Changes are made under an
 * exclusive file lock on a sibling {@code .lock} file (read, change, write to a temp file, fsync,
 * rename), and a reader sees another process's change at its next {@link #read()}.
 */
final class StateFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Path lockFile;
    private Snapshot cached = new Snapshot(null, null, -1, JSON.createObjectNode());

    private record Snapshot(Object fileKey, FileTime modified, long size, ObjectNode root) {}

    StateFile(Path file) {
        this.file = file;
        this.lockFile = file.resolveSibling(file.getFileName() + ".lock");
    }

    Path path() {
        return file;
    }

    /** The current document (an empty object when the file does not exist yet). */
    synchronized ObjectNode read() {
        return current().root().deepCopy();
    }

    /** The file as it is now, parsed again only when it changed (key, modification time or size). */
    private Snapshot current() {
        try {
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(file, BasicFileAttributes.class); // one stat per call, no separate exists()
            } catch (NoSuchFileException gone) {
                if (cached.size() != -1) {
                    cached = new Snapshot(null, null, -1, JSON.createObjectNode());
                }
                return cached;
            }
            if (!Objects.equals(a.fileKey(), cached.fileKey())
                    || !a.lastModifiedTime().equals(cached.modified())
                    || a.size() != cached.size()) {
                cached = new Snapshot(a.fileKey(), a.lastModifiedTime(), a.size(), parse());
            }
            return cached;
        } catch (IOException e) {
            throw GatewayException.io("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private record View(Snapshot of, Object value) {}

    private final Map<String, View> views = new HashMap<>();

    /**
     * {@code decode} of the current document, decoded once per version of the file and kept under
     * {@code key} (callers on every request, such as the user lookup, then cost a stat, not a parse
     * and a copy). {@code decode} must only read the document and return an immutable value.
     */
    @SuppressWarnings("unchecked")
    synchronized <T> T view(String key, Function<ObjectNode, T> decode) {
        Snapshot now = current();
        View held = views.get(key);
        if (held == null || held.of() != now) {
            held = new View(now, decode.apply(now.root()));
            views.put(key, held);
        }
        return (T) held.value();
    }

    /** Applies {@code change} to the latest document under the lock and writes the result; returns it. */
    synchronized ObjectNode update(UnaryOperator<ObjectNode> change) {
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel lockChannel =
                            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = lockChannel.lock()) {
                ObjectNode current = Files.exists(file) ? parse() : JSON.createObjectNode();
                ObjectNode next = change.apply(current);
                write(next);
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                cached = new Snapshot(a.fileKey(), a.lastModifiedTime(), a.size(), next.deepCopy());
                return next.deepCopy();
            }
        } catch (IOException e) {
            throw GatewayException.io("cannot update " + file + ": " + e.getMessage(), e);
        }
    }

    private ObjectNode parse() throws IOException {
        JsonNode node;
        try {
            node = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new GatewayException(Reason.CORRUPT, "cannot parse " + file + ": " + e.getMessage(), e);
        }
        if (node == null || node.isMissingNode()) {
            return JSON.createObjectNode();
        }
        if (!(node instanceof ObjectNode o)) {
            throw new GatewayException(Reason.CORRUPT, file + " does not hold a JSON object");
        }
        return o;
    }

    private void write(ObjectNode root) throws IOException {
        DurableFiles.write(
                file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root), DurableFiles.Access.OWNER_ONLY);
    }
}
