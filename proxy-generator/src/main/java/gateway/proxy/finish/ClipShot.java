package gateway.proxy.finish;

import gateway.model.asset.MediaInfo;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.Fraction;
import gateway.model.time.FrameRate;
import gateway.model.time.TimeRange;
import gateway.model.timeline.AudioLevel;
import gateway.model.timeline.Clip;
import gateway.model.timeline.SpeedRamp;
import gateway.model.timeline.TimeScalar;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.LongStream;

/**
 * One clip of a video track as the render plays it: which picture of which original each record
 * frame shows. Record frames are track frames (0 = the timeline's first frame); a clip's source
 * range starts at {@code recordStart} and plays at its time scalar: frame {@code k} of the clip
 * shows media frame {@code start + floor(k * speed)} (a freeze always {@code start}; reverse counts
 * down from the last frame of {@link Clip#mediaRange()}). Frames before or after the clip (dissolve
 * handles) continue the same line. A clip with a {@link SpeedRamp} shows, at frame {@code k}, media
 * frame {@code start + floor(ramp position at k)} ({@link SpeedRamp#sourceOffsetAt}): repeats,
 * skips and reverse as its keyframes say. The file frame is the media frame minus the first frame of
 * the reference's available range (timecode frames). A clip without media shows black; a clip refused
 * by the render (rendered anyway) shows black with the reason written on it ({@link RefusalCard}).
 */
final class ClipShot implements AutoCloseable {
    /** An original: its path, what the probe said, and the timecode frame of its first picture. */
    record Media(Path file, MediaInfo info, long firstFrame) {}

    private final String name;
    private final long recordStart;
    private final TimeRange sourceRange;
    private final TimeScalar speed;
    private final SpeedRamp ramp;
    private final long reverseFrom;
    private final Media media;
    private final String refusal;
    private final Clip clip;
    private final boolean leveled;
    private Picture card;
    private FrameCursor cursor;
    private long lastUse;

    ClipShot(Clip clip, long recordStart, Media media) {
        this(clip, recordStart, media, null);
    }

    /** {@code refusal}: the text a clip rendered anyway shows on black (null: plain black without media). */
    ClipShot(Clip clip, long recordStart, Media media, String refusal) {
        this.refusal = refusal;
        this.clip = clip;
        this.leveled = clip.audioLevels().stream().anyMatch(l -> !l.isUnity());
        this.name = clip.name().isEmpty() ? "(unnamed clip)" : clip.name();
        this.recordStart = recordStart;
        this.sourceRange = clip.sourceRange();
        this.speed = clip.timeScalar();
        this.ramp = clip.speedRamp().orElse(null);
        TimeRange played = clip.mediaRange();
        this.reverseFrom = played.start().value() + Math.max(0, played.durationFrames() - 1);
        this.media = media;
    }

    String name() {
        return name;
    }

    boolean hasMedia() {
        return media != null;
    }

    /** The record frame where the clip's source range starts playing. */
    long recordStart() {
        return recordStart;
    }

    /** True when the clip plays at normal speed (no retime, no freeze, no ramp). */
    boolean normalSpeed() {
        return ramp == null && speed.equals(TimeScalar.NORMAL);
    }

    /** True when the clip's sound levels change its sound (a level other than 0 dB). */
    boolean leveled() {
        return leveled;
    }

    /**
     * The clip's gain factor at record position {@code record} (exact frames of the track, 0 = the
     * timeline's first frame): its levels at that offset from its first frame, as a factor.
     */
    double gainAt(Fraction record) {
        return AudioLevel.factorOf(clip.levelDbAt(record.minus(Fraction.of(recordStart))));
    }

    /** The original this clip plays, or null when it shows black. */
    Media media() {
        return media;
    }

    /** The media frame (timecode frames at the clip's rate) that record frame {@code record} shows. */
    long mediaFrameAt(long record) {
        long k = record - recordStart;
        long start = sourceRange.start().value();
        if (ramp != null) {
            return start + ramp.sourceOffsetAt(k);
        }
        if (speed.equals(TimeScalar.NORMAL)) {
            return start + k;
        }
        if (speed.isFreeze()) {
            return start;
        }
        if (speed.isReverse()) {
            return reverseFrom
                    - TimeScalar.of(-speed.numerator(), speed.denominator()).times(k, RoundingMode.FLOOR);
        }
        return start + speed.times(k, RoundingMode.FLOOR);
    }

    /** The picture of the original that record frame {@code record} shows; black without media. */
    Picture pictureAt(long record, int width, int height, Duration timeout) {
        if (media == null) {
            if (refusal == null) {
                return Picture.black(width, height);
            }
            if (card == null) {
                card = RefusalCard.draw(refusal, width, height, timeout);
            }
            return card;
        }
        if (cursor == null) {
            cursor = new FrameCursor(
                    media.file(),
                    media.file().getFileName().toString(),
                    media.info().frameRate(),
                    width,
                    height,
                    timeout);
        }
        return cursor.frame(mediaFrameAt(record) - media.firstFrame());
    }

    /**
     * Checks that record frames {@code [from, to)} fall inside the original: OUT_OF_RANGE naming the
     * clip and the frame otherwise (the speed line is monotonic, so its ends suffice; a ramp is
     * checked frame by frame, which costs no decoding).
     */
    void checkCovers(long from, long to) {
        useUntil(to);
        if (media == null || to <= from) {
            return;
        }
        for (long record : extremes(from, to)) {
            long file = mediaFrameAt(record) - media.firstFrame();
            if (file < 0 || file >= media.info().durationFrames()) {
                throw new GatewayException(
                        Reason.OUT_OF_RANGE,
                        "clip '" + name + "' needs frame " + file + " of "
                                + media.file().getFileName() + " at record frame " + record
                                + ", but the original holds frames 0-"
                                + (media.info().durationFrames() - 1));
            }
        }
    }

    /** The record frames of {@code [from, to)} to check: the ends of a speed line, every frame of a ramp. */
    private long[] extremes(long from, long to) {
        return ramp == null
                ? new long[] {from, to - 1}
                : LongStream.range(from, to).toArray();
    }

    private void useUntil(long to) {
        lastUse = Math.max(lastUse, to);
    }

    /** The record frame after the last one this clip shows. */
    long lastUse() {
        return lastUse;
    }

    static void requireRate(String what, FrameRate actual, FrameRate expected, String clip) {
        if (!actual.equals(expected)) {
            throw new GatewayException(
                    Reason.UNSUPPORTED,
                    "clip '" + clip + "': " + what + " runs at " + actual.toFpsString() + ", the timeline at "
                            + expected.toFpsString() + "; frame-rate conversion is not rendered");
        }
    }

    @Override
    public void close() {
        if (cursor != null) {
            cursor.close();
            cursor = null;
        }
    }
}
