package gateway.protos.mapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import gateway.model.time.TimeRange;
import gateway.protos.common.v1.Time;
import org.junit.jupiter.api.Test;

class TimeMapperTest {

    @Test
    void frameRateRoundTripsExactly() {
        for (FrameRate rate :
                new FrameRate[] {FrameRate.FPS_23_976, FrameRate.FPS_24, FrameRate.FPS_29_97, FrameRate.FPS_59_94}) {
            gateway.protos.common.v1.FrameRate wire = TimeMapper.toProto(rate);
            assertEquals(rate, TimeMapper.fromProto(wire, "rate"));
        }
        assertEquals(24000, TimeMapper.toProto(FrameRate.FPS_23_976).getNum());
        assertEquals(1001, TimeMapper.toProto(FrameRate.FPS_23_976).getDen());
    }

    @Test
    void timeRoundTripsKeepingTheRate() {
        RationalTime t = RationalTime.of(1_226_505, FrameRate.FPS_23_976);
        Time wire = TimeMapper.toProto(t);
        assertEquals(1_226_505, wire.getValue());
        assertEquals(24000, wire.getRateNum());
        assertEquals(1001, wire.getRateDen());
        assertEquals(t, TimeMapper.fromProto(wire, "at"));
    }

    @Test
    void negativeTimeIsCarried() {
        RationalTime t = RationalTime.of(-3, FrameRate.FPS_25);
        assertEquals(t, TimeMapper.fromProto(TimeMapper.toProto(t), "at"));
    }

    @Test
    void rangeRoundTrips() {
        TimeRange r = TimeRange.of(86_400, 49, FrameRate.FPS_25);
        gateway.protos.common.v1.TimeRange wire = TimeMapper.toProto(r);
        assertEquals(49, wire.getDurationFrames());
        assertEquals(r, TimeMapper.fromProto(wire, "range"));
    }

    @Test
    void rateNotInLowestTermsIsReduced() {
        Time wire = Time.newBuilder().setValue(10).setRateNum(48).setRateDen(2).build();
        assertEquals(RationalTime.of(10, FrameRate.FPS_24), TimeMapper.fromProto(wire, "at"));
    }

    @Test
    void missingRateIsInvalidAndNamesTheField() {
        GatewayException e = assertThrows(
                GatewayException.class,
                () -> TimeMapper.fromProto(Time.newBuilder().setValue(5).build(), "seek.to"));
        assertEquals(Reason.INVALID_ARGUMENT, e.reason());
        assertTrue(e.getMessage().contains("'seek.to'"), e.getMessage());
    }

    @Test
    void negativeRateIsInvalid() {
        var wire = gateway.protos.common.v1.FrameRate.newBuilder()
                .setNum(-24)
                .setDen(1)
                .build();
        GatewayException e = assertThrows(GatewayException.class, () -> TimeMapper.fromProto(wire, "rate"));
        assertEquals(Reason.INVALID_ARGUMENT, e.reason());
        assertTrue(e.getMessage().contains("'rate'"), e.getMessage());
    }

    @Test
    void rangeWithoutStartOrWithNegativeDurationIsInvalid() {
        var noStart = gateway.protos.common.v1.TimeRange.newBuilder()
                .setDurationFrames(3)
                .build();
        GatewayException e1 =
                assertThrows(GatewayException.class, () -> TimeMapper.fromProto(noStart, "prefetch.ranges"));
        assertTrue(e1.getMessage().contains("'prefetch.ranges.start'"), e1.getMessage());

        var negative = TimeMapper.toProto(TimeRange.of(0, 3, FrameRate.FPS_24)).toBuilder()
                .setDurationFrames(-1)
                .build();
        GatewayException e2 = assertThrows(GatewayException.class, () -> TimeMapper.fromProto(negative, "r"));
        assertEquals(Reason.INVALID_ARGUMENT, e2.reason());
        assertTrue(e2.getMessage().contains("'r.duration_frames'"), e2.getMessage());
    }

    @Test
    void rangeWithBadStartRateNamesTheNestedField() {
        var bad = gateway.protos.common.v1.TimeRange.newBuilder()
                .setStart(Time.newBuilder().setValue(1).setRateNum(24).setRateDen(0))
                .setDurationFrames(3)
                .build();
        GatewayException e = assertThrows(GatewayException.class, () -> TimeMapper.fromProto(bad, "source_overlaps"));
        assertTrue(e.getMessage().contains("'source_overlaps.start'"), e.getMessage());
    }
}
