package gateway.relink.read.aaf;

import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import java.math.BigInteger;

/** Edit rates as AAF stores them (two int32) and exact moves of a position from one rate to another. */
final class Rates {
    private Rates() {}

    /** {@code position} edit units at {@code from} as edit units at {@code to}, rounded down. */
    static long rescale(long position, long[] from, long[] to) {
        if (from[0] == to[0] && from[1] == to[1]) {
            return position;
        }
        BigInteger n =
                BigInteger.valueOf(position).multiply(BigInteger.valueOf(to[0])).multiply(BigInteger.valueOf(from[1]));
        BigInteger d = BigInteger.valueOf(to[1]).multiply(BigInteger.valueOf(from[0]));
        BigInteger[] qr = n.divideAndRemainder(d);
        long q = qr[0].longValueExact();
        return qr[1].signum() < 0 ? q - 1 : q;
    }

    static boolean valid(long[] rate) {
        return rate[0] > 0 && rate[1] > 0;
    }

    static FrameRate frameRate(long[] rate) {
        return FrameRate.of(rate[0], rate[1]);
    }

    /** The rate as a message shows it ("25 fps"); a rate that is not one, as the file stores it. */
    static String text(long[] rate) {
        if (!valid(rate)) {
            return rate[0] + "/" + rate[1];
        }
        try {
            return frameRate(rate).toFpsString();
        } catch (GatewayException e) {
            return rate[0] + "/" + rate[1]; // outside what a FrameRate holds (int numerator and denominator)
        }
    }
}
