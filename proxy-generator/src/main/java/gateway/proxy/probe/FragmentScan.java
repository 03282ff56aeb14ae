package gateway.proxy.probe;

import gateway.model.asset.FragmentIndex;
import gateway.model.asset.FragmentIndex.Fragment;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link FragmentIndex} of a fragmented MP4 written by mp4mux by reading its boxes: the
 * initialisation segment is everything before the first moof (ftyp, moov, uuid ...), and a fragment
 * starts at a moof of the video track (the first one right after the initialisation segment) and
 * runs to the next one. Ingest runs this once per rendition and stores the result beside it ({@code
 * stream/<profile>.index.json}); the node reads that file rather than scanning again.
 */
public final class FragmentScan {
    private FragmentScan() {}

    /** Reads the index from the boxes of {@code file}. */
    public static FragmentIndex scan(Path file) {
        String where = file.getFileName().toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return scan(ch, where);
        } catch (NoSuchFileException e) {
            throw GatewayException.notFound(where + ": no such file");
        } catch (IOException e) {
            throw GatewayException.io(where + ": cannot read it: " + e.getMessage(), e);
        }
    }

    private static FragmentIndex scan(FileChannel ch, String where) throws IOException {
        long size = ch.size();
        long offset = 0;
        long initEnd = -1;
        long firstMoof = -1;
        long videoTrack = -1;
        long timescale = 0;
        long defaultDuration = 0;
        List<long[]> starts = new ArrayList<>(); // {moof offset, samples}
        Map<Long, Long> durations = new HashMap<>();
        long end = size;
        while (offset + 8 <= size) {
            ByteBuffer h = read(ch, offset, (int) Math.min(16, size - offset), where);
            long boxSize = Integer.toUnsignedLong(h.getInt(0));
            String type = Box.fourcc(h.getInt(4));
            int header = 8;
            if (boxSize == 1) {
                boxSize = h.getLong(8);
                header = 16;
            } else if (boxSize == 0) {
                boxSize = size - offset;
            }
            if (boxSize < header || offset + boxSize > size) {
                throw Box.corrupt(where, "truncated: box '" + type + "' at byte " + offset + " runs past the end");
            }
            if (type.equals("moov")) {
                initEnd = offset + boxSize;
                Box moov = new Box("moov", read(ch, offset + header, (int) (boxSize - header), where));
                long[] video = videoTrack(moov, where);
                videoTrack = video[0];
                timescale = video[1];
                defaultDuration = video[2];
            } else if (type.equals("moof") && videoTrack >= 0) {
                if (firstMoof < 0) {
                    firstMoof = offset;
                }
                Box moof = new Box("moof", read(ch, offset + header, (int) (boxSize - header), where));
                long samples = videoSamples(moof, videoTrack, defaultDuration, durations, where);
                if (samples > 0) {
                    starts.add(new long[] {offset, samples});
                }
            } else if (type.equals("mfra")) {
                end = offset;
            }
            offset += boxSize;
        }
        if (initEnd < 0 || videoTrack < 0) {
            throw Box.corrupt(where, "no movie box with a video track");
        }
        if (starts.isEmpty()) {
            throw new GatewayException(Reason.UNSUPPORTED, where + ": not a fragmented MP4 (no video fragments)");
        }
        long dominant = durations.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElse(0L);
        if (dominant <= 0) {
            throw Box.corrupt(where, "video fragments carry no sample durations");
        }
        List<Fragment> fragments = new ArrayList<>();
        long frame = 0;
        for (int i = 0; i < starts.size(); i++) {
            long from = i == 0 ? firstMoof : starts.get(i)[0]; // audio muxed ahead of the first picture belongs to it
            long to = i + 1 < starts.size() ? starts.get(i + 1)[0] : end;
            fragments.add(new Fragment(frame, starts.get(i)[1], from, to - from));
            frame += starts.get(i)[1];
        }
        // Everything before the first fragment (ftyp, moov, uuid ...) is the initialisation segment.
        return new FragmentIndex(FrameRate.of(timescale, dominant), firstMoof, fragments);
    }

    /** {track id, timescale, trex default sample duration} of the first video track. */
    private static long[] videoTrack(Box moov, String where) {
        Map<Long, Long> trexDurations = new HashMap<>();
        for (Box mvex : moov.all("mvex", where)) {
            for (Box trex : mvex.all("trex", where)) {
                Box.Fields f = trex.fields(where);
                f.skip(4);
                long id = f.u32();
                f.skip(4);
                trexDurations.put(id, f.u32());
            }
        }
        for (Box trak : moov.all("trak", where)) {
            Box.Fields tkhd = trak.child("tkhd", where)
                    .orElseThrow(() -> Box.corrupt(where, "track without tkhd"))
                    .fields(where);
            int version = tkhd.u8();
            tkhd.skip(3 + (version == 1 ? 16 : 8));
            long id = tkhd.u32();
            Box mdia = trak.child("mdia", where).orElse(null);
            if (mdia == null) {
                continue;
            }
            Box.Fields hdlr = mdia.child("hdlr", where)
                    .orElseThrow(() -> Box.corrupt(where, "no hdlr"))
                    .fields(where);
            hdlr.skip(8);
            if (!hdlr.fourcc().equals("vide")) {
                continue;
            }
            Box.Fields mdhd = mdia.child("mdhd", where)
                    .orElseThrow(() -> Box.corrupt(where, "no mdhd"))
                    .fields(where);
            int v = mdhd.u8();
            mdhd.skip(3 + (v == 1 ? 16 : 8));
            return new long[] {id, mdhd.u32(), trexDurations.getOrDefault(id, 0L)};
        }
        throw Box.corrupt(where, "no video track");
    }

    private static long videoSamples(
            Box moof, long videoTrack, long trexDuration, Map<Long, Long> durations, String where) {
        long samples = 0;
        for (Box traf : moof.all("traf", where)) {
            Box.Fields tfhd = traf.child("tfhd", where)
                    .orElseThrow(() -> Box.corrupt(where, "traf without tfhd"))
                    .fields(where);
            tfhd.skip(1);
            int flags = (tfhd.u8() << 16) | tfhd.u16();
            if (tfhd.u32() != videoTrack) {
                continue;
            }
            if ((flags & 0x1) != 0) {
                tfhd.skip(8);
            }
            if ((flags & 0x2) != 0) {
                tfhd.skip(4);
            }
            long defaultDuration = (flags & 0x8) != 0 ? tfhd.u32() : trexDuration;
            for (Box trun : traf.all("trun", where)) {
                Box.Fields t = trun.fields(where);
                t.skip(1);
                int tf = (t.u8() << 16) | t.u16();
                long count = t.u32();
                if ((tf & 0x1) != 0) {
                    t.skip(4);
                }
                if ((tf & 0x4) != 0) {
                    t.skip(4);
                }
                for (long i = 0; i < count; i++) {
                    long d = (tf & 0x100) != 0 ? t.u32() : defaultDuration;
                    durations.merge(d, 1L, Long::sum);
                    t.skip(((tf & 0x200) != 0 ? 4 : 0) + ((tf & 0x400) != 0 ? 4 : 0) + ((tf & 0x800) != 0 ? 4 : 0));
                }
                samples += count;
            }
        }
        return samples;
    }

    private static ByteBuffer read(FileChannel ch, long offset, int count, String where) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(count).order(ByteOrder.BIG_ENDIAN);
        long pos = offset;
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) {
                throw Box.corrupt(where, "unexpected end of file at byte " + pos);
            }
            pos += n;
        }
        return b.flip();
    }
}
