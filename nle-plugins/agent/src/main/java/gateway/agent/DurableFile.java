package gateway.agent;

import gateway.model.error.GatewayException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes a small file so readers see the old content or all of the new: temp file, fsync, atomic rename. */
final class DurableFile {
    private DurableFile() {}

    static void write(Path target, byte[] data) {
        write(target, data, false);
    }

    /** As {@link #write(Path, byte[])}; with {@code ownerOnly} the file is created mode 600 (on POSIX systems). */
    static void write(Path target, byte[] data, boolean ownerOnly) {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = null;
        try {
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp", attributes(ownerOnly));
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(data);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(dir);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw GatewayException.io("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static FileAttribute<?>[] attributes(boolean ownerOnly) {
        if (!ownerOnly
                || !FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
        };
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Windows cannot open a folder as a channel; the rename is atomic there all the same.
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp == null) {
            return;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException suppressed) {
            // The write already failed and says so; a leftover is a hidden .tmp file.
        }
    }
}
