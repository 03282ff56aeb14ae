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
import java.util.List;

/**
 * The byte ranges of a QuickTime / MP4 original that a trim of one frame range reads: the top-level
 * box headers, the whole {@code ftyp} and {@code moov} (wherever the movie box lies: the headers are
 * read one by one through the reader, so a movie box at the end is found without the samples), the
 * video samples from the key frame before the range (every sample of an intra-only codec is one)
 * to the last sample decoded before the range ends, the sound chunks covering the same time, every
 * timecode sample, and the first video sample and sound chunk (the decoder prerolls on them).
 *
 * <p>The range starts {@link #SEEK_MARGIN_FRAMES} frames (plus the pictures' reorder delay) early:
 * the trim seeks that far before the first frame it keeps (see {@code Trimmer}).
 */
final class QuickTimeRanges {
    /** Frames before the first kept one where the trim's accurate seek lands. */
    static final int SEEK_MARGIN_FRAMES = 2;

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
        int count = video.sampleCount();
        if (span.endFrameExclusive() > count) {
            throw GatewayException.invalid(
                    source.describe() + ": " + span + " runs past the video's " + count + " frames");
        }
        int[] order = video.presentationOrder();
        long delta = Math.max(1, video.dominantDelta());
        long reorderFrames = (video.maxCompositionOffset() + delta - 1) / delta;
        int seekFrame = (int) Math.max(0, span.startFrame() - SEEK_MARGIN_FRAMES - reorderFrames);
        int last = (int) span.endFrameExclusive() - 1;
        int firstDecoded = Integer.MAX_VALUE;
        int lastDecoded = 0;
        for (int f = seekFrame; f <= last; f++) {
            firstDecoded = Math.min(firstDecoded, order[f]);
            lastDecoded = Math.max(lastDecoded, order[f]);
        }
        long origin = video.presentationTime(order[0]);
        long from = video.presentationTime(order[seekFrame]);
        long to = last + 1 < count
                ? video.presentationTime(order[last + 1])
                : video.presentationTime(order[last]) + delta;
        // A seek by decode time may land on an earlier sample than the one shown first.
        firstDecoded = Math.min(firstDecoded, video.sampleAt(from - video.maxCompositionOffset()));
        // Pictures decoded before the range ends (a Long-GOP's forward references) are read too.
        lastDecoded = Math.max(lastDecoded, video.firstSampleAtOrAfter(to) - 1);
        int keyFrame = video.syncAtOrBefore(firstDecoded);
        ranges.addAll(video.bytesOf(keyFrame, lastDecoded + 1));
        ranges.addAll(video.bytesOf(0, 1));
        for (QuickTimeSamples t : tracks) {
            if (t.isSound() && t.sampleCount() > 0) {
                long start = Math.floorDiv((from - origin) * t.timescale(), video.timescale());
                long end = ceilDiv((to - origin) * t.timescale(), video.timescale());
                int first = t.chunkStart(t.sampleAt(Math.max(0, start)));
                int stop = t.chunkEnd(Math.max(first, Math.min(t.sampleCount(), t.firstSampleAtOrAfter(end)) - 1));
                ranges.addAll(t.bytesOf(first, stop));
                ranges.addAll(t.bytesOf(0, t.chunkEnd(0)));
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
