package gateway.model.asset;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Free space on the file system of a store path, and the one way a full file system is reported:
 * {@link Reason#STORAGE_FULL} naming the path, the bytes needed (when known) and the bytes free.
 * Used before an ingest is accepted ({@link #require}) and when a write fails with ENOSPC
 * ({@link #isNoSpace}, {@link #full}).
 */
public final class StoreSpace {
    /** What the OS says (strerror) when a file system is full or a quota is spent. */
    private static final String[] NO_SPACE = {
        "No space left on device", "Disk quota exceeded", "There is not enough space", "No space left on the resource"
    };

    private StoreSpace() {}

    /** True when {@code e} (or a cause of it) is the OS saying the file system is full (ENOSPC, EDQUOT). */
    public static boolean isNoSpace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : t.getMessage();
            if (m != null) {
                for (String s : NO_SPACE) {
                    if (m.contains(s)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The bytes a new file below {@code path} may still take (of its nearest existing folder's file system), or -1 if unknown. */
    public static long usableBytes(Path path) {
        try {
            return fileStore(path).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Refuses (STORAGE_FULL) to start something that will write {@code neededBytes} below {@code path}
     * when its file system has less free; {@code what} says what would be written ("the copy of A001.mov").
     */
    public static void require(Path path, long neededBytes, String what) {
        long free = usableBytes(path);
        if (free >= 0 && free < neededBytes) {
            throw new GatewayException(
                    Reason.STORAGE_FULL,
                    "the store is full at " + path + ": " + what + " needs " + bytes(neededBytes) + ", " + bytes(free)
                            + " free; free space there (or grow the volume) and retry");
        }
    }

    /**
     * The failure for a write below {@code path} that the OS refused for lack of space; {@code
     * neededBytes} is what the write wanted in all (-1 when unknown).
     */
    public static GatewayException full(Path path, long neededBytes, Throwable cause) {
        long free = usableBytes(path);
        return new GatewayException(
                Reason.STORAGE_FULL,
                "the store is full at " + path + ": no space left on device"
                        + (neededBytes >= 0 ? " writing " + bytes(neededBytes) : "")
                        + (free >= 0 ? ", " + bytes(free) + " free" : "")
                        + "; nothing partial was kept; free space there (or grow the volume) and retry",
                cause);
    }

    /** {@link #full} when {@code e} is ENOSPC, else an IO failure with {@code message}. */
    public static GatewayException ioOrFull(Path path, long neededBytes, String message, IOException e) {
        return isNoSpace(e) ? full(path, neededBytes, e) : GatewayException.io(message, e);
    }

    private static FileStore fileStore(Path path) throws IOException {
        Path p = path.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IOException("no existing folder above " + path);
        }
        return Files.getFileStore(p);
    }

    private static String bytes(long n) {
        if (n < 10L << 20) {
            return String.format(Locale.ROOT, "%,d bytes", n);
        }
        return String.format(Locale.ROOT, "%,d bytes (%.1f MiB)", n, n / 1048576.0);
    }
}
