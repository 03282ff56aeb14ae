package gateway.relink.write.fcpxml;

import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import gateway.model.timeline.TimeScalar;
import java.math.BigInteger;

/**
 * An exact time in seconds as FCPXML writes it: {@code 1001/24000s}, {@code 3600s}. A frame count
 * at 24000/1001 is {@code frames x 1001/24000} seconds, so every time this writer prints is exact.
 */
record Seconds(BigInteger numerator, BigInteger denominator) implements Comparable<Seconds> {
    static final Seconds ZERO = new Seconds(BigInteger.ZERO, BigInteger.ONE);

    static Seconds of(BigInteger numerator, BigInteger denominator) {
        if (denominator.signum() < 0) {
            numerator = numerator.negate();
            denominator = denominator.negate();
        }
        BigInteger g = numerator.gcd(denominator);
        if (g.signum() == 0) {
            return ZERO;
        }
        return new Seconds(numerator.divide(g), denominator.divide(g));
    }

    static Seconds ofFrames(long frames, FrameRate rate) {
        return of(
                BigInteger.valueOf(frames).multiply(BigInteger.valueOf(rate.denominator())),
                BigInteger.valueOf(rate.numerator()));
    }

    static Seconds of(RationalTime t) {
        return ofFrames(t.value(), t.rate());
    }

    static Seconds whole(long seconds) {
        return new Seconds(BigInteger.valueOf(seconds), BigInteger.ONE);
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

    /** This time divided by a non-zero speed: how long playback takes to reach it. */
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

    @Override
    public int compareTo(Seconds o) {
        return numerator.multiply(o.denominator).compareTo(o.numerator.multiply(denominator));
    }

    /**
     * As FCP writes times: over the frame duration's denominator when the time falls on a frame at
     * {@code rate} ({@code 86486400/24000s}, {@code 86400/24s}), whole seconds as {@code 3600s},
     * else in lowest terms.
     */
    String on(FrameRate rate) {
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
    public String toString() {
        return denominator.equals(BigInteger.ONE) ? numerator + "s" : numerator + "/" + denominator + "s";
    }
}
