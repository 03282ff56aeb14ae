package gateway.proxy.io;

import gateway.model.error.GatewayException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * A file written under a temporary name beside its target, then fsynced and atomically renamed
 * ({@link #commit()}). Closing without committing deletes the temporary file, so a failed job
 * leaves nothing behind.
 */
public final class AtomicOutput implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private boolean committed;

    private AtomicOutput(Path target, Path temp) {
        this.target = target;
        this.temp = temp;
    }

    /** A temporary name beside {@code target}; the directory is created if missing. */
    public static AtomicOutput beside(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw GatewayException.io("cannot create " + dir + ": " + e.getMessage(), e);
        }
        String name =
                "." + target.getFileName() + "." + UUID.randomUUID().toString().substring(0, 8) + ".tmp";
        return new AtomicOutput(target.toAbsolutePath(), dir.resolve(name));
    }

    /** Where to write; the file may or may not exist yet. */
    public Path temp() {
        return temp;
    }

    public Path target() {
        return target;
    }

    /** Flushes the temporary file to storage and renames it to the target, replacing any old one. */
    public Path commit() {
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            committed = true;
            syncDirectory(target.getParent());
            return target;
        } catch (IOException e) {
            throw GatewayException.io("cannot commit " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (!committed) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // Nothing more to do: the temporary name is hidden and unique, a sweeper may remove it.
            }
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems cannot fsync a directory; the rename itself is still atomic.
        }
    }
}
