package gateway.proxy.finish;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Retags the video sample description of a QuickTime movie in place: its four-character code and
 * its 32-byte compressor name, fields of fixed size, so no box grows and no sample moves. Used for
 * DNxHR masters, which GStreamer 1.22's {@code qtmux} can only carry through its ProRes input
 * ({@code apch}); QuickTime readers tell DNxHR by {@code AVdh} and decode the frames' own headers.
 */
final class QuickTimeSampleEntry {
    /** Header (8), reserved (6), data reference (2), version to frame count (34): the compressor name. */
    private static final int COMPRESSOR_NAME_OFFSET = 50;

    private static final int COMPRESSOR_NAME_BYTES = 32;

    private QuickTimeSampleEntry() {}

    /** Sets the four-character code and compressor name of the first video track's sample entry. */
    static void retagVideo(Path movie, String fourcc, String compressor) {
        String where = movie.getFileName().toString();
        byte[] code = fourcc.getBytes(StandardCharsets.US_ASCII);
        byte[] name = compressor.getBytes(StandardCharsets.US_ASCII);
        if (code.length != 4 || name.length >= COMPRESSOR_NAME_BYTES) {
            throw new GatewayException(Reason.INTERNAL, "sample entry '" + fourcc + "' / '" + compressor + "'");
        }
        try (FileChannel ch = FileChannel.open(movie, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long[] moov = find(ch, 0, ch.size(), "moov", where);
            long entry = videoEntry(ch, moov, where);
            ByteBuffer patch = ByteBuffer.allocate(COMPRESSOR_NAME_BYTES);
            patch.put((byte) name.length).put(name);
            ch.write(ByteBuffer.wrap(code), entry + 4);
            ch.write(patch.rewind(), entry + COMPRESSOR_NAME_OFFSET);
        } catch (IOException e) {
            throw GatewayException.io(where + ": cannot retag the video sample description: " + e.getMessage(), e);
        }
    }

    /** The file offset of the sample entry of the first track whose handler is {@code vide}. */
    private static long videoEntry(FileChannel ch, long[] moov, String where) throws IOException {
        long at = moov[0];
        while (at < moov[1]) {
            long[] trak = find(ch, at, moov[1], "trak", where);
            at = trak[2];
            long[] mdia = find(ch, trak[0], trak[1], "mdia", where);
            long[] hdlr = find(ch, mdia[0], mdia[1], "hdlr", where);
            if (!"vide".equals(fourcc(ch, hdlr[0] + 8))) {
                continue;
            }
            long[] minf = find(ch, mdia[0], mdia[1], "minf", where);
            long[] stbl = find(ch, minf[0], minf[1], "stbl", where);
            long[] stsd = find(ch, stbl[0], stbl[1], "stsd", where);
            return stsd[0] + 8; // version and flags, entry count: the first entry follows
        }
        throw corrupt(where, "the movie has no video track");
    }

    /**
     * The first box of {@code type} among the boxes in {@code [from, to)}: {payload start, payload
     * end, box end}. CORRUPT when there is none or a size runs outside the parent.
     */
    private static long[] find(FileChannel ch, long from, long to, String type, String where) throws IOException {
        long at = from;
        while (at + 8 <= to) {
            ByteBuffer head = read(ch, at, 16);
            long size = Integer.toUnsignedLong(head.getInt(0));
            String t = new String(head.array(), 4, 4, StandardCharsets.ISO_8859_1);
            long header = 8;
            if (size == 1) {
                size = head.getLong(8);
                header = 16;
            } else if (size == 0) {
                size = to - at;
            }
            if (size < header || at + size > to) {
                throw corrupt(where, "box '" + t + "' at byte " + at + " has size " + size);
            }
            if (t.equals(type)) {
                return new long[] {at + header, at + size, at + size};
            }
            at += size;
        }
        throw corrupt(where, "no '" + type + "' box between bytes " + from + " and " + to);
    }

    private static String fourcc(FileChannel ch, long at) throws IOException {
        return new String(read(ch, at, 4).array(), StandardCharsets.ISO_8859_1);
    }

    private static ByteBuffer read(FileChannel ch, long at, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) {
                break;
            }
        }
        return b;
    }

    private static GatewayException corrupt(String where, String problem) {
        return new GatewayException(Reason.CORRUPT, where + ": " + problem);
    }
}
