package gateway.relink.nest;

import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import gateway.model.timeline.TimeScalar;
import java.math.BigInteger;
import java.util.Optional;

/**
 * An exact time in seconds, a fraction in lowest terms (positive denominator), so that positions at
 * different frame rates and speed changes compose without rounding. Turned back into frames only
 * when it is a whole number of frames at the rate asked for.
 */
record Seconds(BigInteger numerator, BigInteger denominator) implements Comparable<Seconds> {
    static final Seconds ZERO = new Seconds(BigInteger.ZERO, BigInteger.ONE);

    static Seconds of(BigInteger numerator, BigInteger denominator) {
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
    static Seconds of(long frames, FrameRate rate) {
        return of(
                BigInteger.valueOf(frames).multiply(BigInteger.valueOf(rate.denominator())),
                BigInteger.valueOf(rate.numerator()));
    }

    static Seconds of(RationalTime t) {
        return of(t.value(), t.rate());
    }

    Seconds plus(Seconds o) {
        return of(
                numerator.multiply(o.denominator).add(o.numerator.multiply(denominator)),
                denominator.multiply(o.denominator));
    }

    Seconds minus(Seconds o) {
        return plus(new Seconds(o.numerator.negate(), o.denominator));
    }

    Seconds times(TimeScalar s) {
        return of(
                numerator.multiply(BigInteger.valueOf(s.numerator())),
                denominator.multiply(BigInteger.valueOf(s.denominator())));
    }

    /** This divided by a non-zero scalar. */
    Seconds dividedBy(TimeScalar s) {
        return of(
                numerator.multiply(BigInteger.valueOf(s.denominator())),
                denominator.multiply(BigInteger.valueOf(s.numerator())));
    }

    Seconds max(Seconds o) {
        return compareTo(o) >= 0 ? this : o;
    }

    Seconds min(Seconds o) {
        return compareTo(o) <= 0 ? this : o;
    }

    int signum() {
        return numerator.signum();
    }

    /** The whole number of frames at {@code rate} this is, or empty when it falls between two frames. */
    Optional<Long> frames(FrameRate rate) {
        BigInteger n = numerator.multiply(BigInteger.valueOf(rate.numerator()));
        BigInteger d = denominator.multiply(BigInteger.valueOf(rate.denominator()));
        BigInteger[] qr = n.divideAndRemainder(d);
        return qr[1].signum() == 0 ? Optional.of(qr[0].longValueExact()) : Optional.empty();
    }

    /** Frames at {@code rate} for messages: "12" or "12 1/2". */
    String framesForDisplay(FrameRate rate) {
        BigInteger n = numerator.multiply(BigInteger.valueOf(rate.numerator()));
        BigInteger d = denominator.multiply(BigInteger.valueOf(rate.denominator()));
        BigInteger g = n.gcd(d);
        n = n.divide(g);
        d = d.divide(g);
        BigInteger[] qr = n.divideAndRemainder(d);
        return qr[1].signum() == 0 ? qr[0].toString() : qr[0] + " " + qr[1].abs() + "/" + d;
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
