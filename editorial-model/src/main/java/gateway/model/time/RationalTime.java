package gateway.model.time;

import gateway.model.error.GatewayException;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * A point in time as a whole number of frames at a rate. Arithmetic is exact; moving to another
 * rate takes an explicit rounding mode ({@link RoundingMode#UNNECESSARY} fails when inexact).
 */
public record RationalTime(long value, FrameRate rate) implements Comparable<RationalTime> {
    private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);

    public RationalTime {
        Objects.requireNonNull(rate, "rate");
    }

    public static RationalTime of(long frames, FrameRate rate) {
        return new RationalTime(frames, rate);
    }

    public static RationalTime zero(FrameRate rate) {
        return new RationalTime(0, rate);
    }

    /** The frame that a duration in nanoseconds (e.g. from GStreamer) falls on. */
    public static RationalTime fromNanos(long nanos, FrameRate rate, RoundingMode mode) {
        // frames = nanos * num / (den * 1e9)
        BigInteger n = BigInteger.valueOf(nanos).multiply(BigInteger.valueOf(rate.numerator()));
        BigInteger d = BigInteger.valueOf(rate.denominator()).multiply(NANOS_PER_SECOND);
        return new RationalTime(divide(n, d, mode, "nanoseconds " + nanos + " at " + rate.toFpsString()), rate);
    }

    /** The frame that an audio sample count falls on, e.g. a Broadcast WAV TimeReference. */
    public static RationalTime fromSamples(long samples, long sampleRate, FrameRate rate, RoundingMode mode) {
        if (sampleRate <= 0) {
            throw GatewayException.invalid("sample rate " + sampleRate + " must be positive");
        }
        BigInteger n = BigInteger.valueOf(samples).multiply(BigInteger.valueOf(rate.numerator()));
        BigInteger d = BigInteger.valueOf(sampleRate).multiply(BigInteger.valueOf(rate.denominator()));
        return new RationalTime(divide(n, d, mode, samples + " samples at " + sampleRate + " Hz to " + rate), rate);
    }

    /** This time in nanoseconds, rounded as asked. */
    public long toNanos(RoundingMode mode) {
        BigInteger n = BigInteger.valueOf(value)
                .multiply(BigInteger.valueOf(rate.denominator()))
                .multiply(NANOS_PER_SECOND);
        return divide(n, BigInteger.valueOf(rate.numerator()), mode, this + " to nanoseconds");
    }

    /** The same instant at another rate; {@code mode} says how to round when it falls between frames. */
    public RationalTime rescaledTo(FrameRate target, RoundingMode mode) {
        if (target.equals(rate)) {
            return this;
        }
        BigInteger n = BigInteger.valueOf(value)
                .multiply(BigInteger.valueOf(target.numerator()))
                .multiply(BigInteger.valueOf(rate.denominator()));
        BigInteger d = BigInteger.valueOf(rate.numerator()).multiply(BigInteger.valueOf(target.denominator()));
        return new RationalTime(divide(n, d, mode, this + " to " + target), target);
    }

    public RationalTime plus(RationalTime other) {
        requireSameRate(other, "add");
        return new RationalTime(Math.addExact(value, other.value), rate);
    }

    public RationalTime minus(RationalTime other) {
        requireSameRate(other, "subtract");
        return new RationalTime(Math.subtractExact(value, other.value), rate);
    }

    public RationalTime plusFrames(long frames) {
        return new RationalTime(Math.addExact(value, frames), rate);
    }

    /** Exact comparison, across rates too: 1 frame at 24000/1001 is later than 1 frame at 24. */
    @Override
    public int compareTo(RationalTime other) {
        BigInteger a = BigInteger.valueOf(value)
                .multiply(BigInteger.valueOf(rate.denominator()))
                .multiply(BigInteger.valueOf(other.rate.numerator()));
        BigInteger b = BigInteger.valueOf(other.value)
                .multiply(BigInteger.valueOf(other.rate.denominator()))
                .multiply(BigInteger.valueOf(rate.numerator()));
        return a.compareTo(b);
    }

    public boolean isBefore(RationalTime other) {
        return compareTo(other) < 0;
    }

    public boolean isAfter(RationalTime other) {
        return compareTo(other) > 0;
    }

    /** The same instant, whatever the rate (equals() also requires the same rate). */
    public boolean isSameInstant(RationalTime other) {
        return compareTo(other) == 0;
    }

    public boolean isNegative() {
        return value < 0;
    }

    @Override
    public String toString() {
        return value + "@" + rate;
    }

    private void requireSameRate(RationalTime other, String what) {
        if (!rate.equals(other.rate)) {
            throw GatewayException.invalid("cannot " + what + " " + other + " and " + this
                    + ": rescale one of them to the other's rate first");
        }
    }

    static long divide(BigInteger numerator, BigInteger denominator, RoundingMode mode, String what) {
        BigInteger[] qr = numerator.divideAndRemainder(denominator);
        BigInteger q = qr[0];
        if (qr[1].signum() != 0) {
            int sign = numerator.signum() * denominator.signum();
            int twiceRemainderVsDivisor = qr[1].abs().shiftLeft(1).compareTo(denominator.abs());
            boolean awayFromZero =
                    switch (mode) {
                        case UNNECESSARY -> throw GatewayException.invalid(what + " does not fall on a whole frame");
                        case DOWN -> false;
                        case UP -> true;
                        case FLOOR -> sign < 0;
                        case CEILING -> sign > 0;
                        case HALF_UP -> twiceRemainderVsDivisor >= 0;
                        case HALF_DOWN -> twiceRemainderVsDivisor > 0;
                        case HALF_EVEN -> twiceRemainderVsDivisor > 0 || (twiceRemainderVsDivisor == 0 && q.testBit(0));
                    };
            if (awayFromZero) {
                q = q.add(BigInteger.valueOf(sign));
            }
        }
        return q.longValueExact();
    }
}
