package gateway.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
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
        try {
            if (!Files.exists(file)) {
                return JSON.createObjectNode();
            }
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            if (!Objects.equals(a.fileKey(), cached.fileKey())
                    || !a.lastModifiedTime().equals(cached.modified())
                    || a.size() != cached.size()) {
                cached = new Snapshot(a.fileKey(), a.lastModifiedTime(), a.size(), parse());
            }
            return cached.root().deepCopy();
        } catch (IOException e) {
            throw GatewayException.io("cannot read " + file + ": " + e.getMessage(), e);
        }
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
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        try (FileChannel ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ownerOnly(tmp);
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Makes a secret file readable by its owner only, where the file system has POSIX modes. */
    static void ownerOnly(Path p) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the security directory's permissions protect it
        }
    }
}
