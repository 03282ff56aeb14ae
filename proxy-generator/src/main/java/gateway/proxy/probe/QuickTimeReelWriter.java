package gateway.proxy.probe;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the reel (source) name into the timecode track of a QuickTime movie, where Premiere,
 * Resolve and Media Composer read it: the {@code name} box of the tmcd sample description.
 * GStreamer's qtmux always writes "Tape" there. The movie box must be the last box of the file
 * (qtmux's default): it grows in place and no sample moves.
 */
public final class QuickTimeReelWriter {
    private static final int MAX_REEL_BYTES = 255;

    private QuickTimeReelWriter() {}

    public static void write(Path movie, String reel) {
        byte[] text = reel.getBytes(StandardCharsets.UTF_8);
        if (text.length == 0 || text.length > MAX_REEL_BYTES) {
            throw GatewayException.invalid("reel '" + reel + "' must be 1-" + MAX_REEL_BYTES + " bytes");
        }
        rewrite(movie, text);
    }

    /**
     * Removes the reel name from the timecode track (qtmux's "Tape"), so that the proxy of an
     * original without a reel has none either.
     */
    public static void clear(Path movie) {
        rewrite(movie, null);
    }

    /** {@code text} null: no name box. */
    private static void rewrite(Path movie, byte[] text) {
        String where = movie.getFileName().toString();
        try (FileChannel ch = FileChannel.open(movie, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long[] moov = lastMovieBox(ch, where);
            ByteBuffer bytes = ByteBuffer.allocate((int) moov[1]);
            ch.read(bytes, moov[0]);
            byte[] patched = patch(bytes.array(), text, where);
            ch.truncate(moov[0]);
            ByteBuffer out = ByteBuffer.wrap(patched);
            long pos = moov[0];
            while (out.hasRemaining()) {
                pos += ch.write(out, pos);
            }
            ch.force(true);
        } catch (IOException e) {
            throw GatewayException.io(where + ": cannot write the reel name: " + e.getMessage(), e);
        }
    }

    /** Offset and size of the movie box, which must be the last box. */
    private static long[] lastMovieBox(FileChannel ch, String where) throws IOException {
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
                    Reason.UNSUPPORTED, where + ": the movie box is not the last box; cannot add a reel name in place");
        }
        return moov;
    }

    private static boolean isPadding(String type) {
        return type.equals("free") || type.equals("skip");
    }

    /** The movie box with the tmcd entry's name box replaced by {@code reel} (null: removed). */
    private static byte[] patch(byte[] moovBox, byte[] reel, String where) {
        Box moov = Box.sequence(ByteBuffer.wrap(moovBox), where).get(0);
        for (Box trak : moov.all("trak", where)) {
            List<Box> chain = new ArrayList<>(List.of(moov, trak));
            Box mdia = trak.child("mdia", where).orElse(null);
            if (mdia == null) {
                continue;
            }
            Box stbl = mdia.child("minf", where)
                    .flatMap(m -> m.child("stbl", where))
                    .orElse(null);
            Box minf = mdia.child("minf", where).orElse(null);
            Box stsd = stbl == null ? null : stbl.child("stsd", where).orElse(null);
            if (stsd == null) {
                continue;
            }
            List<Box> entries = stsd.children(8, where);
            if (entries.isEmpty() || !entries.get(0).type().equals("tmcd")) {
                continue;
            }
            Box tmcd = entries.get(0);
            chain.addAll(List.of(mdia, minf, stbl, stsd, tmcd));
            Box oldName = tmcd.children(26, where).stream()
                    .filter(b -> b.type().equals("name"))
                    .findFirst()
                    .orElse(null);
            int cutStart;
            int cutEnd;
            if (oldName != null) {
                cutStart = oldName.payload().arrayOffset() - 8;
                cutEnd = oldName.payload().arrayOffset() + oldName.payload().limit();
            } else {
                cutStart = tmcd.payload().arrayOffset() + tmcd.payload().limit();
                cutEnd = cutStart;
            }
            ByteBuffer name =
                    ByteBuffer.allocate(reel == null ? 0 : 12 + reel.length).order(ByteOrder.BIG_ENDIAN);
            if (reel != null) {
                name.putInt(12 + reel.length).put("name".getBytes(StandardCharsets.ISO_8859_1));
                name.putShort((short) reel.length).putShort((short) 0).put(reel);
            }
            int delta = name.capacity() - (cutEnd - cutStart);
            ByteBuffer out = ByteBuffer.allocate(moovBox.length + delta).order(ByteOrder.BIG_ENDIAN);
            out.put(moovBox, 0, cutStart).put(name.array()).put(moovBox, cutEnd, moovBox.length - cutEnd);
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
        throw new GatewayException(Reason.UNSUPPORTED, where + ": no timecode track to carry a reel name");
    }
}
