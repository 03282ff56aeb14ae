package gateway.model.time;

import gateway.model.error.GatewayException;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A frame rate as an exact rational, always in lowest terms: 23.976 is 24000/1001 and is never
 * equal to 24/1.
 */
public record FrameRate(int numerator, int denominator) implements Comparable<FrameRate> {
    public static final FrameRate FPS_23_976 = new FrameRate(24000, 1001);
    public static final FrameRate FPS_24 = new FrameRate(24, 1);
    public static final FrameRate FPS_25 = new FrameRate(25, 1);
    public static final FrameRate FPS_29_97 = new FrameRate(30000, 1001);
    public static final FrameRate FPS_30 = new FrameRate(30, 1);
    public static final FrameRate FPS_48 = new FrameRate(48, 1);
    public static final FrameRate FPS_50 = new FrameRate(50, 1);
    public static final FrameRate FPS_59_94 = new FrameRate(60000, 1001);
    public static final FrameRate FPS_60 = new FrameRate(60, 1);

    public FrameRate {
        if (numerator <= 0 || denominator <= 0) {
            throw GatewayException.invalid(
                    "frame rate " + numerator + "/" + denominator + " must have a positive numerator and denominator");
        }
        int g = gcd(numerator, denominator);
        if (g != 1) {
            throw GatewayException.invalid("frame rate " + numerator + "/" + denominator
                    + " is not in lowest terms; use FrameRate.of(" + numerator + ", " + denominator + ")");
        }
    }

    /** The rate num/den, reduced to lowest terms. */
    public static FrameRate of(long numerator, long denominator) {
        if (numerator <= 0 || denominator <= 0) {
            throw GatewayException.invalid(
                    "frame rate " + numerator + "/" + denominator + " must have a positive numerator and denominator");
        }
        long g = gcd(numerator, denominator);
        long n = numerator / g;
        long d = denominator / g;
        if (n > Integer.MAX_VALUE || d > Integer.MAX_VALUE) {
            throw GatewayException.invalid("frame rate " + numerator + "/" + denominator + " is out of range");
        }
        return new FrameRate((int) n, (int) d);
    }

    /** A whole-number rate such as 25. */
    public static FrameRate of(int framesPerSecond) {
        return of(framesPerSecond, 1);
    }

    /**
     * Parses "24000/1001", "25/1", "25", or a decimal NTSC name ("23.976", "23.98", "23.97",
     * "29.97", "59.94", "47.95", "119.88"): a decimal with at least two places that is n * 1000/1001
     * for a whole n, rounded or truncated to the places written. Any other decimal with a fraction
     * ("24.5", "23.99", "29.9") is rejected: it has no exact meaning.
     */
    public static FrameRate parse(String text) {
        if (text == null || text.isBlank()) {
            throw GatewayException.invalid(
                    "frame rate '" + (text == null ? "" : text) + "' is empty; expected e.g. 24000/1001, 25 or 29.97");
        }
        String s = text.trim();
        try {
            int slash = s.indexOf('/');
            if (slash >= 0) {
                return of(
                        Long.parseLong(s.substring(0, slash).trim()),
                        Long.parseLong(s.substring(slash + 1).trim()));
            }
            BigDecimal value = new BigDecimal(s).stripTrailingZeros();
            if (value.signum() <= 0) {
                throw GatewayException.invalid("frame rate '" + text + "' must be positive");
            }
            if (value.scale() <= 0) {
                return of(value.longValueExact(), 1);
            }
            FrameRate ntsc = ntscNamed(value);
            if (ntsc != null) {
                return ntsc;
            }
        } catch (NumberFormatException | ArithmeticException e) {
            throw GatewayException.invalid(
                    "frame rate '" + text + "' is not a number; expected e.g. 24000/1001, 25 or 29.97");
        }
        throw GatewayException.invalid("frame rate '" + text
                + "' is not exact; write it as a fraction (e.g. 24000/1001) or an NTSC rate (23.976, 29.97, 59.94)");
    }

    /** The rate n*1000/1001 that {@code value} names (rounded or truncated to its places), or null. */
    private static FrameRate ntscNamed(BigDecimal value) {
        if (value.scale() < 2) {
            return null;
        }
        long nominal = value.multiply(BigDecimal.valueOf(1001))
                .divide(BigDecimal.valueOf(1000))
                .setScale(0, RoundingMode.HALF_UP)
                .longValueExact();
        if (nominal <= 0) {
            return null;
        }
        // Exact test of value - ulp/2 <= nominal*1000/1001 < value + ulp, multiplied through by 1001.
        BigDecimal exactTimes1001 = BigDecimal.valueOf(Math.multiplyExact(nominal, 1000L));
        BigDecimal ulp = value.ulp();
        BigDecimal low = value.subtract(ulp.divide(BigDecimal.valueOf(2))).multiply(BigDecimal.valueOf(1001));
        BigDecimal high = value.add(ulp).multiply(BigDecimal.valueOf(1001));
        if (low.compareTo(exactTimes1001) <= 0 && exactTimes1001.compareTo(high) < 0) {
            return of(nominal * 1000, 1001);
        }
        return null;
    }

    /** True for the 1000/1001 family (23.976, 29.97, 59.94 ...). */
    public boolean isNtsc() {
        return denominator == 1001;
    }

    /** The frame count per timecode second: 24 for 23.976, 30 for 29.97, 25 for 25. */
    public int timecodeBase() {
        return (int) ((numerator + (long) denominator - 1) / denominator);
    }

    /** Drop-frame timecode is defined for 29.97 and 59.94 only. */
    public boolean supportsDropFrame() {
        return equals(FPS_29_97) || equals(FPS_59_94);
    }

    /** The rate as a decimal for display only ("23.976", "25"): never for arithmetic. */
    public String toDecimalString() {
        BigDecimal v = BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), 3, RoundingMode.HALF_EVEN);
        return v.stripTrailingZeros().toPlainString();
    }

    /**
     * The rate as people read it, for messages ("24 fps", "23.976 fps", "29.97 fps"); {@link
     * #toString} is the exact spelling for the wire and JSON.
     */
    public String toFpsString() {
        return toDecimalString() + " fps";
    }

    /** As {@link #toFpsString()}, with " DF" when {@code dropFrame} and the rate has drop-frame timecode. */
    public String toFpsString(boolean dropFrame) {
        return toFpsString() + (dropFrame && supportsDropFrame() ? " DF" : "");
    }

    /** Exact comparison by value: 24000/1001 < 24/1. */
    @Override
    public int compareTo(FrameRate other) {
        return Long.compare((long) numerator * other.denominator, (long) other.numerator * denominator);
    }

    /** "24000/1001", "25/1": the canonical wire and JSON spelling. */
    @Override
    public String toString() {
        return numerator + "/" + denominator;
    }

    private static int gcd(int a, int b) {
        return (int) gcd((long) a, (long) b);
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
