package gateway.model.timeline;

import gateway.model.error.GatewayException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * A playback speed as an exact fraction: 1 is normal speed, 2 twice as fast, -1 reverse, 0 a
 * freeze. An EDL's {@code M2 047.6} at 24 fps is 476/240 = 119/60, not 1.9833.
 */
public record TimeScalar(long numerator, long denominator) {
    public static final TimeScalar NORMAL = new TimeScalar(1, 1);

    public TimeScalar {
        if (denominator <= 0) {
            throw GatewayException.invalid(
                    "time scalar " + numerator + "/" + denominator + " must have a positive denominator");
        }
        if (BigInteger.valueOf(numerator).gcd(BigInteger.valueOf(denominator)).longValue() != 1 && numerator != 0) {
            throw GatewayException.invalid(
                    "time scalar " + numerator + "/" + denominator + " is not in lowest terms; use TimeScalar.of");
        }
        if (numerator == 0 && denominator != 1) {
            throw GatewayException.invalid("time scalar 0/" + denominator + " must be written 0/1");
        }
    }

    /** num/den reduced to lowest terms (sign on the numerator). */
    public static TimeScalar of(long numerator, long denominator) {
        if (denominator == 0) {
            throw GatewayException.invalid("time scalar " + numerator + "/0 has a zero denominator");
        }
        if (numerator == 0) {
            return new TimeScalar(0, 1);
        }
        long sign = Long.signum(denominator);
        long g = BigInteger.valueOf(numerator)
                .gcd(BigInteger.valueOf(denominator))
                .longValue();
        return new TimeScalar(sign * numerator / g, sign * denominator / g);
    }

    /** An exact decimal ("1.5", "-1"). */
    public static TimeScalar of(BigDecimal value) {
        BigDecimal v = value.stripTrailingZeros();
        if (v.scale() <= 0) {
            return of(v.toBigIntegerExact().longValueExact(), 1);
        }
        return of(
                v.unscaledValue().longValueExact(),
                BigInteger.TEN.pow(v.scale()).longValueExact());
    }

    /** The scalar of a speed in frames per second played back at {@code baseFramesPerSecond}: 47.6 / 24. */
    public static TimeScalar ofSpeed(BigDecimal framesPerSecond, long baseFramesPerSecond) {
        TimeScalar speed = of(framesPerSecond);
        return of(speed.numerator, Math.multiplyExact(speed.denominator, baseFramesPerSecond));
    }

    public boolean isFreeze() {
        return numerator == 0;
    }

    public boolean isReverse() {
        return numerator < 0;
    }

    /** {@code frames * this}, rounded as asked: how many source frames {@code frames} of playback consume. */
    public long times(long frames, RoundingMode mode) {
        return new BigDecimal(BigInteger.valueOf(frames).multiply(BigInteger.valueOf(numerator)))
                .divide(BigDecimal.valueOf(denominator), 0, mode)
                .longValueExact();
    }

    /** The scalar as a decimal, for display and for formats that store decimals. */
    public BigDecimal toBigDecimal(MathContext context) {
        return BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), context);
    }

    @Override
    public String toString() {
        return denominator == 1 ? Long.toString(numerator) : numerator + "/" + denominator;
    }
}
