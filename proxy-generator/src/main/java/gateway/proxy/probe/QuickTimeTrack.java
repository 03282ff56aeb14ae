package gateway.proxy.probe;

import java.util.Map;

/**
 * What the probe reads of one QuickTime / MP4 track. {@code handler} is the media type ("vide",
 * "soun", "tmcd"); {@code format} the sample entry's four-character code ("apch", "avc1", "sowt",
 * "tmcd"). Times are in the track's {@code timescale}. {@code dominantDelta} is the most common
 * sample duration; {@code variableDelta} says whether other durations occur (a variable rate).
 */
record QuickTimeTrack(
        String handler,
        long timescale,
        long mediaDuration,
        String format,
        int width,
        int height,
        int channels,
        int bitsPerSample,
        long sampleRate,
        long sampleCount,
        long dominantDelta,
        boolean variableDelta,
        TimecodeEntry timecode,
        long firstChunkOffset,
        Map<String, String> tags) {

    /**
     * A QuickTime timecode sample description: flags (bit 0 drop-frame, bit 3 counter), the counting
     * rate timescale/frameDuration, frames per timecode second, the reel (source) name if any, and
     * the track's first sample: the start as a frame count since midnight (-1 when the track has none).
     */
    record TimecodeEntry(
            long flags, long timescale, long frameDuration, int framesPerSecond, String reel, long startCount) {
        static final long DROP_FRAME = 0x1;
        static final long COUNTER = 0x8;

        boolean dropFrame() {
            return (flags & DROP_FRAME) != 0;
        }

        boolean counter() {
            return (flags & COUNTER) != 0;
        }

        TimecodeEntry withStartCount(long count) {
            return new TimecodeEntry(flags, timescale, frameDuration, framesPerSecond, reel, count);
        }
    }

    boolean isVideo() {
        return handler.equals("vide");
    }

    boolean isAudio() {
        return handler.equals("soun");
    }

    boolean isTimecode() {
        return handler.equals("tmcd") || format.equals("tmcd");
    }
}
