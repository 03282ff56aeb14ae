package gateway.server.stream;

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
        assertEquals(Optional.empty(), adaptation.choose("stream-hi", true, measured(10, 10), 0));
        assertEquals(Optional.of("stream-lo"), adaptation.choose("stream-hi", true, measured(10, 10, 10), 0));
    }

    @Test
    void goesDownBelowTheLowMarkAndBackUpAboveTheHighMarkOnlyWhenAllowed() {
        assertEquals(Optional.empty(), adaptation.choose("stream-hi", true, measured(500_000, 500_000, 500_000), 0));
        assertEquals(
                Optional.of("stream-lo"), adaptation.choose("stream-hi", true, measured(300_000, 300_000, 300_000), 0));
        assertEquals(Optional.empty(), adaptation.choose("stream-lo", true, measured(900_000, 900_000, 900_000), 0));
        assertEquals(
                Optional.of("stream-hi"),
                adaptation.choose("stream-lo", true, measured(2_000_000, 2_000_000, 2_000_000), 0));
        assertEquals(
                Optional.empty(), adaptation.choose("stream-lo", false, measured(2_000_000, 2_000_000, 2_000_000), 0));
        assertEquals(Optional.empty(), adaptation.choose("scrub", true, measured(1, 1, 1), 0));
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
    void aClientEstimateBelowWhatCarriesAStreamHiFragmentWithinTheSeekBudgetStartsOnStreamLo() {
        // 150 ms for a 300 kB fragment: 2 MB/s.
        Adaptation a = new Adaptation(400_000, 1_000_000, 3, 150_000_000L);
        assertEquals(2_000_000, a.carrying(300_000));
        assertEquals("stream-lo", a.start("stream-hi", 1_999_999, 300_000));
        assertEquals("stream-hi", a.start("stream-hi", 2_000_000, 300_000));
        assertEquals("stream-hi", a.start("stream-hi", 0, 300_000), "no estimate: as asked");
        assertEquals("stream-lo", a.start("stream-hi", 300_000, 1_000), "below the low mark, whatever the fragment");
        assertEquals("stream-lo", a.start("stream-lo", 50_000_000, 300_000), "never above what was asked");
        assertEquals("edit", a.start("edit", 1, 300_000));
    }

    @Test
    void aStepUpMustAlsoCarryAStreamHiFragmentWithinTheSeekBudget() {
        Adaptation a = new Adaptation(400_000, 1_000_000, 3, 150_000_000L);
        Throughput fast = measured(1_500_000, 1_500_000, 1_500_000);
        assertEquals(Optional.of("stream-hi"), a.choose("stream-lo", true, fast, 0));
        assertEquals(Optional.empty(), a.choose("stream-lo", true, fast, 300_000), "1.5 MB/s needs 200 ms");
        assertEquals(
                Optional.of("stream-hi"),
                a.choose("stream-lo", true, measured(2_000_000, 2_000_000, 2_000_000), 300_000));
    }

    @Test
    void refusesThresholdsOutOfOrder() {
        assertThrows(IllegalArgumentException.class, () -> new Adaptation(2, 1, 3));
        assertThrows(IllegalArgumentException.class, () -> new Adaptation(1, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> new Adaptation(1, 2, 3, 0));
    }
}
