package gateway.relink.read.fcpxml;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.Fraction;
import gateway.model.time.FrameRate;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.Optional;

/**
 * An FCPXML time value: an exact rational number of seconds ({@code "3003/30000s"}, {@code "5s"},
 * {@code "0s"}), kept in lowest terms with a positive denominator. Nothing is rounded until a
 * caller asks for frames with an explicit rounding mode.
 */
record FcpTime(BigInteger numerator, BigInteger denominator) implements Comparable<FcpTime> {
    static final FcpTime ZERO = new FcpTime(BigInteger.ZERO, BigInteger.ONE);

    FcpTime {
        Objects.requireNonNull(numerator, "numerator");
        Objects.requireNonNull(denominator, "denominator");
        if (denominator.signum() <= 0) {
            throw new IllegalArgumentException("denominator must be positive: " + denominator);
        }
    }

    static FcpTime of(BigInteger numerator, BigInteger denominator) {
        if (denominator.signum() == 0) {
            throw GatewayException.invalid("time " + numerator + "/0s has a zero denominator");
        }
        if (denominator.signum() < 0) {
            numerator = numerator.negate();
            denominator = denominator.negate();
        }
        BigInteger g = numerator.gcd(denominator);
        if (g.signum() == 0 || g.equals(BigInteger.ONE)) {
            return numerator.signum() == 0 ? ZERO : new FcpTime(numerator, denominator);
        }
        return new FcpTime(numerator.divide(g), denominator.divide(g));
    }

    static FcpTime of(long numerator, long denominator) {
        return of(BigInteger.valueOf(numerator), BigInteger.valueOf(denominator));
    }

    static FcpTime seconds(long seconds) {
        return of(seconds, 1);
    }

    /** The length of one frame at {@code rate}. */
    static FcpTime frameDuration(FrameRate rate) {
        return of(rate.denominator(), rate.numerator());
    }

    /**
     * Parses {@code [-]N/Ds} or {@code [-]Ns}; {@code where} names the attribute in the message
     * (e.g. "offset of asset-clip 'A001'").
     */
    static FcpTime parse(String text, String where) {
        if (text == null || text.isBlank()) {
            throw new GatewayException(Reason.PARSE_ERROR, where + " is empty; expected a time such as 3003/30000s");
        }
        String s = text.trim();
        if (!s.endsWith("s")) {
            throw bad(text, where);
        }
        String body = s.substring(0, s.length() - 1);
        int slash = body.indexOf('/');
        String num = slash < 0 ? body : body.substring(0, slash);
        String den = slash < 0 ? "1" : body.substring(slash + 1);
        if (!isInteger(num, true) || !isInteger(den, false)) {
            throw bad(text, where);
        }
        BigInteger d = new BigInteger(den);
        if (d.signum() == 0) {
            throw new GatewayException(Reason.PARSE_ERROR, where + " '" + text + "' divides by zero");
        }
        return of(new BigInteger(num), d);
    }

    private static boolean isInteger(String s, boolean signed) {
        int start = signed && s.startsWith("-") ? 1 : 0;
        if (s.length() == start || s.length() - start > 30) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static GatewayException bad(String text, String where) {
        return new GatewayException(
                Reason.PARSE_ERROR,
                where + " '" + text + "' is not an FCPXML time; expected N/Ds or Ns (e.g. 3003/30000s, 5s)");
    }

    FcpTime plus(FcpTime o) {
        return of(
                numerator.multiply(o.denominator).add(o.numerator.multiply(denominator)),
                denominator.multiply(o.denominator));
    }

    FcpTime minus(FcpTime o) {
        return plus(o.negate());
    }

    FcpTime negate() {
        return new FcpTime(numerator.negate(), denominator);
    }

    FcpTime times(FcpTime o) {
        return of(numerator.multiply(o.numerator), denominator.multiply(o.denominator));
    }

    FcpTime dividedBy(FcpTime o) {
        if (o.numerator.signum() == 0) {
            throw GatewayException.invalid("cannot divide " + this + " by zero");
        }
        return of(numerator.multiply(o.denominator), denominator.multiply(o.numerator));
    }

    int signum() {
        return numerator.signum();
    }

    boolean isZero() {
        return numerator.signum() == 0;
    }

    /** This time as frames at {@code rate}, when it falls exactly on a frame. */
    Optional<Long> exactFrames(FrameRate rate) {
        BigInteger[] qr = scaled(rate);
        return qr[1].signum() == 0 ? Optional.of(qr[0].longValueExact()) : Optional.empty();
    }

    /** This time as frames at {@code rate}, rounded as asked ({@code UNNECESSARY} fails when off the grid). */
    long frames(FrameRate rate, RoundingMode mode) {
        BigInteger n = numerator.multiply(BigInteger.valueOf(rate.numerator()));
        BigInteger d = denominator.multiply(BigInteger.valueOf(rate.denominator()));
        try {
            return new BigDecimal(n).divide(new BigDecimal(d), 0, mode).longValueExact();
        } catch (ArithmeticException e) {
            throw GatewayException.invalid(this + " does not fall on a whole frame at " + rate.toFpsString());
        }
    }

    /** This time in frames at {@code rate} as a decimal (three places), for messages only. */
    String framesForDisplay(FrameRate rate) {
        BigInteger n = numerator.multiply(BigInteger.valueOf(rate.numerator()));
        BigInteger d = denominator.multiply(BigInteger.valueOf(rate.denominator()));
        return new BigDecimal(n)
                .divide(new BigDecimal(d), 3, RoundingMode.HALF_EVEN)
                .stripTrailingZeros()
                .toPlainString();
    }

    private BigInteger[] scaled(FrameRate rate) {
        BigInteger n = numerator.multiply(BigInteger.valueOf(rate.numerator()));
        BigInteger d = denominator.multiply(BigInteger.valueOf(rate.denominator()));
        return n.divideAndRemainder(d);
    }

    /** This time as an exact number of frames at {@code rate} (no rounding). */
    Fraction inFrames(FrameRate rate) {
        return Fraction.of(
                numerator.multiply(BigInteger.valueOf(rate.numerator())),
                denominator.multiply(BigInteger.valueOf(rate.denominator())));
    }

    /** A frame rate whose frame lasts this long (for a {@code frameDuration}). */
    FrameRate asFrameDuration(String where) {
        if (signum() <= 0) {
            throw new GatewayException(Reason.PARSE_ERROR, where + " " + this + " is not a positive frame duration");
        }
        try {
            return FrameRate.of(denominator.longValueExact(), numerator.longValueExact());
        } catch (ArithmeticException | GatewayException e) {
            throw new GatewayException(Reason.PARSE_ERROR, where + " " + this + " is not a usable frame duration", e);
        }
    }

    @Override
    public int compareTo(FcpTime o) {
        return numerator.multiply(o.denominator).compareTo(o.numerator.multiply(denominator));
    }

    FcpTime max(FcpTime o) {
        return compareTo(o) >= 0 ? this : o;
    }

    /** The FCPXML spelling: "3003/30000s", "5s". */
    @Override
    public String toString() {
        return denominator.equals(BigInteger.ONE) ? numerator + "s" : numerator + "/" + denominator + "s";
    }
}
