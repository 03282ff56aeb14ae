package gateway.proxy.probe;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.proxy.probe.QuickTimeTrack.TimecodeEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the movie box of a QuickTime / ISO-BMFF file: tracks with their sample descriptions and
 * sample counts, the timecode track's description and first sample, and user-data tags. A box that
 * runs past the end of the file (a truncated copy) or a file without a movie box is CORRUPT.
 */
final class QuickTimeReader {
    /** Top-level box types that mark a file as ISO-BMFF when they open it. */
    static final Set<String> OPENING_TYPES = Set.of("ftyp", "moov", "mdat", "wide", "free", "skip", "pnot", "styp");

    private static final long MAX_MOOV_BYTES = 256L << 20;

    private final Path file;
    private final FileChannel channel;
    private final String where;

    QuickTimeReader(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
        this.where = file.getFileName().toString();
    }

    /** True when the first box of {@code head} is one an ISO-BMFF file starts with. */
    static boolean sniff(ByteBuffer head) {
        return head.remaining() >= 8
                && OPENING_TYPES.contains(
                        Box.fourcc(head.order(ByteOrder.BIG_ENDIAN).getInt(head.position() + 4)));
    }

    QuickTimeMovie read() throws IOException {
        long fileSize = channel.size();
        long offset = 0;
        String brand = "";
        ByteBuffer moov = null;
        boolean fragmented = false;
        ByteBuffer header = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN);
        while (offset + 8 <= fileSize) {
            header.clear().limit((int) Math.min(16, fileSize - offset));
            readFully(header, offset);
            header.flip();
            long size = Integer.toUnsignedLong(header.getInt());
            String type = Box.fourcc(header.getInt());
            int headerBytes = 8;
            if (size == 1) {
                if (header.remaining() < 8) {
                    throw Box.corrupt(where, "truncated: box '" + type + "' at byte " + offset + " lacks its size");
                }
                size = header.getLong();
                headerBytes = 16;
            } else if (size == 0) {
                size = fileSize - offset;
            }
            if (!isPrintable(type)) {
                throw Box.corrupt(where, "unreadable box type at byte " + offset + ": not a QuickTime box");
            }
            if (size < headerBytes) {
                throw Box.corrupt(where, "box '" + type + "' at byte " + offset + " has an impossible size " + size);
            }
            if (size > fileSize - offset) {
                throw Box.corrupt(
                        where,
                        "truncated: box '" + type + "' at byte " + offset + " needs " + size
                                + " bytes but the file ends " + (fileSize - offset) + " bytes later");
            }
            switch (type) {
                case "ftyp" ->
                    brand = readBytes(offset + headerBytes, Math.min(4, size - headerBytes))
                            .rest(StandardCharsets.ISO_8859_1);
                case "moov" -> {
                    if (size - headerBytes > MAX_MOOV_BYTES) {
                        throw new GatewayException(
                                Reason.RESOURCE_LIMIT,
                                where + ": movie box of " + size + " bytes exceeds the " + MAX_MOOV_BYTES
                                        + "-byte limit");
                    }
                    moov = ByteBuffer.allocate((int) (size - headerBytes));
                    readFully(moov, offset + headerBytes);
                    moov.flip();
                }
                case "moof" -> fragmented = true;
                default -> {}
            }
            offset += size;
        }
        if (moov == null) {
            throw Box.corrupt(where, "no movie box (moov): the file is incomplete or not a QuickTime/MP4 movie");
        }
        Box movie = new Box("moov", moov.order(ByteOrder.BIG_ENDIAN));
        List<QuickTimeTrack> tracks = new ArrayList<>();
        Map<String, String> tags = new LinkedHashMap<>();
        for (Box child : movie.children(where)) {
            switch (child.type()) {
                case "trak" -> tracks.add(track(child));
                case "udta" -> tags.putAll(UserData.read(child, where));
                case "meta" -> tags.putAll(UserData.meta(child, where + "/moov"));
                case "mvex" -> fragmented = true;
                default -> {}
            }
        }
        return new QuickTimeMovie(brand, List.copyOf(tracks), Map.copyOf(tags), fragmented);
    }

    private QuickTimeTrack track(Box trak) throws IOException {
        String at = where + "/moov/trak";
        Box mdia = require(trak.child("mdia", at), "mdia", at);
        at += "/mdia";
        Box.Fields mdhd = require(mdia.child("mdhd", at), "mdhd", at).fields(at);
        int version = mdhd.u8();
        mdhd.skip(3);
        long timescale;
        long duration;
        if (version == 1) {
            mdhd.skip(16);
            timescale = mdhd.u32();
            duration = mdhd.u64();
        } else {
            mdhd.skip(8);
            timescale = mdhd.u32();
            duration = mdhd.u32();
        }
        if (timescale == 0) {
            throw Box.corrupt(at, "track timescale is 0");
        }
        Box.Fields hdlr = require(mdia.child("hdlr", at), "hdlr", at).fields(at);
        hdlr.skip(8);
        String handler = hdlr.fourcc();
        Box minf = require(mdia.child("minf", at), "minf", at);
        at += "/minf";
        Box stbl = require(minf.child("stbl", at), "stbl", at);
        at += "/stbl";
        SampleTable table = SampleTable.read(stbl, handler, at);
        Map<String, String> tags = new HashMap<>();
        for (Box udta : trak.all("udta", where + "/moov/trak")) {
            tags.putAll(UserData.read(udta, where + "/moov/trak"));
        }
        TimecodeEntry tc = table.timecode();
        if (tc != null) {
            if (tc.reel() == null && tags.containsKey("name")) {
                tc = new TimecodeEntry(
                        tc.flags(), tc.timescale(), tc.frameDuration(), tc.framesPerSecond(), tags.get("name"), -1);
            }
            tc = tc.withStartCount(
                    table.sampleCount() > 0 && table.firstChunkOffset() >= 0
                            ? readBytes(table.firstChunkOffset(), 4).u32()
                            : -1);
        }
        return new QuickTimeTrack(
                handler,
                timescale,
                duration,
                table.format(),
                table.width(),
                table.height(),
                table.channels(),
                table.bitsPerSample(),
                table.sampleRate(),
                table.sampleCount(),
                table.dominantDelta(),
                table.variableDelta(),
                tc,
                table.firstChunkOffset(),
                Map.copyOf(tags));
    }

    private static Box require(java.util.Optional<Box> box, String type, String at) {
        return box.orElseThrow(() -> Box.corrupt(at, "missing '" + type + "' box"));
    }

    private Box.Fields readBytes(long offset, long count) throws IOException {
        if (offset < 0 || offset + count > channel.size()) {
            throw Box.corrupt(where, count + " bytes at " + offset + " lie past the end of the file");
        }
        ByteBuffer b = ByteBuffer.allocate((int) count);
        readFully(b, offset);
        b.flip();
        return new Box.Fields(b.order(ByteOrder.BIG_ENDIAN), where);
    }

    private void readFully(ByteBuffer buffer, long offset) throws IOException {
        long pos = offset;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, pos);
            if (n < 0) {
                throw Box.corrupt(where, "unexpected end of file at byte " + pos + " of " + file);
            }
            pos += n;
        }
    }

    private static boolean isPrintable(String type) {
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }
}
