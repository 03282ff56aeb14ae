package gateway.model.timeline;

import gateway.model.error.GatewayException;
import gateway.model.time.Fraction;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A variable speed (an FCPXML {@code timeMap}, FCP 7 / Premiere Time Remap keyframes): keyframes
 * from a record offset (frames since the clip's first frame on its track) to a source offset (frames
 * since the first frame of the clip's source range), both exact fractions of a frame at the rate of
 * the clip's source range. Between two keyframes the source position moves in a straight line;
 * before the first keyframe and after the last it continues the nearest segment (what transition
 * handles show); a single keyframe holds its frame.
 *
 * <p>Record frame {@code k} of the clip shows source offset {@code floor(position(k))}: the position
 * at the start of the record frame, rounded down, as FCPXML's default frame sampling ({@code
 * frameSampling="floor"} of {@code conform-rate}) and a ramp without frame blending do. This holds
 * for reverse segments too (the frame at or before the position).
 *
 * <p>A keyframe marked {@code smooth} asks for a curve up to the next keyframe (FCPXML {@code
 * interp="smooth2"}, FCP 7 Bezier handles); neither format documents that curve exactly, so it is
 * played as the straight line and {@link #approximated()} says so, for the report to name.
 */
public record SpeedRamp(List<Keyframe> keyframes, Metadata metadata) implements Effect {

    /** One keyframe; {@code smooth}: the edit asks for a curve from here to the next keyframe. */
    public record Keyframe(Fraction record, Fraction source, boolean smooth) {
        public Keyframe {
            Objects.requireNonNull(record, "record");
            Objects.requireNonNull(source, "source");
        }

        public static Keyframe linear(Fraction record, Fraction source) {
            return new Keyframe(record, source, false);
        }
    }

    public SpeedRamp {
        keyframes = List.copyOf(Objects.requireNonNull(keyframes, "keyframes"));
        if (keyframes.isEmpty()) {
            throw GatewayException.invalid("a speed ramp needs at least one keyframe");
        }
        for (int i = 1; i < keyframes.size(); i++) {
            if (keyframes.get(i).record().compareTo(keyframes.get(i - 1).record()) <= 0) {
                throw GatewayException.invalid("speed ramp keyframe " + (i + 1) + " at record offset "
                        + keyframes.get(i).record() + " does not come after keyframe " + i + " at "
                        + keyframes.get(i - 1).record() + "; keyframes must be in record order, one per instant");
            }
        }
        metadata = metadata == null ? Metadata.empty() : metadata;
    }

    public static SpeedRamp of(List<Keyframe> keyframes) {
        return new SpeedRamp(keyframes, Metadata.empty());
    }

    /** The exact source offset (frames since the source range's start) at record offset {@code record}. */
    public Fraction positionAt(Fraction record) {
        if (keyframes.size() == 1) {
            return keyframes.get(0).source();
        }
        int i = 0;
        while (i < keyframes.size() - 2 && record.compareTo(keyframes.get(i + 1).record()) >= 0) {
            i++;
        }
        Keyframe a = keyframes.get(i);
        Keyframe b = keyframes.get(i + 1);
        Fraction slope = b.source().minus(a.source()).dividedBy(b.record().minus(a.record()));
        return a.source().plus(record.minus(a.record()).times(slope));
    }

    /** The source offset record frame {@code frame} of the clip shows: {@code floor(positionAt(frame))}. */
    public long sourceOffsetAt(long frame) {
        return positionAt(Fraction.of(frame)).floor();
    }

    /**
     * The lowest and highest source offsets that record frames {@code [from, to)} show ({@code
     * to > from}): the mapping is a line between keyframes, so its extremes lie at the ends or at the
     * frames either side of a keyframe.
     */
    public long[] sourceOffsetBounds(long from, long to) {
        if (to <= from) {
            throw GatewayException.invalid("record frames [" + from + ", " + to + ") are empty");
        }
        TreeSet<Long> frames = new TreeSet<>(List.of(from, to - 1));
        for (Keyframe k : keyframes) {
            for (long f : new long[] {k.record().floor(), k.record().ceiling()}) {
                if (f >= from && f < to) {
                    frames.add(f);
                }
            }
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long f : frames) {
            long s = sourceOffsetAt(f);
            min = Math.min(min, s);
            max = Math.max(max, s);
        }
        return new long[] {min, max};
    }

    /**
     * The same ramp for the clip trimmed by {@code headFrames} record frames at its head, whose source
     * range then starts {@code sourceOffsetAt(headFrames)} frames later: every record frame of the
     * trimmed clip shows the same source frame as before (the shift is whole, so floor commutes).
     */
    public SpeedRamp trimmed(long headFrames) {
        Fraction record = Fraction.of(headFrames);
        Fraction source = Fraction.of(sourceOffsetAt(headFrames));
        List<Keyframe> moved = keyframes.stream()
                .map(k -> new Keyframe(k.record().minus(record), k.source().minus(source), k.smooth()))
                .toList();
        return new SpeedRamp(moved, metadata);
    }

    /** True when a keyframe asked for a curve that is played as a straight line. */
    public boolean approximated() {
        for (int i = 0; i + 1 < keyframes.size(); i++) {
            if (keyframes.get(i).smooth()) {
                return true;
            }
        }
        return false;
    }

    /**
     * In words, for a report row: "speed ramp: 5 keyframes, source frames 984–1138" over the clip's
     * {@code frames} record frames, with {@code sourceStart} the first frame of its source range.
     */
    public String describe(long sourceStart, long frames) {
        StringBuilder s = new StringBuilder("speed ramp: ")
                .append(keyframes.size())
                .append(keyframes.size() == 1 ? " keyframe" : " keyframes");
        if (frames > 0) {
            long[] b = sourceOffsetBounds(0, frames);
            s.append(", source frames ").append(sourceStart + b[0]).append('–').append(sourceStart + b[1]);
        }
        if (approximated()) {
            s.append(" (approximated: smooth keyframes played as straight lines)");
        }
        return s.toString();
    }
}
