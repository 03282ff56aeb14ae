package gateway.proxy.probe;

import gateway.model.storage.ByteRange;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where every sample of one QuickTime / ISO-BMFF track lies and when it plays, from its sample
 * table: sizes (stsz), chunks (stsc, stco / co64), decode times (stts), composition offsets (ctts)
 * and sync samples (stss; without one every sample is a key frame). Samples are numbered from 0 in
 * decode order. Read from a movie box held in memory, so that restores can plan the byte ranges of a
 * frame range before any sample data is fetched. Constant-size tracks (PCM sound: millions of
 * samples) are never expanded sample by sample.
 */
public final class QuickTimeSamples {
    /** Samples of a track whose composition offsets are expanded one by one (a day of 240 fps video). */
    private static final int MAX_EXPANDED_SAMPLES = 24 * 3600 * 240;

    private final String handler;
    private final String format;
    private final long timescale;
    private final int count;
    private final long constantSize;
    private final int[] sizes;
    private final long[] sampleOffsets;
    private final long[] chunkOffsets;
    private final long[] chunkFirstSample;
    private final long[] sttsFirstSample;
    private final long[] sttsFirstTime;
    private final long[] sttsDelta;
    private final int[] compositionOffsets;
    private final int[] syncSamples;
    private final long editMediaTime;

    private QuickTimeSamples(
            String handler,
            String format,
            long timescale,
            int count,
            long constantSize,
            int[] sizes,
            long[] chunkOffsets,
            long[] chunkFirstSample,
            long[][] stts,
            int[] compositionOffsets,
            int[] syncSamples,
            long editMediaTime) {
        this.handler = handler;
        this.format = format;
        this.timescale = timescale;
        this.count = count;
        this.constantSize = constantSize;
        this.sizes = sizes;
        this.chunkOffsets = chunkOffsets;
        this.chunkFirstSample = chunkFirstSample;
        this.sttsFirstSample = stts[0];
        this.sttsFirstTime = stts[1];
        this.sttsDelta = stts[2];
        this.compositionOffsets = compositionOffsets;
        this.syncSamples = syncSamples;
        this.editMediaTime = editMediaTime;
        this.sampleOffsets = sizes == null ? null : expandOffsets();
    }

    /** True when {@code head} (the file's first bytes) opens with a QuickTime / ISO-BMFF box. */
    public static boolean sniff(ByteBuffer head) {
        return QuickTimeReader.sniff(head);
    }

    /** The four-character code at {@code buffer}'s absolute index {@code at} (big-endian). */
    public static String fourcc(ByteBuffer buffer, int at) {
        return Box.fourcc(buffer.order(ByteOrder.BIG_ENDIAN).getInt(at));
    }

    /** The sample maps of every track of a movie box's payload (the bytes after its 8- or 16-byte header). */
    public static List<QuickTimeSamples> read(ByteBuffer moovPayload, String where) {
        Box movie = new Box("moov", moovPayload.slice().order(ByteOrder.BIG_ENDIAN));
        List<QuickTimeSamples> tracks = new ArrayList<>();
        for (Box trak : movie.all("trak", where)) {
            tracks.add(track(trak, where + "/moov/trak"));
        }
        return List.copyOf(tracks);
    }

    public String handler() {
        return handler;
    }

    /** The first sample description's four-character code ("apch", "avc1", "sowt", "tmcd"). */
    public String format() {
        return format;
    }

    public boolean isVideo() {
        return handler.equals("vide");
    }

    public boolean isSound() {
        return handler.equals("soun");
    }

    public boolean isTimecode() {
        return handler.equals("tmcd") || format.equals("tmcd");
    }

    public long timescale() {
        return timescale;
    }

    public int sampleCount() {
        return count;
    }

    /** True when every sample is a key frame (no stss box: intra-only codecs, PCM, timecode). */
    public boolean allSync() {
        return syncSamples == null;
    }

    /** The last key frame at or before sample {@code sample} (decode order). */
    public int syncAtOrBefore(int sample) {
        if (syncSamples == null) {
            return sample;
        }
        int i = Arrays.binarySearch(syncSamples, sample);
        if (i >= 0) {
            return sample;
        }
        int before = -i - 2;
        return before < 0 ? 0 : syncSamples[before];
    }

    /** When sample {@code sample} is decoded, in the track's timescale. */
    public long decodeTime(int sample) {
        int e = entryOf(sttsFirstSample, sample);
        return sttsFirstTime[e] + (sample - sttsFirstSample[e]) * sttsDelta[e];
    }

    /** When sample {@code sample} is shown: its decode time plus its composition offset. */
    public long presentationTime(int sample) {
        return decodeTime(sample) + (compositionOffsets == null ? 0 : compositionOffsets[sample]);
    }

    /** The first sample (decode order) whose decode time is at or after {@code time} (count when none is). */
    public int firstSampleAtOrAfter(long time) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (decodeTime(mid) < time) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The sample playing at {@code time}: the last whose decode time is at or before it (0 before the first). */
    public int sampleAt(long time) {
        return Math.max(0, firstSampleAtOrAfter(time + 1) - 1);
    }

    /**
     * Where the edit list starts playing the media, in the track's timescale (-1 without one): a
     * player shows nothing before it, so the first frame it numbers is the first shown from there.
     */
    public long editMediaTime() {
        return editMediaTime;
    }

    /** The sample numbers in presentation order: element n is the sample shown n-th. */
    public int[] presentationOrder() {
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(presentationTime(a), presentationTime(b)));
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }

    /** The first sample of the chunk that holds {@code sample}. */
    public int chunkStart(int sample) {
        return (int) chunkFirstSample[entryOf(chunkFirstSample, sample)];
    }

    /** One past the last sample of the chunk that holds {@code sample}. */
    public int chunkEnd(int sample) {
        int c = entryOf(chunkFirstSample, sample);
        return (int) (c + 1 < chunkFirstSample.length ? Math.min(count, chunkFirstSample[c + 1]) : count);
    }

    /** The largest composition offset (how far pictures are shown after they are decoded), 0 without ctts. */
    public long maxCompositionOffset() {
        if (compositionOffsets == null) {
            return 0;
        }
        long max = 0;
        for (int o : compositionOffsets) {
            max = Math.max(max, o);
        }
        return max;
    }

    /** The most common sample duration (stts), in the track's timescale. */
    public long dominantDelta() {
        long best = 0;
        long bestCount = -1;
        for (int e = 0; e < sttsDelta.length; e++) {
            long n = (e + 1 < sttsFirstSample.length ? sttsFirstSample[e + 1] : count) - sttsFirstSample[e];
            if (n > bestCount) {
                best = sttsDelta[e];
                bestCount = n;
            }
        }
        return best;
    }

    public long offsetOf(int sample) {
        if (sampleOffsets != null) {
            return sampleOffsets[sample];
        }
        int c = entryOf(chunkFirstSample, sample);
        return chunkOffsets[c] + (sample - chunkFirstSample[c]) * constantSize;
    }

    public long sizeOf(int sample) {
        return sizes == null ? constantSize : sizes[sample];
    }

    /**
     * The bytes of samples {@code [from, to)} (decode order), one range per run of them that lies
     * contiguously in one chunk, in file order, touching ranges merged.
     */
    public List<ByteRange> bytesOf(int from, int to) {
        List<ByteRange> ranges = new ArrayList<>();
        int s = Math.max(0, from);
        int end = Math.min(count, to);
        while (s < end) {
            int c = entryOf(chunkFirstSample, s);
            long chunkEnd = c + 1 < chunkFirstSample.length ? chunkFirstSample[c + 1] : count;
            int last = (int) Math.min(end, chunkEnd) - 1;
            long start = offsetOf(s);
            long stop = offsetOf(last) + sizeOf(last);
            ranges.add(new ByteRange(start, stop - start));
            s = last + 1;
        }
        return ranges;
    }

    private long[] expandOffsets() {
        long[] offsets = new long[count];
        for (int c = 0; c < chunkOffsets.length; c++) {
            long at = chunkOffsets[c];
            long end = c + 1 < chunkFirstSample.length ? chunkFirstSample[c + 1] : count;
            for (long s = chunkFirstSample[c]; s < end && s < count; s++) {
                offsets[(int) s] = at;
                at += sizes[(int) s];
            }
        }
        return offsets;
    }

    /** The entry of a table of first samples (ascending) that holds {@code sample}. */
    private static int entryOf(long[] firstSamples, long sample) {
        int i = Arrays.binarySearch(firstSamples, sample);
        if (i >= 0) {
            while (i + 1 < firstSamples.length && firstSamples[i + 1] == sample) {
                i++; // empty chunks share a first sample: the last of them holds it
            }
            return i;
        }
        return Math.max(0, -i - 2);
    }

    private static QuickTimeSamples track(Box trak, String at) {
        Box mdia = require(trak.child("mdia", at), "mdia", at);
        String mdiaAt = at + "/mdia";
        Box.Fields mdhd = require(mdia.child("mdhd", mdiaAt), "mdhd", mdiaAt).fields(mdiaAt);
        int version = mdhd.u8();
        mdhd.skip(3);
        mdhd.skip(version == 1 ? 16 : 8);
        long timescale = mdhd.u32();
        if (timescale == 0) {
            throw Box.corrupt(mdiaAt, "track timescale is 0");
        }
        Box.Fields hdlr = require(mdia.child("hdlr", mdiaAt), "hdlr", mdiaAt).fields(mdiaAt);
        hdlr.skip(8);
        String handler = hdlr.fourcc();
        Box minf = require(mdia.child("minf", mdiaAt), "minf", mdiaAt);
        String stblAt = mdiaAt + "/minf/stbl";
        Box stbl = require(minf.child("stbl", mdiaAt + "/minf"), "stbl", mdiaAt + "/minf");
        Box stsd = require(stbl.child("stsd", stblAt), "stsd", stblAt);
        List<Box> entries = stsd.children(8, stblAt);
        if (entries.isEmpty()) {
            throw Box.corrupt(stblAt + "/stsd", "no sample description");
        }
        Box entry = entries.get(0);

        Box.Fields stsz = require(stbl.child("stsz", stblAt), "stsz", stblAt).fields(stblAt);
        stsz.skip(4);
        long constant = stsz.u32();
        int count = checkedCount(stsz.u32(), stblAt + "/stsz");
        int[] sizes = null;
        if (constant == 0) {
            if (stsz.remaining() / 4 < count) {
                throw Box.corrupt(
                        stblAt + "/stsz", "claims " + count + " sample sizes but holds " + stsz.remaining() / 4);
            }
            sizes = new int[count];
            for (int i = 0; i < count; i++) {
                sizes[i] = (int) Math.min(Integer.MAX_VALUE, stsz.u32());
            }
        } else if (handler.equals("soun") && constant == 1) {
            constant = legacySoundBytes(entry, stblAt);
        }
        long[] chunks = chunkOffsets(stbl, stblAt);
        long[] firstSamples = chunkFirstSamples(stbl, stblAt, chunks.length);
        long[][] stts = timeToSample(stbl, stblAt, count);
        int[] ctts = compositionOffsets(stbl, stblAt, count);
        int[] sync = syncSamples(stbl, stblAt, count);
        return new QuickTimeSamples(
                handler,
                entry.type(),
                timescale,
                count,
                constant,
                sizes,
                chunks,
                firstSamples,
                stts,
                ctts,
                sync,
                editMediaTime(trak, at));
    }

    /**
     * Where the track's edit list starts playing its media (the media time of its first edit that
     * is not empty, in the track's timescale), or -1 without an edit list.
     */
    private static long editMediaTime(Box trak, String at) {
        var edts = trak.child("edts", at);
        if (edts.isEmpty()) {
            return -1;
        }
        var elst = edts.get().child("elst", at + "/edts");
        if (elst.isEmpty()) {
            return -1;
        }
        Box.Fields f = elst.get().fields(at + "/edts");
        int version = f.u8();
        f.skip(3);
        long n = f.u32();
        for (long i = 0; i < n; i++) {
            long mediaTime;
            if (version == 1) {
                f.skip(8);
                mediaTime = f.u64();
            } else {
                f.skip(4);
                mediaTime = f.i32();
            }
            f.skip(4);
            if (mediaTime >= 0) {
                return mediaTime;
            }
        }
        return -1;
    }

    /**
     * Bytes of one sample of a legacy QuickTime sound track whose stsz says 1: a version-1 sound
     * description gives bytes per frame and samples per packet; version 0 channels and bits.
     */
    private static long legacySoundBytes(Box entry, String at) {
        Box.Fields f = entry.fields(at + "/stsd");
        f.skip(8);
        int version = f.u16();
        f.skip(6);
        int channels = f.u16();
        int bits = f.u16();
        f.skip(8);
        if (version == 1) {
            long samplesPerPacket = f.u32();
            f.skip(4);
            long bytesPerFrame = f.u32();
            if (samplesPerPacket == 1 && bytesPerFrame > 0) {
                return bytesPerFrame;
            }
        }
        if (version == 0 && channels > 0 && bits >= 8) {
            return (long) channels * (bits / 8);
        }
        throw Box.corrupt(at, "sound samples of 1 byte in a '" + entry.type() + "' track: cannot tell their size");
    }

    private static long[] chunkOffsets(Box stbl, String at) {
        var stco = stbl.child("stco", at);
        var co64 = stbl.child("co64", at);
        if (stco.isEmpty() && co64.isEmpty()) {
            throw Box.corrupt(at, "missing 'stco' and 'co64' boxes: the samples cannot be found");
        }
        boolean wide = stco.isEmpty();
        Box.Fields f = (wide ? co64.get() : stco.get()).fields(at);
        f.skip(4);
        int n = checkedCount(f.u32(), at + (wide ? "/co64" : "/stco"));
        long[] offsets = new long[n];
        for (int i = 0; i < n; i++) {
            offsets[i] = wide ? f.u64() : f.u32();
        }
        return offsets;
    }

    private static long[] chunkFirstSamples(Box stbl, String at, int chunks) {
        Box.Fields f = require(stbl.child("stsc", at), "stsc", at).fields(at);
        f.skip(4);
        int n = checkedCount(f.u32(), at + "/stsc");
        long[] firstChunk = new long[n];
        long[] perChunk = new long[n];
        for (int i = 0; i < n; i++) {
            firstChunk[i] = f.u32() - 1;
            perChunk[i] = f.u32();
            f.skip(4);
        }
        long[] first = new long[chunks];
        long sample = 0;
        int e = 0;
        for (int c = 0; c < chunks; c++) {
            while (e + 1 < n && firstChunk[e + 1] <= c) {
                e++;
            }
            first[c] = sample;
            sample += n == 0 ? 0 : perChunk[e];
        }
        return first;
    }

    private static long[][] timeToSample(Box stbl, String at, int count) {
        Box.Fields f = require(stbl.child("stts", at), "stts", at).fields(at);
        f.skip(4);
        int n = checkedCount(f.u32(), at + "/stts");
        long[] firstSample = new long[n];
        long[] firstTime = new long[n];
        long[] delta = new long[n];
        long sample = 0;
        long time = 0;
        for (int i = 0; i < n; i++) {
            long c = f.u32();
            long d = f.u32();
            firstSample[i] = sample;
            firstTime[i] = time;
            delta[i] = d;
            sample += c;
            time += c * d;
        }
        if (sample < count) {
            throw Box.corrupt(at + "/stts", "times for " + sample + " samples but the track has " + count);
        }
        return new long[][] {firstSample, firstTime, delta};
    }

    private static int[] compositionOffsets(Box stbl, String at, int count) {
        var ctts = stbl.child("ctts", at);
        if (ctts.isEmpty()) {
            return null;
        }
        Box.Fields f = ctts.get().fields(at);
        f.skip(4);
        int n = checkedCount(f.u32(), at + "/ctts");
        if (count > MAX_EXPANDED_SAMPLES) {
            throw Box.corrupt(at + "/ctts", "composition offsets for " + count + " samples: more than a track holds");
        }
        int[] offsets = new int[count];
        int s = 0;
        for (int i = 0; i < n && s < count; i++) {
            long c = f.u32();
            int offset = f.i32(); // version 1 is signed; version 0 offsets stay below 2^31 in practice
            for (long k = 0; k < c && s < count; k++) {
                offsets[s++] = offset;
            }
        }
        return offsets;
    }

    private static int[] syncSamples(Box stbl, String at, int count) {
        var stss = stbl.child("stss", at);
        if (stss.isEmpty()) {
            return null;
        }
        Box.Fields f = stss.get().fields(at);
        f.skip(4);
        int n = checkedCount(f.u32(), at + "/stss");
        int[] sync = new int[n];
        for (int i = 0; i < n; i++) {
            sync[i] = (int) Math.min(count, Math.max(0, f.u32() - 1));
        }
        Arrays.sort(sync);
        return sync;
    }

    private static int checkedCount(long n, String at) {
        if (n > Integer.MAX_VALUE - 8) {
            throw Box.corrupt(at, "claims " + n + " entries");
        }
        return (int) n;
    }

    private static Box require(java.util.Optional<Box> box, String type, String at) {
        return box.orElseThrow(() -> Box.corrupt(at, "missing '" + type + "' box"));
    }
}
