package gateway.proxy.probe;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a channel layout ({@code chan} box, Apple's AudioChannelLayout) into every sound sample
 * description of a QuickTime movie. GStreamer's qtmux writes none, so NLEs and ffmpeg see each
 * track's channels as "unknown" (qtmux also refuses a positioned mask on more than two channels).
 * A one-channel track is marked mono, a two-channel track stereo; a track of N more channels gets
 * the channel bitmap of the first N WAVE positions (L R C LFE Ls Rs Lc Rc ...), the default
 * order GStreamer and ffmpeg assume for channels that carry no positions, so that the mask is
 * never empty. The movie box must be the last box (see {@link MovieBoxRewrite}).
 */
public final class QuickTimeChannelLayouts {
    /** kAudioChannelLayoutTag_UseChannelBitmap. */
    static final int USE_BITMAP = 1 << 16;
    /** kAudioChannelLayoutTag_Mono: (100 << 16) | 1. */
    static final int MONO = (100 << 16) | 1;
    /** kAudioChannelLayoutTag_Stereo: (101 << 16) | 2. */
    static final int STEREO = (101 << 16) | 2;
    /** The bitmap has 18 defined positions. */
    private static final int MAX_BITMAP_CHANNELS = 18;

    private QuickTimeChannelLayouts() {}

    /** Writes (or replaces) the layout of every sound track of {@code movie}; returns how many tracks it marked. */
    public static int write(java.nio.file.Path movie) {
        String where = movie.getFileName().toString();
        int[] marked = {0};
        MovieBoxRewrite.rewrite(movie, "the audio channel layouts", moov -> {
            byte[] out = moov;
            // each pass re-parses the grown box and marks the next sound track that lacks its layout
            for (int track = 0; ; track++) {
                byte[] next = markTrack(out, track, where);
                if (next == null) {
                    break;
                }
                out = next;
                marked[0]++;
            }
            return out;
        });
        return marked[0];
    }

    /** The layout tag and bitmap for {@code channels} channels. */
    static int[] layout(int channels) {
        return switch (channels) {
            case 1 -> new int[] {MONO, 0};
            case 2 -> new int[] {STEREO, 0};
            default -> new int[] {USE_BITMAP, (int) ((1L << Math.min(channels, MAX_BITMAP_CHANNELS)) - 1)};
        };
    }

    /** {@code moovBox} with the {@code index}-th sound track's layout written, or null when it has fewer sound tracks. */
    private static byte[] markTrack(byte[] moovBox, int index, String where) {
        Box moov = Box.sequence(ByteBuffer.wrap(moovBox), where).get(0);
        int seen = 0;
        for (Box trak : moov.all("trak", where)) {
            Box mdia = trak.child("mdia", where).orElse(null);
            Box minf = mdia == null ? null : mdia.child("minf", where).orElse(null);
            Box stbl = minf == null ? null : minf.child("stbl", where).orElse(null);
            Box stsd = stbl == null ? null : stbl.child("stsd", where).orElse(null);
            if (stsd == null || minf.child("smhd", where).isEmpty()) {
                continue;
            }
            List<Box> entries = stsd.children(8, where);
            if (entries.isEmpty()) {
                continue;
            }
            if (seen++ != index) {
                continue;
            }
            Box entry = entries.get(0);
            int[] fields = soundFields(entry, where);
            int childrenAt = fields[0];
            int channels = fields[1];
            List<Box> chain = new ArrayList<>(List.of(moov, trak, mdia, minf, stbl, stsd, entry));
            Box old = entry.children(childrenAt, where).stream()
                    .filter(b -> b.type().equals("chan"))
                    .findFirst()
                    .orElse(null);
            int cutStart;
            int cutEnd;
            if (old != null) {
                cutStart = old.payload().arrayOffset() - 8;
                cutEnd = old.payload().arrayOffset() + old.payload().limit();
            } else {
                cutStart = entry.payload().arrayOffset() + entry.payload().limit();
                cutEnd = cutStart;
            }
            return MovieBoxRewrite.splice(moovBox, chain, cutStart, cutEnd, chanBox(channels), where);
        }
        return null;
    }

    /** Where the sound sample entry's child boxes start and its channel count (versions 0, 1 and 2). */
    private static int[] soundFields(Box entry, String where) {
        Box.Fields f = entry.fields(where).skip(8);
        int version = f.u16();
        f.skip(6); // revision, vendor
        int channels = f.u16();
        f.skip(10); // sample size, compression id, packet size, sample rate
        return switch (version) {
            case 0 -> new int[] {28, channels};
            case 1 -> new int[] {44, channels};
            case 2 -> {
                f.skip(12); // size of the struct, sample rate as a double
                yield new int[] {64, (int) f.u32()};
            }
            default ->
                throw new GatewayException(
                        Reason.UNSUPPORTED,
                        where + ": sound sample description version " + version + "; cannot add a channel layout");
        };
    }

    private static byte[] chanBox(int channels) {
        int[] layout = layout(channels);
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.BIG_ENDIAN);
        b.putInt(24).put("chan".getBytes(StandardCharsets.ISO_8859_1));
        b.putInt(0); // version and flags
        b.putInt(layout[0]).putInt(layout[1]).putInt(0); // tag, bitmap, no channel descriptions
        return b.array();
    }
}
