package gateway.model.timeline;

import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import java.math.BigInteger;
import java.math.RoundingMode;

/** A running position on a track as exact seconds (a fraction), so items at different rates add up. */
record TrackTime(BigInteger numerator, BigInteger denominator) {
    static final TrackTime ZERO = new TrackTime(BigInteger.ZERO, BigInteger.ONE);

    static TrackTime of(RationalTime t) {
        // seconds = value * den / num
        return reduce(
                BigInteger.valueOf(t.value())
                        .multiply(BigInteger.valueOf(t.rate().denominator())),
                BigInteger.valueOf(t.rate().numerator()));
    }

    TrackTime plus(TrackTime other) {
        return reduce(
                numerator.multiply(other.denominator).add(other.numerator.multiply(denominator)),
                denominator.multiply(other.denominator));
    }

    /** The frame count at {@code rate}; {@code mode} rounds when the time falls between frames. */
    long framesAt(FrameRate rate, RoundingMode mode, String what) {
        BigInteger n = numerator.multiply(BigInteger.valueOf(rate.numerator()));
        BigInteger d = denominator.multiply(BigInteger.valueOf(rate.denominator()));
        BigInteger[] qr = n.divideAndRemainder(d);
        if (qr[1].signum() == 0) {
            return qr[0].longValueExact();
        }
        return new java.math.BigDecimal(n)
                .divide(new java.math.BigDecimal(d), 0, checked(mode, what, rate))
                .longValueExact();
    }

    private static RoundingMode checked(RoundingMode mode, String what, FrameRate rate) {
        if (mode == RoundingMode.UNNECESSARY) {
            throw gateway.model.error.GatewayException.invalid(
                    what + " does not fall on a whole frame at " + rate.toFpsString() + "; ask for a rounding mode");
        }
        return mode;
    }

    private static TrackTime reduce(BigInteger n, BigInteger d) {
        BigInteger g = n.gcd(d);
        if (g.signum() == 0) {
            return ZERO;
        }
        return new TrackTime(n.divide(g), d.divide(g));
    }
}
