package gateway.proxy.probe;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Rewrites the movie box of a QuickTime file in place, for the writers that patch what qtmux
 * wrote (the reel name, the channel layouts). The movie box must be the last box of the file
 * (qtmux's default): it may grow or shrink and no sample moves, so no chunk offset changes.
 */
final class MovieBoxRewrite {
    private MovieBoxRewrite() {}

    /** Replaces the movie box of {@code movie} by {@code patch} applied to it (header included); {@code what} names the change in errors. */
    static void rewrite(Path movie, String what, UnaryOperator<byte[]> patch) {
        String where = movie.getFileName().toString();
        try (FileChannel ch = FileChannel.open(movie, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long[] moov = lastMovieBox(ch, where, what);
            ByteBuffer bytes = ByteBuffer.allocate((int) moov[1]);
            ch.read(bytes, moov[0]);
            byte[] patched = patch.apply(bytes.array());
            ch.truncate(moov[0]);
            ByteBuffer out = ByteBuffer.wrap(patched);
            long pos = moov[0];
            while (out.hasRemaining()) {
                pos += ch.write(out, pos);
            }
            ch.force(true);
        } catch (IOException e) {
            throw GatewayException.io(where + ": cannot write " + what + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code moovBox} with the bytes {@code [cutStart, cutEnd)} replaced by {@code insert}, and the
     * size of every box of {@code chain} (the boxes that hold the cut, outermost first, each a box
     * parsed from {@code moovBox}) changed by the difference.
     */
    static byte[] splice(byte[] moovBox, List<Box> chain, int cutStart, int cutEnd, byte[] insert, String where) {
        int delta = insert.length - (cutEnd - cutStart);
        ByteBuffer out = ByteBuffer.allocate(moovBox.length + delta).order(ByteOrder.BIG_ENDIAN);
        out.put(moovBox, 0, cutStart).put(insert).put(moovBox, cutEnd, moovBox.length - cutEnd);
        for (Box b : chain) {
            int header = b.payload().arrayOffset() - 8;
            long size = Integer.toUnsignedLong(out.getInt(header));
            if (size != b.payload().limit() + 8L) {
                throw new GatewayException(
                        Reason.UNSUPPORTED, where + ": box '" + b.type() + "' has a 64-bit size; cannot grow it");
            }
            out.putInt(header, (int) (size + delta));
        }
        return out.array();
    }

    /** Offset and size of the movie box, which must be the last box. */
    private static long[] lastMovieBox(FileChannel ch, String where, String what) throws IOException {
        long size = ch.size();
        long offset = 0;
        long[] moov = null;
        ByteBuffer h = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN);
        while (offset + 8 <= size) {
            h.clear();
            ch.read(h, offset);
            long boxSize = Integer.toUnsignedLong(h.getInt(0));
            String type = Box.fourcc(h.getInt(4));
            if (boxSize == 1) {
                ByteBuffer l = ByteBuffer.allocate(8);
                ch.read(l, offset + 8);
                boxSize = l.getLong(0);
            } else if (boxSize == 0) {
                boxSize = size - offset;
            }
            if (boxSize < 8 || offset + boxSize > size) {
                throw Box.corrupt(where, "box '" + type + "' at byte " + offset + " has a bad size " + boxSize);
            }
            if (type.equals("moov")) {
                moov = new long[] {offset, boxSize};
            } else if (moov != null && !isPadding(type)) {
                moov = null; // samples follow the movie box: it cannot grow in place
            }
            if (type.equals("moov") && boxSize > Integer.MAX_VALUE) {
                throw new GatewayException(Reason.UNSUPPORTED, where + ": movie box too large to rewrite");
            }
            offset += boxSize;
        }
        if (moov == null) {
            throw new GatewayException(
                    Reason.UNSUPPORTED,
                    where + ": the movie box is not the last box; cannot add " + what + " in place");
        }
        return moov;
    }

    private static boolean isPadding(String type) {
        return type.equals("free") || type.equals("skip");
    }
}
