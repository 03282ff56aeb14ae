package gateway.model.time;

import gateway.model.error.GatewayException;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.Optional;

/**
 * A half-open range of frames {@code [start, start + duration)} at one rate. Which time frame it
 * is measured in (source, record, available ...) is said by the method or field that holds it.
 */
public record TimeRange(RationalTime start, long durationFrames) {

    /** How two ranges sit relative to each other (Allen's interval relations). */
    public enum Relation {
        BEFORE,
        MEETS,
        OVERLAPS,
        STARTS,
        DURING,
        FINISHES,
        EQUALS,
        FINISHED_BY,
        CONTAINS,
        STARTED_BY,
        OVERLAPPED_BY,
        MET_BY,
        AFTER
    }

    public TimeRange {
        Objects.requireNonNull(start, "start");
        if (durationFrames < 0) {
            throw GatewayException.invalid("range starting at " + start + " has a negative duration " + durationFrames);
        }
    }

    public static TimeRange of(RationalTime start, long durationFrames) {
        return new TimeRange(start, durationFrames);
    }

    /** {@code [startFrame, startFrame + durationFrames)} at {@code rate}. */
    public static TimeRange of(long startFrame, long durationFrames, FrameRate rate) {
        return new TimeRange(RationalTime.of(startFrame, rate), durationFrames);
    }

    /** The range from {@code start} (included) to {@code endExclusive} (excluded). */
    public static TimeRange between(RationalTime start, RationalTime endExclusive) {
        if (!start.rate().equals(endExclusive.rate())) {
            throw GatewayException.invalid("range " + start + " .. " + endExclusive + " mixes two rates");
        }
        if (endExclusive.value() < start.value()) {
            throw GatewayException.invalid("range end " + endExclusive + " is before its start " + start);
        }
        return new TimeRange(start, endExclusive.value() - start.value());
    }

    public FrameRate rate() {
        return start.rate();
    }

    public RationalTime duration() {
        return RationalTime.of(durationFrames, rate());
    }

    /** The first frame after the range. */
    public RationalTime endExclusive() {
        return start.plusFrames(durationFrames);
    }

    /** The last frame in the range; undefined for an empty range. */
    public RationalTime endInclusive() {
        if (durationFrames == 0) {
            throw GatewayException.invalid("empty range at " + start + " has no last frame");
        }
        return start.plusFrames(durationFrames - 1);
    }

    public boolean isEmpty() {
        return durationFrames == 0;
    }

    /** True when frame {@code t} (same rate) is inside: start included, end excluded. */
    public boolean contains(RationalTime t) {
        requireSameRate(t.rate());
        return t.value() >= start.value() && t.value() < start.value() + durationFrames;
    }

    /** True when {@code other} lies entirely inside this range. */
    public boolean contains(TimeRange other) {
        requireSameRate(other.rate());
        return other.start.value() >= start.value()
                && other.endExclusive().value() <= endExclusive().value();
    }

    /** True when the two ranges share at least one frame. */
    public boolean overlaps(TimeRange other) {
        requireSameRate(other.rate());
        return !isEmpty()
                && !other.isEmpty()
                && start.value() < other.endExclusive().value()
                && other.start.value() < endExclusive().value();
    }

    /** The frames both ranges share, if any. */
    public Optional<TimeRange> intersection(TimeRange other) {
        if (!overlaps(other)) {
            return Optional.empty();
        }
        long s = Math.max(start.value(), other.start.value());
        long e = Math.min(endExclusive().value(), other.endExclusive().value());
        return Optional.of(of(s, e - s, rate()));
    }

    /** The smallest range covering both. */
    public TimeRange union(TimeRange other) {
        requireSameRate(other.rate());
        long s = Math.min(start.value(), other.start.value());
        long e = Math.max(endExclusive().value(), other.endExclusive().value());
        return of(s, e - s, rate());
    }

    /** Allen's relation of this range to {@code other}. */
    public Relation relationTo(TimeRange other) {
        requireSameRate(other.rate());
        long s1 = start.value();
        long e1 = endExclusive().value();
        long s2 = other.start.value();
        long e2 = other.endExclusive().value();
        if (e1 < s2) return Relation.BEFORE;
        if (e1 == s2 && s1 < s2) return Relation.MEETS;
        if (e2 < s1) return Relation.AFTER;
        if (e2 == s1 && s2 < s1) return Relation.MET_BY;
        if (s1 == s2 && e1 == e2) return Relation.EQUALS;
        if (s1 == s2) return e1 < e2 ? Relation.STARTS : Relation.STARTED_BY;
        if (e1 == e2) return s1 > s2 ? Relation.FINISHES : Relation.FINISHED_BY;
        if (s1 > s2 && e1 < e2) return Relation.DURING;
        if (s1 < s2 && e1 > e2) return Relation.CONTAINS;
        return s1 < s2 ? Relation.OVERLAPS : Relation.OVERLAPPED_BY;
    }

    /** This range grown by {@code before} frames at the head and {@code after} at the tail (handles). */
    public TimeRange extendedBy(long before, long after) {
        if (before < 0 || after < 0) {
            throw GatewayException.invalid("handles must not be negative: " + before + ", " + after);
        }
        return of(
                Math.subtractExact(start.value(), before),
                Math.addExact(Math.addExact(durationFrames, before), after),
                rate());
    }

    /** The same range moved by {@code frames}. */
    public TimeRange shiftedBy(long frames) {
        return new TimeRange(start.plusFrames(frames), durationFrames);
    }

    /**
     * This range at another rate. The start rounds with {@code mode}; the end rounds the same way,
     * so adjacent ranges stay adjacent.
     */
    public TimeRange rescaledTo(FrameRate target, RoundingMode mode) {
        RationalTime s = start.rescaledTo(target, mode);
        RationalTime e = endExclusive().rescaledTo(target, mode);
        return between(s, e);
    }

    @Override
    public String toString() {
        return "[" + start.value() + ", " + endExclusive().value() + ")@" + rate();
    }

    private void requireSameRate(FrameRate other) {
        if (!rate().equals(other)) {
            throw GatewayException.invalid("cannot compare a range at " + rate().toFpsString() + " with a time at "
                    + other + ": rescale first");
        }
    }
}
