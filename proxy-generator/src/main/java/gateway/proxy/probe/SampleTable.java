package gateway.proxy.probe;

import gateway.proxy.probe.QuickTimeTrack.TimecodeEntry;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The parts of a track's sample table (stbl) the probe uses: the first sample description (codec,
 * picture size, audio layout or timecode description), the sample count and durations (stts) and
 * the offset of the first chunk (stco / co64).
 */
record SampleTable(
        String format,
        int width,
        int height,
        int channels,
        int bitsPerSample,
        long sampleRate,
        TimecodeEntry timecode,
        long sampleCount,
        long dominantDelta,
        boolean variableDelta,
        long firstChunkOffset) {

    /** Bytes of a visual sample entry before its child boxes. */
    private static final int VISUAL_ENTRY_BYTES = 78;
    /** Bytes of a timecode sample entry before its child boxes. */
    private static final int TIMECODE_ENTRY_BYTES = 26;

    static SampleTable read(Box stbl, String handler, String at) {
        Box stsd = stbl.child("stsd", at).orElseThrow(() -> Box.corrupt(at, "missing 'stsd' box"));
        java.util.List<Box> entries = stsd.children(8, at);
        if (entries.isEmpty()) {
            throw Box.corrupt(at + "/stsd", "no sample description");
        }
        Box entry = entries.get(0);
        String format = entry.type();
        String entryAt = at + "/stsd/" + format;
        int width = 0;
        int height = 0;
        int channels = 0;
        int bits = 0;
        long rate = 0;
        TimecodeEntry timecode = null;
        Box.Fields f = entry.fields(at + "/stsd");
        if (format.equals("tmcd")) {
            f.skip(8 + 4);
            long flags = f.u32();
            long timescale = f.u32();
            long frameDuration = f.u32();
            int fps = f.u8();
            String reel = null;
            for (Box child : entry.children(TIMECODE_ENTRY_BYTES, entryAt)) {
                if (child.type().equals("name")) {
                    reel = nameBox(child, entryAt);
                }
            }
            timecode = new TimecodeEntry(flags, timescale, frameDuration, fps, reel, -1);
        } else if (handler.equals("vide") && entry.payload().limit() >= VISUAL_ENTRY_BYTES) {
            f.skip(8 + 16);
            width = f.u16();
            height = f.u16();
        } else if (handler.equals("soun") && entry.payload().limit() >= 28) {
            f.skip(8);
            int version = f.u16();
            f.skip(6);
            channels = f.u16();
            bits = f.u16();
            f.skip(4);
            rate = f.u32() >>> 16;
            if (version == 2) {
                f.skip(4);
                rate = Math.round(f.f64());
                channels = (int) f.u32();
                f.skip(4);
                bits = (int) f.u32();
            }
        }
        long count = 0;
        long dominant = 0;
        boolean variable = false;
        java.util.Optional<Box> stts = stbl.child("stts", at);
        if (stts.isPresent()) {
            Box.Fields t = stts.get().fields(at);
            t.skip(4);
            long n = t.u32();
            Map<Long, Long> byDelta = new HashMap<>();
            long lastDelta = -1;
            long lastCount = 0;
            for (long i = 0; i < n; i++) {
                long c = t.u32();
                long d = t.u32();
                count += c;
                byDelta.merge(d, c, Long::sum);
                lastDelta = d;
                lastCount = c;
            }
            dominant = byDelta.entrySet().stream()
                    .max(Map.Entry.comparingByValue())
                    .map(Map.Entry::getKey)
                    .orElse(0L);
            // One odd last sample is a muxer's rounding of the end, not a variable rate.
            long odd = byDelta.size() - (byDelta.size() > 1 && lastCount == 1 && lastDelta != dominant ? 1 : 0);
            variable = odd > 1;
        }
        return new SampleTable(
                format, width, height, channels, bits, rate, timecode, count, dominant, variable, firstChunk(stbl, at));
    }

    private static long firstChunk(Box stbl, String at) {
        java.util.Optional<Box> stco = stbl.child("stco", at);
        if (stco.isPresent()) {
            Box.Fields c = stco.get().fields(at);
            c.skip(4);
            return c.u32() > 0 ? c.u32() : -1;
        }
        java.util.Optional<Box> co64 = stbl.child("co64", at);
        if (co64.isPresent()) {
            Box.Fields c = co64.get().fields(at);
            c.skip(4);
            return c.u32() > 0 ? c.u64() : -1;
        }
        return -1;
    }

    /** A QuickTime 'name' box: a 16-bit length, a 16-bit language code, then the text. */
    static String nameBox(Box name, String at) {
        Box.Fields n = name.fields(at);
        if (n.remaining() >= 4) {
            int length = n.u16();
            n.skip(2);
            if (length <= n.remaining()) {
                String text = n.text(length, StandardCharsets.UTF_8).trim();
                return text.isEmpty() ? null : text;
            }
        }
        String raw = name.fields(at).rest(StandardCharsets.UTF_8).trim();
        return raw.isEmpty() ? null : raw;
    }
}
