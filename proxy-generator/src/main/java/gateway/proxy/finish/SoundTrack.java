package gateway.proxy.finish;

import gateway.model.time.FrameRate;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One audio track played as one channel of the master, sample by sample at 48 kHz: each clip's
 * sound (channel {@code n} of its original's first audio stream for the {@code n}-th audio track),
 * at the clip's level ({@link gateway.model.timeline.AudioLevel}: its gain and keyframes), a
 * transition as a linear cross-fade of the two clips at their levels, silence in gaps, under clips
 * without media and under retimed clips. Read forward only, in blocks.
 */
final class SoundTrack implements AutoCloseable {
    /** Samples between two exact evaluations of a clip's level (1 ms at 48 kHz). */
    private static final int LEVEL_STEP = 48;

    private static final int MAX_24 = (1 << 23) - 1;
    private static final int MIN_24 = -(1 << 23);

    private final TrackLayout layout;
    private final FrameRate rate;
    private final int channel;
    private final Duration timeout;
    private final SampleClock clock = new SampleClock(SoundCursor.SAMPLE_RATE);
    private final Map<ClipShot, SoundCursor> open = new HashMap<>();
    private int current;

    SoundTrack(TrackLayout layout, FrameRate rate, int channel, Duration timeout) {
        this.layout = layout;
        this.rate = rate;
        this.channel = channel;
        this.timeout = timeout;
    }

    /** Fills {@code out[0, n)} with record samples {@code [from, from + n)}. */
    void read(long from, int n, int[] out) {
        Arrays.fill(out, 0, n, 0);
        List<TrackLayout.Piece> pieces = layout.pieces();
        while (current < pieces.size() && clock.atFrame(pieces.get(current).end(), rate) <= from) {
            current++;
        }
        release(from);
        for (int i = current; i < pieces.size(); i++) {
            TrackLayout.Piece p = pieces.get(i);
            long start = Math.max(from, clock.atFrame(p.start(), rate));
            long end = Math.min(from + n, clock.atFrame(p.end(), rate));
            if (start >= from + n) {
                break;
            }
            if (end <= start) {
                continue;
            }
            int offset = (int) (start - from);
            int count = (int) (end - start);
            switch (p) {
                case TrackLayout.Shot s -> sound(s.shot(), start, count, out, offset);
                case TrackLayout.Dissolve d -> crossFade(d, start, count, out, offset);
            }
        }
    }

    private void crossFade(TrackLayout.Dissolve d, long start, int count, int[] out, int offset) {
        int[] from = new int[count];
        int[] to = new int[count];
        sound(d.from(), start, count, from, 0);
        sound(d.to(), start, count, to, 0);
        long first = clock.atFrame(d.start(), rate);
        long length = clock.atFrame(d.end(), rate) - first;
        for (int i = 0; i < count; i++) {
            double w = (double) (start + i - first + 1) / (length + 1);
            out[offset + i] = (int) Math.round(from[i] * (1 - w) + to[i] * w);
        }
    }

    /** The clip's own sound for record samples {@code [start, start + count)}, or silence. */
    private void sound(ClipShot shot, long start, int count, int[] out, int offset) {
        if (shot == null || !shot.hasMedia() || !shot.normalSpeed()) {
            return;
        }
        ClipShot.Media media = shot.media();
        long clipStart = clock.atFrame(shot.recordStart(), rate);
        long fileStart = clock.atFrame(shot.mediaFrameAt(shot.recordStart()) - media.firstFrame(), rate);
        long fileSample = fileStart + (start - clipStart);
        SoundCursor cursor = open.get(shot);
        if (cursor == null || cursor.position() != fileSample) {
            if (cursor != null) {
                cursor.close();
            }
            cursor = new SoundCursor(
                    media.file(), media.file().getFileName().toString(), channel, Math.max(0, fileSample), timeout);
            open.put(shot, cursor);
        }
        if (fileSample < 0) {
            int silent = (int) Math.min(count, -fileSample);
            cursor.read(out, offset + silent, count - silent);
        } else {
            cursor.read(out, offset, count);
        }
        if (shot.leveled()) {
            level(shot, start, count, out, offset);
        }
    }

    /**
     * Applies the clip's level to record samples {@code [start, start + count)}: the gain is taken
     * exactly at every {@value #LEVEL_STEP}-sample boundary (counted from the timeline's first sample)
     * and moves in a straight line between them; values are rounded and held to 24 bits.
     */
    private void level(ClipShot shot, long start, int count, int[] out, int offset) {
        long end = start + count;
        long from = start;
        while (from < end) {
            long stepStart = Math.floorDiv(from, LEVEL_STEP) * LEVEL_STEP;
            long stepEnd = Math.min(stepStart + LEVEL_STEP, end);
            double g0 = shot.gainAt(clock.framesAt(stepStart, rate));
            double g1 = shot.gainAt(clock.framesAt(stepStart + LEVEL_STEP, rate));
            for (long s = from; s < stepEnd; s++) {
                double g = g0 + (g1 - g0) * (s - stepStart) / LEVEL_STEP;
                int i = offset + (int) (s - start);
                out[i] = (int) Math.max(MIN_24, Math.min(MAX_24, Math.round(out[i] * g)));
            }
            from = stepEnd;
        }
    }

    private void release(long from) {
        open.entrySet().removeIf(e -> {
            if (clock.atFrame(e.getKey().lastUse(), rate) <= from) {
                e.getValue().close();
                return true;
            }
            return false;
        });
    }

    @Override
    public void close() {
        open.values().forEach(SoundCursor::close);
        open.clear();
    }
}
