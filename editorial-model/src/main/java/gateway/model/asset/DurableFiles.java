package gateway.model.asset;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.UUID;

/**
 * The one way the gateway makes a file durable: a temp file beside the target ({@code .<name>.<random>.tmp},
 * hidden, in the same folder), fsynced, renamed over the target atomically, then the folder fsynced. A
 * reader sees the old file or the whole new one, never a torn one; a crash leaves at most a stray temp
 * file, and a failed write removes its temp file and leaves the old target untouched.
 *
 * <p>Every failure is a {@link GatewayException}: {@link Reason#IO} naming the target, {@link
 * Reason#STORAGE_FULL} when its file system is full (the temp file is removed, the old target kept), or
 * {@link Reason#UNSUPPORTED} when the file system cannot rename atomically.
 */
public final class DurableFiles {
    /** The suffix of every temp file this class makes (its name starts with a dot and the target's name). */
    public static final String TEMP_SUFFIX = ".tmp";

    /** Who may read a new file. */
    public enum Access {
        /** The file system's default (umask). */
        DEFAULT,
        /** Mode 600 where the file system has POSIX modes (secrets, sessions, keys). */
        OWNER_ONLY
    }

    /** Writes the content of a file to a stream; the stream is buffered and closed by the caller. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private DurableFiles() {}

    /** Replaces {@code target} with {@code bytes} (creating its folder if missing); returns {@code target}. */
    public static Path write(Path target, byte[] bytes) {
        return write(target, bytes, Access.DEFAULT);
    }

    /** As {@link #write(Path, byte[])}, the new file readable as {@code access} says. */
    public static Path write(Path target, byte[] bytes, Access access) {
        return write(target, access, out -> out.write(bytes));
    }

    /** Replaces {@code target} with {@code text} in UTF-8; returns {@code target}. */
    public static Path writeString(Path target, String text) {
        return write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Replaces {@code target} with what {@code content} writes, streamed (for output too large to hold). */
    public static Path write(Path target, Access access, Content content) {
        Path temp = tempBeside(target);
        try {
            try (FileChannel channel = FileChannel.open(
                    temp, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes(access))) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            rename(temp, target);
            return target;
        } catch (IOException e) {
            throw StoreSpace.ioOrFull(target, -1, "cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /**
     * Creates {@code target} with {@code bytes} only if no file has that name yet (temp file, fsync,
     * hard link, folder fsync): true if this call created it, false if it existed already.
     */
    public static boolean writeIfAbsent(Path target, byte[] bytes) {
        Path temp = tempBeside(target);
        try {
            try (FileChannel channel =
                    FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.createLink(target, temp);
            } catch (FileAlreadyExistsException e) {
                return false;
            }
            fsyncDirectory(folderOf(target));
            return true;
        } catch (IOException e) {
            throw StoreSpace.ioOrFull(target, bytes.length, "cannot create " + target + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /**
     * A fresh temp name beside {@code target} ({@code .<name>.<random>.tmp}) for a writer that is not
     * a stream (an external process, a pipeline); the folder is created, the file is not. Finish with
     * {@link #moveIntoPlace(Path, Path)}; on failure the caller deletes it.
     */
    public static Path tempBeside(Path target) {
        Path dir = folderOf(target);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw StoreSpace.ioOrFull(
                    dir,
                    -1,
                    "cannot create the folder " + dir + " for " + target.getFileName() + ": " + e.getMessage(),
                    e);
        }
        return dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + TEMP_SUFFIX);
    }

    /**
     * A file that something other than a stream writes (a media pipeline, an external process): it
     * writes {@link Pending#temp()}, then {@link Pending#commit()} moves it into place durably; closing
     * without committing deletes the temp file, so a failed job leaves nothing behind.
     */
    public static Pending pending(Path target) {
        return new Pending(target.toAbsolutePath(), tempBeside(target));
    }

    /** See {@link #pending(Path)}. Not thread-safe. */
    public static final class Pending implements AutoCloseable {
        private final Path target;
        private final Path temp;
        private boolean committed;

        private Pending(Path target, Path temp) {
            this.target = target;
            this.temp = temp;
        }

        /** Where to write; the file may or may not exist yet. */
        public Path temp() {
            return temp;
        }

        public Path target() {
            return target;
        }

        /** Fsyncs the temp file, renames it over the target atomically, fsyncs the folder; returns the target. */
        public Path commit() {
            moveIntoPlace(temp, target);
            committed = true;
            return target;
        }

        @Override
        public void close() {
            if (!committed) {
                deleteQuietly(temp);
            }
        }
    }

    /**
     * Makes a finished file durable under its final name: fsyncs {@code finished}, renames it over
     * {@code target} atomically (both in one file system) and fsyncs the target's folder. On failure
     * {@code finished} is left where it is.
     */
    public static void moveIntoPlace(Path finished, Path target) {
        try {
            try (FileChannel channel = FileChannel.open(finished, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            rename(finished, target);
        } catch (IOException e) {
            throw GatewayException.io("cannot move " + finished + " to " + target + ": " + e.getMessage(), e);
        }
    }

    /** Makes a rename or a new entry durable: fsync the folder that holds it (a no-op where folders cannot be opened). */
    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms (Windows) cannot open a directory for reading; the rename is still atomic there.
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e;
            }
        }
    }

    private static void rename(Path temp, Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        try {
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new GatewayException(
                    Reason.UNSUPPORTED,
                    "the file system of " + absolute.getParent() + " cannot rename " + temp.getFileName() + " onto "
                            + absolute.getFileName() + " atomically; durable writes need it",
                    e);
        }
        fsyncDirectory(absolute.getParent());
    }

    private static Path folderOf(Path target) {
        Path parent = target.toAbsolutePath().getParent();
        if (parent == null) {
            throw GatewayException.invalid("file " + target + " has no parent folder");
        }
        return parent;
    }

    private static FileAttribute<?>[] attributes(Access access) {
        if (access != Access.OWNER_ONLY
                || !FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
        };
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // The write already succeeded or failed and says so; a leftover is a hidden, uniquely named .tmp file.
        }
    }
}
