package gateway.proxy.finish;

import gateway.model.time.Fraction;
import gateway.model.time.FrameRate;
import java.math.BigInteger;

/** Audio sample positions at one sample rate: from frames (first sample at or after the frame) and from nanoseconds. */
record SampleClock(int sampleRate) {

    /** The first sample at or after the start of frame {@code frame}: ceil(frame * rate * den / num). */
    long atFrame(long frame, FrameRate rate) {
        BigInteger n = BigInteger.valueOf(frame)
                .multiply(BigInteger.valueOf(sampleRate))
                .multiply(BigInteger.valueOf(rate.denominator()));
        BigInteger[] qr = n.divideAndRemainder(BigInteger.valueOf(rate.numerator()));
        return qr[0].longValueExact() + (qr[1].signum() > 0 ? 1 : 0);
    }

    /** The exact position of the start of sample {@code sample} in frames at {@code rate}: sample x num / (sampleRate x den). */
    Fraction framesAt(long sample, FrameRate rate) {
        return Fraction.of(
                BigInteger.valueOf(sample).multiply(BigInteger.valueOf(rate.numerator())),
                BigInteger.valueOf(sampleRate).multiply(BigInteger.valueOf(rate.denominator())));
    }

    /** The sample nearest to {@code nanos}. */
    long atNanos(long nanos) {
        return BigInteger.valueOf(nanos)
                .multiply(BigInteger.valueOf(sampleRate))
                .add(BigInteger.valueOf(500_000_000L))
                .divide(BigInteger.valueOf(1_000_000_000L))
                .longValueExact();
    }

    /** The start of sample {@code sample} in nanoseconds (rounded down). */
    long nanosOf(long sample) {
        return BigInteger.valueOf(sample)
                .multiply(BigInteger.valueOf(1_000_000_000L))
                .divide(BigInteger.valueOf(sampleRate))
                .longValueExact();
    }
}
