package gateway.protos.mapper;

import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import gateway.model.time.TimeRange;
import gateway.protos.common.v1.Time;

/**
 * Exact time between the model and the wire: {@link FrameRate}, {@link RationalTime} and {@link
 * TimeRange} to and from their {@code gateway.common.v1} messages. Reading from the wire validates
 * and names the offending field in an INVALID_ARGUMENT error; a rate that is not in lowest terms
 * (48/2) is reduced, which keeps every frame count meaning the same instant.
 */
public final class TimeMapper {
    private TimeMapper() {}

    public static gateway.protos.common.v1.FrameRate toProto(FrameRate rate) {
        return gateway.protos.common.v1.FrameRate.newBuilder()
                .setNum(rate.numerator())
                .setDen(rate.denominator())
                .build();
    }

    /** The rate in {@code message}; {@code field} names it in the error when it is missing or not positive. */
    public static FrameRate fromProto(gateway.protos.common.v1.FrameRate message, String field) {
        return rate(message.getNum(), message.getDen(), field);
    }

    public static Time toProto(RationalTime time) {
        return Time.newBuilder()
                .setValue(time.value())
                .setRateNum(time.rate().numerator())
                .setRateDen(time.rate().denominator())
                .build();
    }

    /** The time in {@code message}; {@code field} names it in the error when its rate is missing or not positive. */
    public static RationalTime fromProto(Time message, String field) {
        return RationalTime.of(message.getValue(), rate(message.getRateNum(), message.getRateDen(), field));
    }

    public static gateway.protos.common.v1.TimeRange toProto(TimeRange range) {
        return gateway.protos.common.v1.TimeRange.newBuilder()
                .setStart(toProto(range.start()))
                .setDurationFrames(range.durationFrames())
                .build();
    }

    /** The half-open range in {@code message}; its start must be set and its duration must not be negative. */
    public static TimeRange fromProto(gateway.protos.common.v1.TimeRange message, String field) {
        if (!message.hasStart()) {
            throw GatewayException.invalid("field '" + field + ".start' is missing: a time range needs a start");
        }
        if (message.getDurationFrames() < 0) {
            throw GatewayException.invalid("field '" + field + ".duration_frames' is " + message.getDurationFrames()
                    + ": a duration must not be negative");
        }
        return TimeRange.of(fromProto(message.getStart(), field + ".start"), message.getDurationFrames());
    }

    private static FrameRate rate(int num, int den, String field) {
        if (num <= 0 || den <= 0) {
            throw GatewayException.invalid("field '" + field + "' has frame rate " + num + "/" + den
                    + ": numerator and denominator must be positive (e.g. 24000/1001)");
        }
        return FrameRate.of(num, den);
    }
}
