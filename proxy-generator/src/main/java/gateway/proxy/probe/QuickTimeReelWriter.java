package gateway.proxy.probe;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
        MovieBoxRewrite.rewrite(movie, "the reel name", moov -> patch(moov, text, where));
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
            return MovieBoxRewrite.splice(moovBox, chain, cutStart, cutEnd, name.array(), where);
        }
        throw new GatewayException(Reason.UNSUPPORTED, where + ": no timecode track to carry a reel name");
    }
}
