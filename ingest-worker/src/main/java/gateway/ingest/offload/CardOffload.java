package gateway.ingest.offload;

import gateway.model.asset.Checksums;
import gateway.model.asset.DurableFiles;
import gateway.model.asset.StoreSpace;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.proxy.checksum.FileChecksums;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Copy mode (card offload): copies files from a card or folder into a destination folder, hashing
 * (xxh64 + MD5) in the same read pass, each written to a temp file, fsynced and renamed, with the
 * source's modification time; then re-reads every copy and compares. Only a fully verified offload
 * returns. On any failure every file and folder this offload created is removed (files that were
 * there before, identical to their source, are kept) and a {@link GatewayException} names the file:
 * CORRUPT when a copy does not match what was read from its source, STORAGE_FULL when the destination's
 * file system filled up.
 */
public final class CardOffload {
    private static final int BUFFER_BYTES = 4 << 20;

    /** Runs after every file is copied and before any is verified (tests use it to damage a copy). */
    @FunctionalInterface
    public interface BeforeVerify {
        BeforeVerify NONE = copies -> {};

        void copied(List<HashedFile> copies) throws IOException;
    }

    private final BeforeVerify beforeVerify;
    private final long bytesPerSecond;

    public CardOffload() {
        this(BeforeVerify.NONE);
    }

    public CardOffload(BeforeVerify beforeVerify) {
        this(beforeVerify, 0);
    }

    /**
     * @param bytesPerSecond the most a copy, and then its verification, reads per second
     *     ({@code ingest.intake-mb-per-s}; 0: as fast as the storage goes)
     */
    public CardOffload(BeforeVerify beforeVerify, long bytesPerSecond) {
        this.beforeVerify = beforeVerify;
        this.bytesPerSecond = Math.max(0, bytesPerSecond);
    }

    /**
     * Copies {@code files} (each below {@code sourceRoot}) to the same relative paths below
     * {@code destinationRoot} and verifies them; returns one entry per file, in order.
     */
    public List<HashedFile> offload(Path sourceRoot, List<Path> files, Path destinationRoot) {
        return offload(sourceRoot, files, destinationRoot, IntakeProgress.NONE);
    }

    /**
     * One file of a card (a job's copy phase, then its hashing phase): copies {@code source} (below
     * {@code sourceRoot}) to its place below {@code destinationRoot} and verifies it, reporting both
     * passes to {@code progress}. Temp files that an earlier run of the same copy left behind (its
     * process was killed) are removed first; a copy already in place with the same bytes is kept.
     */
    public HashedFile offloadOne(Path sourceRoot, Path source, Path destinationRoot, IntakeProgress progress) {
        Path dest = destinationRoot.resolve(sourceRoot.relativize(source)).normalize();
        sweepTemps(dest);
        return offload(sourceRoot, List.of(source), destinationRoot, progress).get(0);
    }

    private List<HashedFile> offload(Path sourceRoot, List<Path> files, Path destinationRoot, IntakeProgress progress) {
        List<Path> created = new ArrayList<>();
        List<HashedFile> copies = new ArrayList<>();
        boolean ok = false;
        try {
            for (Path source : files) {
                copies.add(copyOne(sourceRoot, source, destinationRoot, created, progress));
            }
            beforeVerify.copied(List.copyOf(copies));
            for (HashedFile c : copies) {
                verify(c, progress);
            }
            ok = true;
            return copies;
        } catch (IOException e) {
            if (StoreSpace.isNoSpace(e)) {
                throw StoreSpace.full(destinationRoot, totalBytes(files), e);
            }
            throw GatewayException.io("card offload from " + sourceRoot + " failed: " + e.getMessage(), e);
        } finally {
            if (!ok) {
                removeCreated(created);
            }
        }
    }

    private HashedFile copyOne(
            Path sourceRoot, Path source, Path destinationRoot, List<Path> created, IntakeProgress progress)
            throws IOException {
        Path relative = sourceRoot.relativize(source);
        Path dest = destinationRoot.resolve(relative).normalize();
        if (relative.isAbsolute() || relative.startsWith("..") || !dest.startsWith(destinationRoot)) {
            throw GatewayException.invalid("card offload: " + source + " is not below " + sourceRoot);
        }
        createFolders(dest.getParent(), created);
        long sizeBefore = Files.size(source);
        FileTime mtime = Files.getLastModifiedTime(source);
        Path temp = DurableFiles.tempBeside(dest);
        created.add(temp);
        Checksums read;
        long copied;
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ReadPass.Result r = ReadPass.run(
                    source,
                    (buffer, offset, length) -> {
                        ByteBuffer b = ByteBuffer.wrap(buffer, offset, length);
                        while (b.hasRemaining()) {
                            out.write(b);
                        }
                    },
                    done -> progress.at(IntakeProgress.Phase.COPYING, done, sizeBefore),
                    bytesPerSecond);
            copied = r.bytes();
            read = r.checksums();
        } catch (NoSuchFileException e) {
            throw GatewayException.notFound("card offload: " + source + " disappeared while copying");
        }
        if (copied != sizeBefore
                || Files.size(source) != sizeBefore
                || !Files.getLastModifiedTime(source).equals(mtime)) {
            throw new GatewayException(
                    Reason.FAILED_PRECONDITION,
                    "card offload: " + source + " changed while it was copied (still being written?)");
        }
        Files.setLastModifiedTime(temp, mtime);
        String rel = relative.toString().replace('\\', '/');
        HashedFile copy = new HashedFile(source, dest, rel, copied, mtime.toInstant(), read);
        if (Files.exists(dest)) {
            // Offloaded before (a retry): keep the existing copy only if it is the same bytes.
            Checksums existing = FileChecksums.compute(dest);
            Files.delete(temp);
            created.remove(temp);
            if (!existing.equals(read) || Files.size(dest) != copied) {
                throw new GatewayException(
                        Reason.ALREADY_EXISTS,
                        "card offload: " + dest + " exists with other content than " + source
                                + " (another card with the same folder name?)");
            }
            return copy;
        }
        DurableFiles.moveIntoPlace(temp, dest);
        created.remove(temp);
        created.add(dest);
        return copy;
    }

    /** The most an intake pass (the copy, and the verify re-read) reads per second (0: no limit). */
    public long bytesPerSecond() {
        return bytesPerSecond;
    }

    /**
     * Re-reads the copy and compares it with what was read from the source; held to the same read
     * rate as the copy (a shared store's bandwidth is what the limit protects, both passes use it).
     */
    private void verify(HashedFile c, IntakeProgress progress) throws IOException {
        long size = Files.size(c.file());
        Checksums again = ReadPass.run(
                        c.file(),
                        ReadPass.Sink.NONE,
                        done -> progress.at(IntakeProgress.Phase.HASHING, done, size),
                        bytesPerSecond)
                .checksums();
        if (size != c.sizeBytes() || !again.equals(c.checksums())) {
            throw new GatewayException(
                    Reason.CORRUPT,
                    "card offload: the copy " + c.file() + " of " + c.source() + " does not verify: read "
                            + c.sizeBytes() + " bytes xxh64 " + c.checksums().xxh64() + " md5 "
                            + c.checksums().md5()
                            + ", copy has " + size + " bytes xxh64 " + again.xxh64() + " md5 " + again.md5());
        }
    }

    private static long totalBytes(List<Path> files) {
        long total = 0;
        for (Path f : files) {
            try {
                total += Files.size(f);
            } catch (IOException e) {
                return -1;
            }
        }
        return total;
    }

    private static void createFolders(Path dir, List<Path> created) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            Files.createDirectory(p);
            created.add(p);
        }
    }

    /** Removes what this offload created, newest first (files before the folders that hold them). */
    private static void removeCreated(List<Path> created) {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(created.get(i));
            } catch (IOException e) {
                // A folder another offload wrote into meanwhile stays; nothing of ours is in it.
            }
        }
    }

    /** Removes the temp files of earlier copies to {@code dest} ({@code DurableFiles}' names beside it). */
    public static void sweepTemps(Path dest) {
        Path dir = dest.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        String prefix = "." + dest.getFileName() + ".";
        try (java.nio.file.DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(DurableFiles.TEMP_SUFFIX);
        })) {
            for (Path p : s) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw GatewayException.io("cannot remove earlier partial copies of " + dest + ": " + e.getMessage(), e);
        }
    }
}
