package gateway.relink.time;

import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import gateway.model.timeline.TimeScalar;
import java.math.BigInteger;
import java.util.Optional;

/**
 * An exact time in seconds, a fraction in lowest terms (positive denominator), so that positions at
 * different frame rates and speed changes compose without rounding (a frame count at 24000/1001 is
 * {@code frames x 1001/24000} seconds). Turned back into frames only when it is a whole number of
 * frames at the rate asked for; printed as FCPXML writes times ({@link #on}).
 */
public record Seconds(BigInteger numerator, BigInteger denominator) implements Comparable<Seconds> {
    public static final Seconds ZERO = new Seconds(BigInteger.ZERO, BigInteger.ONE);

    public static Seconds of(BigInteger numerator, BigInteger denominator) {
        if (denominator.signum() == 0) {
            throw new ArithmeticException("zero denominator");
        }
        if (denominator.signum() < 0) {
            numerator = numerator.negate();
            denominator = denominator.negate();
        }
        BigInteger g = numerator.gcd(denominator);
        if (g.signum() == 0 || g.equals(BigInteger.ONE)) {
            return numerator.signum() == 0 ? ZERO : new Seconds(numerator, denominator);
        }
        return new Seconds(numerator.divide(g), denominator.divide(g));
    }

    /** {@code frames} frames at {@code rate}. */
    public static Seconds of(long frames, FrameRate rate) {
        return of(
                BigInteger.valueOf(frames).multiply(BigInteger.valueOf(rate.denominator())),
                BigInteger.valueOf(rate.numerator()));
    }

    public static Seconds of(RationalTime t) {
        return of(t.value(), t.rate());
    }

    public static Seconds whole(long seconds) {
        return new Seconds(BigInteger.valueOf(seconds), BigInteger.ONE);
    }

    public Seconds plus(Seconds o) {
        return of(
                numerator.multiply(o.denominator).add(o.numerator.multiply(denominator)),
                denominator.multiply(o.denominator));
    }

    public Seconds minus(Seconds o) {
        return plus(new Seconds(o.numerator.negate(), o.denominator));
    }

    public Seconds times(TimeScalar s) {
        return of(
                numerator.multiply(BigInteger.valueOf(s.numerator())),
                denominator.multiply(BigInteger.valueOf(s.denominator())));
    }

    /** This divided by a non-zero scalar. */
    public Seconds dividedBy(TimeScalar s) {
        return of(
                numerator.multiply(BigInteger.valueOf(s.denominator())),
                denominator.multiply(BigInteger.valueOf(s.numerator())));
    }

    public Seconds max(Seconds o) {
        return compareTo(o) >= 0 ? this : o;
    }

    public Seconds min(Seconds o) {
        return compareTo(o) <= 0 ? this : o;
    }

    public int signum() {
        return numerator.signum();
    }

    /** The whole number of frames at {@code rate} this is, or empty when it falls between two frames. */
    public Optional<Long> frames(FrameRate rate) {
        BigInteger n = numerator.multiply(BigInteger.valueOf(rate.numerator()));
        BigInteger d = denominator.multiply(BigInteger.valueOf(rate.denominator()));
        BigInteger[] qr = n.divideAndRemainder(d);
        return qr[1].signum() == 0 ? Optional.of(qr[0].longValueExact()) : Optional.empty();
    }

    /** Frames at {@code rate} for messages: "12" or "12 1/2". */
    public String framesForDisplay(FrameRate rate) {
        BigInteger n = numerator.multiply(BigInteger.valueOf(rate.numerator()));
        BigInteger d = denominator.multiply(BigInteger.valueOf(rate.denominator()));
        BigInteger g = n.gcd(d);
        n = n.divide(g);
        d = d.divide(g);
        BigInteger[] qr = n.divideAndRemainder(d);
        return qr[1].signum() == 0 ? qr[0].toString() : qr[0] + " " + qr[1].abs() + "/" + d;
    }

    /**
     * As FCP writes times: over the frame duration's denominator when the time falls on a frame at
     * {@code rate} ({@code 86486400/24000s}, {@code 86400/24s}), whole seconds as {@code 3600s},
     * else in lowest terms.
     */
    public String on(FrameRate rate) {
        if (denominator.equals(BigInteger.ONE)) {
            return toString();
        }
        BigInteger n = numerator.multiply(BigInteger.valueOf(rate.numerator()));
        BigInteger d = denominator.multiply(BigInteger.valueOf(rate.denominator()));
        BigInteger[] frames = n.divideAndRemainder(d);
        if (frames[1].signum() != 0) {
            return toString();
        }
        return frames[0].multiply(BigInteger.valueOf(rate.denominator())) + "/" + rate.numerator() + "s";
    }

    @Override
    public int compareTo(Seconds o) {
        return numerator.multiply(o.denominator).compareTo(o.numerator.multiply(denominator));
    }

    @Override
    public String toString() {
        return denominator.equals(BigInteger.ONE) ? numerator + "s" : numerator + "/" + denominator + "s";
    }
}
