package gateway.proxy.restore;

import gateway.model.asset.DurableFiles;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.storage.ByteRange;
import gateway.model.storage.RangeReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A sparse copy of an original: a file of the original's size that holds only the planned ranges,
 * each at its own offset, holes elsewhere (no disk blocks where nothing was written).
 *
 * <p>The ranges are fetched in pieces of at most {@link #PIECE_BYTES} into a hidden work file beside
 * the target ({@code <target>.fetching}); the pieces on disk (made durable every {@link #SYNC_BYTES}
 * and when the store goes away) are recorded in a journal beside it ({@code <target>.fetched}). When the tier goes away mid-restore ({@link Reason#UNAVAILABLE}) both
 * are kept, and the next restore of the same ranges of the same object fetches only the pieces the
 * journal does not list. The target appears, by an atomic rename, only when every piece is there; any
 * other failure (a full disk, a refused object) removes the work file and the journal.
 */
final class PartialOriginal {
    /** The most a single ranged read fetches: what a restore cut short loses at worst. */
    static final long PIECE_BYTES = 2L * 1024 * 1024;

    /**
     * Pieces are made durable and journalled every this many bytes, not one by one: two fsyncs per
     * 2 MiB piece were a good part of a range-exact restore's fetch time on a busy disk.
     */
    static final long SYNC_BYTES = 16L * 1024 * 1024;

    private static final System.Logger LOG = System.getLogger(PartialOriginal.class.getName());

    private PartialOriginal() {}

    /** Writes {@code planned} from {@code source} to {@code target}; returns the bytes fetched for it. */
    static long write(RangeReader source, Planned planned, Path target) {
        long before = source.bytesRead();
        Path work = beside(target, ".fetching");
        Path journal = beside(target, ".fetched");
        List<ByteRange> pieces = pieces(planned.stillToFetch());
        String identity =
                "restore of " + source.describe() + ": " + planned.ranges().wholeFileBytes() + " bytes, "
                        + pieces.size() + " pieces, plan " + Long.toHexString(fingerprint(pieces));
        Set<ByteRange> done = resumable(work, journal, identity);
        boolean keep = false;
        boolean committed = false;
        long resumed = 0;
        try {
            if (done.isEmpty()) {
                Files.writeString(journal, identity + "\n", StandardCharsets.UTF_8);
            } else {
                LOG.log(
                        System.Logger.Level.INFO,
                        () -> source.describe() + ": resuming a restore cut short, " + done.size() + " of "
                                + pieces.size() + " pieces are in " + work);
            }
            try (RandomAccessFile file = new RandomAccessFile(work.toFile(), "rw")) {
                FileChannel channel = file.getChannel();
                file.setLength(planned.ranges().wholeFileBytes());
                for (Planned.Fetched f : planned.fetched()) {
                    writeAt(channel, f.range().offsetBytes(), ByteBuffer.wrap(f.bytes()));
                }
                if (planned.mxf() != null) {
                    for (Planned.Fetched h : planned.mxf().headersIn(planned.gaps())) {
                        writeAt(channel, h.range().offsetBytes(), ByteBuffer.wrap(h.bytes()));
                    }
                }
                List<ByteRange> unsynced = new ArrayList<>();
                long unsyncedBytes = 0;
                for (ByteRange piece : pieces) {
                    if (done.contains(piece)) {
                        resumed += piece.lengthBytes();
                        continue;
                    }
                    try {
                        fetch(source, piece, channel);
                    } catch (GatewayException e) {
                        if (e.reason() != Reason.UNAVAILABLE) {
                            throw e;
                        }
                        record(channel, journal, unsynced, done); // the pieces that arrived whole are kept
                        keep = !done.isEmpty();
                        throw new GatewayException(
                                Reason.UNAVAILABLE,
                                e.getMessage() + " (" + done.size() + " of " + pieces.size() + " pieces, "
                                        + kept(done) + " bytes, are kept in " + work
                                        + (keep ? ": the next restore resumes from them)" : ")"),
                                e);
                    }
                    unsynced.add(piece);
                    unsyncedBytes += piece.lengthBytes();
                    if (unsyncedBytes >= SYNC_BYTES) {
                        record(channel, journal, unsynced, done);
                        unsyncedBytes = 0;
                    }
                }
                channel.force(true);
            }
            DurableFiles.moveIntoPlace(work, target);
            committed = true;
            if (resumed > 0) {
                long fromStore = source.bytesRead() - before;
                long fromDisk = resumed;
                LOG.log(
                        System.Logger.Level.INFO,
                        () -> source.describe() + ": restore resumed, " + fromDisk + " bytes were on disk already, "
                                + fromStore + " fetched now");
            }
            return source.bytesRead() - before;
        } catch (IOException e) {
            throw new GatewayException(
                    Files.exists(work) && isFull(e) ? Reason.STORAGE_FULL : Reason.IO,
                    "cannot write the partial original " + target + " from " + source.describe() + ": "
                            + e.getMessage(),
                    e);
        } finally {
            if (committed || !keep) {
                deleteQuietly(journal);
            }
            if (!committed && !keep) {
                deleteQuietly(work);
            }
        }
    }

    /**
     * Makes the pieces fetched since the last call durable, then lists them in the journal: what a
     * later restore may resume from. Called every {@link #SYNC_BYTES} and when the store goes away
     * (a crash loses at most the pieces since the last call: they are fetched again).
     */
    private static void record(FileChannel channel, Path journal, List<ByteRange> unsynced, Set<ByteRange> done)
            throws IOException {
        if (unsynced.isEmpty()) {
            return;
        }
        channel.force(false);
        StringBuilder lines = new StringBuilder();
        unsynced.forEach(p -> lines.append(p.offsetBytes())
                .append(' ')
                .append(p.lengthBytes())
                .append('\n'));
        Files.writeString(journal, lines, StandardCharsets.UTF_8, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        done.addAll(unsynced);
        unsynced.clear();
    }

    /** The pieces a journal beside {@code work} lists when it is the journal of this restore; else none (both removed). */
    private static Set<ByteRange> resumable(Path work, Path journal, String identity) {
        Set<ByteRange> done = new HashSet<>();
        try {
            if (!Files.isRegularFile(journal) || !Files.isRegularFile(work)) {
                return done;
            }
            List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).equals(identity)) {
                LOG.log(System.Logger.Level.INFO, () -> journal + " is of another restore; starting anew");
                return done;
            }
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.strip().split(" ");
                if (f.length == 2) { // a line cut by a crash is not a piece on disk
                    done.add(new ByteRange(Long.parseLong(f[0]), Long.parseLong(f[1])));
                }
            }
            return done;
        } catch (IOException | NumberFormatException e) {
            LOG.log(System.Logger.Level.WARNING, () -> "cannot read " + journal + " (" + e + "); starting anew");
            return new HashSet<>();
        } finally {
            if (done.isEmpty()) {
                deleteQuietly(journal);
                deleteQuietly(work);
            }
        }
    }

    /** {@code ranges} cut into pieces of at most {@link #PIECE_BYTES}. */
    static List<ByteRange> pieces(List<ByteRange> ranges) {
        List<ByteRange> pieces = new ArrayList<>();
        for (ByteRange r : ranges) {
            for (long at = r.offsetBytes(); at < r.endExclusive(); at += PIECE_BYTES) {
                pieces.add(new ByteRange(at, Math.min(PIECE_BYTES, r.endExclusive() - at)));
            }
        }
        return pieces;
    }

    /** Tells one list of pieces from another (same JVM or not): journals of other plans are not resumed. */
    private static long fingerprint(List<ByteRange> pieces) {
        long h = 17;
        for (ByteRange p : pieces) {
            h = h * 1_000_003L + p.offsetBytes();
            h = h * 1_000_003L + p.lengthBytes();
        }
        return h;
    }

    private static long kept(Set<ByteRange> done) {
        return done.stream().mapToLong(ByteRange::lengthBytes).sum();
    }

    private static Path beside(Path target, String suffix) {
        Path abs = target.toAbsolutePath();
        return abs.resolveSibling(abs.getFileName() + suffix);
    }

    private static boolean isFull(IOException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("No space left") || m.contains("Disk quota exceeded");
    }

    private static void fetch(RangeReader source, ByteRange range, FileChannel channel) {
        Positioned out = new Positioned(channel, range.offsetBytes());
        try {
            source.read(range, out);
        } catch (IOException e) {
            if (out.failed != null) {
                throw new GatewayException(
                        isFull(out.failed) ? Reason.STORAGE_FULL : Reason.IO,
                        "cannot write " + range + " of " + source.describe() + " to disk: " + out.failed.getMessage(),
                        out.failed);
            }
            Reason reason = e.getCause() instanceof GatewayException g ? g.reason() : Reason.IO;
            throw new GatewayException(
                    reason, "cannot restore " + range + " of " + source.describe() + ": " + e.getMessage(), e);
        }
        if (out.at != range.endExclusive()) {
            throw new GatewayException(
                    Reason.UNAVAILABLE,
                    "cannot restore " + range + " of " + source.describe() + ": " + (out.at - range.offsetBytes())
                            + " of " + range.lengthBytes() + " bytes arrived");
        }
    }

    private static void writeAt(FileChannel channel, long offset, ByteBuffer bytes) throws IOException {
        long at = offset;
        while (bytes.hasRemaining()) {
            at += channel.write(bytes, at);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, () -> "cannot remove " + file + ": " + e);
        }
    }

    /** An output stream that writes a channel from a position on; remembers a write that failed. */
    private static final class Positioned extends OutputStream {
        private final FileChannel channel;
        private long at;
        private IOException failed;

        Positioned(FileChannel channel, long at) {
            this.channel = channel;
            this.at = at;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                writeAt(channel, at, ByteBuffer.wrap(b, off, len));
            } catch (IOException e) {
                failed = e;
                throw e;
            }
            at += len;
        }
    }
}
