package gateway.index.query;

import gateway.model.time.FrameRate;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** The value of a comparison, already checked for its field's kind. */
public sealed interface Quantity {

    /** A whole number of frames ({@code 240f}): compared with each asset's frame count. */
    record Frames(long frames) implements Quantity {}

    /** An exact time in seconds ({@code 10s}, {@code 1.5m}): compared at each asset's own rate. */
    record Seconds(BigDecimal seconds) implements Quantity {}

    /** A whole number (channels, pixels). */
    record Count(long value) implements Quantity {}

    /** A frame rate. */
    record Rate(FrameRate rate) implements Quantity {}

    /**
     * A span of time: a day is [00:00Z, next day 00:00Z), an instant is [t, t + 1 ms). Comparisons
     * treat it as a whole: {@code >day} means after the day ends.
     */
    record TimeSpan(Instant start, Instant endExclusive) implements Quantity {
        public static TimeSpan day(LocalDate day) {
            return new TimeSpan(
                    day.atStartOfDay().toInstant(ZoneOffset.UTC),
                    day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
        }

        public static TimeSpan at(Instant t) {
            return new TimeSpan(t, t.plusMillis(1));
        }
    }
}
