package gateway.model.asset;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/** How the store replaces a file: a temp file beside it, fsynced, renamed over it atomically, the folder fsynced. */
final class DurableFiles {
    static final String TEMP_SUFFIX = ".tmp";

    private DurableFiles() {}

    /** Replaces {@code target} with {@code bytes}; a crash leaves the old file or the new one, never a torn one. */
    static void replace(Path target, byte[] bytes) throws IOException {
        Path dir = target.getParent();
        Path temp = dir.resolve(target.getFileName() + "." + UUID.randomUUID() + TEMP_SUFFIX);
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            moveAtomically(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
        fsyncDirectory(dir);
    }

    private static void moveAtomically(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new GatewayException(
                    Reason.UNSUPPORTED,
                    "the media store at " + target.getParent() + " does not support atomic renames; it needs them",
                    e);
        }
    }

    /** Makes the rename durable: fsync the folder that holds the new directory entry. */
    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms (Windows) cannot open a directory for reading; the rename is still atomic there.
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e;
            }
        }
    }
}
