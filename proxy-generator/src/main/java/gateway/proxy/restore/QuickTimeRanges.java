package gateway.proxy.restore;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.storage.ByteRange;
import gateway.model.storage.RangeReader;
import gateway.proxy.probe.QuickTimeSamples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The byte ranges of a QuickTime / MP4 original that a trim of one frame range reads: the top-level
 * box headers, the whole {@code ftyp} and {@code moov} (wherever the movie box lies: the headers are
 * read one by one through the reader, so a movie box at the end is found without the samples), the
 * video samples from the key frame before the range (every sample of an intra-only codec is one)
 * to the last sample decoded before the range ends (a reordering codec: as many more as its
 * pictures are shown late), the sound samples of the same time, every timecode sample, and the
 * first video sample (the decoder prerolls on it and the trim numbers frames from its timestamp).
 *
 * <p>Nothing else is fetched: the trim seeks a little before the range and its demuxer may read
 * ahead past it, into the holes of the sparse copy; zeros decode to nothing (the decoder drops a
 * picture it cannot decode, the sound before and after the range is cut away), which the tests
 * prove by comparing the trimmed frames with the original's.
 */
final class QuickTimeRanges {
    private static final long MAX_MOOV_BYTES = 256L << 20;

    private final RangeReader source;
    private final List<ByteRange> headers = new ArrayList<>();
    private final List<Planned.Fetched> fetched = new ArrayList<>();
    private ByteBuffer moov;
    private String fragmented;

    private QuickTimeRanges(RangeReader source) {
        this.source = source;
    }

    /** The ranges for {@code span}, or the whole file with the reason when the movie cannot be read by the range. */
    static Planned plan(RangeReader source, FrameSpan span) throws IOException {
        QuickTimeRanges q = new QuickTimeRanges(source);
        long size = source.sizeBytes();
        q.readTopLevel(size);
        if (q.fragmented != null) {
            return new Planned(RestoreRanges.wholeFile(size, q.fragmented), q.fetched);
        }
        List<QuickTimeSamples> tracks = QuickTimeSamples.read(q.moov, source.describe());
        QuickTimeSamples video =
                tracks.stream().filter(QuickTimeSamples::isVideo).findFirst().orElse(null);
        if (video == null || video.sampleCount() == 0) {
            return new Planned(
                    RestoreRanges.wholeFile(size, "QuickTime without a video track: trimmed whole"), q.fetched);
        }
        List<ByteRange> ranges = new ArrayList<>(q.headers);
        q.addSamples(ranges, tracks, video, span);
        return new Planned(new RestoreRanges(ranges, size, null), q.fetched);
    }

    private void addSamples(
            List<ByteRange> ranges, List<QuickTimeSamples> tracks, QuickTimeSamples video, FrameSpan span) {
        int[] shown = video.presentationOrder();
        // The trim numbers frames as the player shows them: from the edit list's start on.
        int skip = 0;
        while (skip < shown.length && video.presentationTime(shown[skip]) < video.editMediaTime()) {
            skip++;
        }
        int[] order = Arrays.copyOfRange(shown, skip, shown.length);
        int count = order.length;
        if (span.endFrameExclusive() > count) {
            throw GatewayException.invalid(
                    source.describe() + ": " + span + " runs past the video's " + count + " frames");
        }
        long delta = Math.max(1, video.dominantDelta());
        int firstFrame = (int) span.startFrame();
        int last = (int) span.endFrameExclusive() - 1;
        int firstDecoded = Integer.MAX_VALUE;
        int lastDecoded = 0;
        for (int f = firstFrame; f <= last; f++) {
            firstDecoded = Math.min(firstDecoded, order[f]);
            lastDecoded = Math.max(lastDecoded, order[f]);
        }
        long origin = video.presentationTime(order[0]);
        long from = video.presentationTime(order[firstFrame]);
        long to = last + 1 < count
                ? video.presentationTime(order[last + 1])
                : video.presentationTime(order[last]) + delta;
        if (video.maxCompositionOffset() > 0) {
            // A reordering decoder holds pictures back until later ones arrive: give it as many as it may hold.
            long reorder = (video.maxCompositionOffset() + delta - 1) / delta;
            lastDecoded = (int) Math.min(video.sampleCount() - 1, lastDecoded + reorder + 1);
        }
        int keyFrame = video.syncAtOrBefore(firstDecoded);
        ranges.addAll(video.bytesOf(keyFrame, lastDecoded + 1));
        ranges.addAll(video.bytesOf(video.syncAtOrBefore(order[0]), order[0] + 1));
        for (QuickTimeSamples t : tracks) {
            if (t.isSound() && t.sampleCount() > 0) {
                long start = Math.floorDiv((from - origin) * t.timescale(), video.timescale());
                long end = ceilDiv((to - origin) * t.timescale(), video.timescale());
                int first = t.sampleAt(Math.max(0, start));
                int stop = Math.min(t.sampleCount(), t.firstSampleAtOrAfter(end));
                ranges.addAll(t.bytesOf(first, stop));
            } else if (t.isTimecode()) {
                ranges.addAll(t.bytesOf(0, t.sampleCount()));
            }
        }
    }

    /** Reads every top-level box header; keeps {@code ftyp} and {@code moov} whole, the others' headers only. */
    private void readTopLevel(long size) throws IOException {
        long offset = 0;
        while (offset + 8 <= size) {
            int n = (int) Math.min(16, size - offset);
            ByteBuffer h = fetch(new ByteRange(offset, n));
            long boxSize = Integer.toUnsignedLong(h.getInt(0));
            String type = QuickTimeSamples.fourcc(h, 4);
            int header = 8;
            if (boxSize == 1) {
                if (n < 16) {
                    throw corrupt("box '" + type + "' at byte " + offset + " lacks its 64-bit size");
                }
                boxSize = h.getLong(8);
                header = 16;
            } else if (boxSize == 0) {
                boxSize = size - offset;
            }
            if (boxSize < header || boxSize > size - offset) {
                throw corrupt("box '" + type + "' at byte " + offset + " claims " + boxSize + " bytes but the file has "
                        + (size - offset) + " left");
            }
            switch (type) {
                case "moov" -> {
                    if (boxSize - header > MAX_MOOV_BYTES) {
                        throw new GatewayException(
                                Reason.RESOURCE_LIMIT,
                                source.describe() + ": movie box of " + boxSize + " bytes exceeds the " + MAX_MOOV_BYTES
                                        + "-byte limit");
                    }
                    headers.add(new ByteRange(offset, boxSize));
                    moov = fetch(new ByteRange(offset + header, boxSize - header));
                }
                case "ftyp" -> headers.add(new ByteRange(offset, boxSize));
                case "moof" -> fragmented = "fragmented movie (samples in moof boxes): trimmed whole";
                default -> headers.add(new ByteRange(offset, header));
            }
            offset += boxSize;
        }
        if (moov == null) {
            throw corrupt("no movie box (moov): the file is incomplete or not a QuickTime/MP4 movie");
        }
    }

    private ByteBuffer fetch(ByteRange range) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) range.lengthBytes());
        source.read(range, out);
        fetched.add(new Planned.Fetched(range, out.toByteArray()));
        return ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.BIG_ENDIAN);
    }

    private GatewayException corrupt(String problem) {
        return new GatewayException(Reason.CORRUPT, source.describe() + ": " + problem);
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
