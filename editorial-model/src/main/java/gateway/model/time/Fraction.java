package gateway.model.time;

import gateway.model.error.GatewayException;
import java.math.BigInteger;
import java.util.Objects;

/**
 * An exact rational number in lowest terms with a positive denominator: a position between frames
 * ("12 and 1/3 frames") or a slope, never a {@code double}. Turning it into a whole number takes an
 * explicit rounding ({@link #floor()}, {@link #ceiling()}).
 */
public record Fraction(BigInteger numerator, BigInteger denominator) implements Comparable<Fraction> {
    public static final Fraction ZERO = new Fraction(BigInteger.ZERO, BigInteger.ONE);
    public static final Fraction ONE = new Fraction(BigInteger.ONE, BigInteger.ONE);

    public Fraction {
        Objects.requireNonNull(numerator, "numerator");
        Objects.requireNonNull(denominator, "denominator");
        if (denominator.signum() <= 0) {
            throw GatewayException.invalid(
                    "fraction " + numerator + "/" + denominator + " must have a positive denominator");
        }
        if (!numerator.gcd(denominator).equals(BigInteger.ONE) && numerator.signum() != 0
                || numerator.signum() == 0 && !denominator.equals(BigInteger.ONE)) {
            throw GatewayException.invalid(
                    "fraction " + numerator + "/" + denominator + " is not in lowest terms; use Fraction.of");
        }
    }

    /** num/den reduced to lowest terms (sign on the numerator). */
    public static Fraction of(BigInteger numerator, BigInteger denominator) {
        if (denominator.signum() == 0) {
            throw GatewayException.invalid("fraction " + numerator + "/0 has a zero denominator");
        }
        if (numerator.signum() == 0) {
            return ZERO;
        }
        if (denominator.signum() < 0) {
            numerator = numerator.negate();
            denominator = denominator.negate();
        }
        BigInteger g = numerator.gcd(denominator);
        return new Fraction(numerator.divide(g), denominator.divide(g));
    }

    public static Fraction of(long numerator, long denominator) {
        return of(BigInteger.valueOf(numerator), BigInteger.valueOf(denominator));
    }

    public static Fraction of(long whole) {
        return of(whole, 1);
    }

    /** Parses {@link #toString()}'s spelling: "7", "-1/3" (any sign, reduced on the way in). */
    public static Fraction parse(String text) {
        String s = text == null ? "" : text.strip();
        int slash = s.indexOf('/');
        try {
            return slash < 0
                    ? of(new BigInteger(s), BigInteger.ONE)
                    : of(
                            new BigInteger(s.substring(0, slash).strip()),
                            new BigInteger(s.substring(slash + 1).strip()));
        } catch (NumberFormatException e) {
            throw GatewayException.invalid("'" + text + "' is not a fraction; expected e.g. 7 or -1/3");
        }
    }

    /** {@code frames} at {@code from} as a number of frames at {@code to}, exactly (no rounding). */
    public static Fraction rescaled(Fraction frames, FrameRate from, FrameRate to) {
        return frames.times(of((long) to.numerator() * from.denominator(), (long) to.denominator() * from.numerator()));
    }

    public Fraction plus(Fraction o) {
        return of(
                numerator.multiply(o.denominator).add(o.numerator.multiply(denominator)),
                denominator.multiply(o.denominator));
    }

    public Fraction minus(Fraction o) {
        return plus(o.negate());
    }

    public Fraction negate() {
        return new Fraction(numerator.negate(), denominator);
    }

    public Fraction times(Fraction o) {
        return of(numerator.multiply(o.numerator), denominator.multiply(o.denominator));
    }

    public Fraction dividedBy(Fraction o) {
        if (o.signum() == 0) {
            throw GatewayException.invalid("cannot divide " + this + " by zero");
        }
        return of(numerator.multiply(o.denominator), denominator.multiply(o.numerator));
    }

    public int signum() {
        return numerator.signum();
    }

    public boolean isWhole() {
        return denominator.equals(BigInteger.ONE);
    }

    /** The largest whole number not above this one (-1/2 gives -1). */
    public long floor() {
        BigInteger[] qr = numerator.divideAndRemainder(denominator);
        BigInteger q = qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
        return q.longValueExact();
    }

    /** The smallest whole number not below this one (1/2 gives 1). */
    public long ceiling() {
        return -negate().floor();
    }

    @Override
    public int compareTo(Fraction o) {
        return numerator.multiply(o.denominator).compareTo(o.numerator.multiply(denominator));
    }

    /** "7", "-1/3". */
    @Override
    public String toString() {
        return isWhole() ? numerator.toString() : numerator + "/" + denominator;
    }
}
