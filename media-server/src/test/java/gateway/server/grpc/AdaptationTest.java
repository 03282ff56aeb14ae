package gateway.server.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdaptationTest {
    private static final long SECOND = 1_000_000_000L;
    private final Adaptation adaptation = new Adaptation(400_000, 1_000_000, 3);

    private static Throughput measured(long... bytesPerSecondOfEachFragment) {
        Throughput t = new Throughput(3);
        for (long b : bytesPerSecondOfEachFragment) {
            t.record(b, SECOND);
        }
        return t;
    }

    @Test
    void judgesOnlyAFullWindow() {
        assertEquals(Optional.empty(), adaptation.choose("stream-hi", true, measured(10, 10)));
        assertEquals(Optional.of("stream-lo"), adaptation.choose("stream-hi", true, measured(10, 10, 10)));
    }

    @Test
    void goesDownBelowTheLowMarkAndBackUpAboveTheHighMarkOnlyWhenAllowed() {
        assertEquals(Optional.empty(), adaptation.choose("stream-hi", true, measured(500_000, 500_000, 500_000)));
        assertEquals(
                Optional.of("stream-lo"), adaptation.choose("stream-hi", true, measured(300_000, 300_000, 300_000)));
        assertEquals(Optional.empty(), adaptation.choose("stream-lo", true, measured(900_000, 900_000, 900_000)));
        assertEquals(
                Optional.of("stream-hi"),
                adaptation.choose("stream-lo", true, measured(2_000_000, 2_000_000, 2_000_000)));
        assertEquals(
                Optional.empty(), adaptation.choose("stream-lo", false, measured(2_000_000, 2_000_000, 2_000_000)));
        assertEquals(Optional.empty(), adaptation.choose("scrub", true, measured(1, 1, 1)));
    }

    @Test
    void theRateIsTheLatestWindowsBytesOverItsTime() {
        Throughput t = measured(100, 100, 100);
        t.record(1_000_000, SECOND);
        t.record(1_000_000, SECOND);
        t.record(1_000_000, SECOND);
        assertEquals(1_000_000, t.bytesPerSecond());
        t.record(4_000_000, 2 * SECOND);
        assertEquals(6_000_000 * 1_000_000_000L / (4 * SECOND), t.bytesPerSecond());
        t.reset();
        assertEquals(0, t.bytesPerSecond());
    }

    @Test
    void refusesThresholdsOutOfOrder() {
        assertThrows(IllegalArgumentException.class, () -> new Adaptation(2, 1, 3));
        assertThrows(IllegalArgumentException.class, () -> new Adaptation(1, 2, 0));
    }
}
