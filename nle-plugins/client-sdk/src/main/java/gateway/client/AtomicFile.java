package gateway.client;

import gateway.model.error.GatewayException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Durable writes: a temp file in the same folder, fsync, atomic rename, fsync of the folder. */
final class AtomicFile {
    private AtomicFile() {}

    /** Writes {@code data} to {@code target} so that readers see the old file or the whole new one. */
    static void write(Path target, byte[] data) {
        Path dir = parentOf(target);
        Path temp = null;
        try {
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(data);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            commit(temp, target);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw GatewayException.io("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Renames the already-synced {@code temp} over {@code target} atomically and syncs the folder. */
    static void commit(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + target + " cannot rename atomically", e);
        }
        syncDirectory(parentOf(target));
    }

    static Path parentOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null) {
            throw GatewayException.invalid("file " + file + " has no parent folder");
        }
        return parent;
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some platforms (Windows) cannot open or sync a directory; the rename itself is atomic there.
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp == null) {
            return;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException suppressed) {
            // The write already failed; a stray temp file is named as one and harmless.
        }
    }
}
