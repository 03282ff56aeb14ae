package gateway.relink.link;

import gateway.model.time.FrameRate;
import gateway.model.time.TimeRange;
import gateway.model.timeline.Item;
import gateway.model.timeline.Transition;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Walks a track once, item by item, giving each item's range in the track's time frame exactly as
 * {@code Track.rangeOf(index, mode)} does, in linear time for the whole track (rangeOf sums every
 * item before the one asked for, which is quadratic over a 10,000-event list). The running
 * position is exact seconds, so items at different rates add up.
 */
final class TrackClock {
    private BigInteger numerator = BigInteger.ZERO;
    private BigInteger denominator = BigInteger.ONE;

    /** The range of {@code item}, the next item of the track, at its own rate; then moves past it. */
    TimeRange next(Item item, RoundingMode mode) {
        FrameRate rate = item.duration().rate();
        long start = framesAt(rate, mode);
        TimeRange range = item instanceof Transition t
                ? TimeRange.of(start - t.inOffsetFrames(), t.lengthFrames(), rate)
                : TimeRange.of(start, item.duration().value(), rate);
        BigInteger n = BigInteger.valueOf(item.duration().value()).multiply(BigInteger.valueOf(rate.denominator()));
        BigInteger d = BigInteger.valueOf(rate.numerator());
        if (d.equals(denominator)) {
            numerator = numerator.add(n);
        } else {
            numerator = numerator.multiply(d).add(n.multiply(denominator));
            denominator = denominator.multiply(d);
            BigInteger g = numerator.gcd(denominator);
            if (g.signum() != 0 && !g.equals(BigInteger.ONE)) {
                numerator = numerator.divide(g);
                denominator = denominator.divide(g);
            }
        }
        return range;
    }

    private long framesAt(FrameRate rate, RoundingMode mode) {
        BigInteger n = numerator.multiply(BigInteger.valueOf(rate.numerator()));
        BigInteger d = denominator.multiply(BigInteger.valueOf(rate.denominator()));
        BigInteger[] qr = n.divideAndRemainder(d);
        if (qr[1].signum() == 0) {
            return qr[0].longValueExact();
        }
        return new BigDecimal(n).divide(new BigDecimal(d), 0, mode).longValueExact();
    }
}
