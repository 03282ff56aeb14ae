package gateway.model.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EgressPlanTest {
    private static final StorageTier.Opener NONE = file -> {
        throw new AssertionError("a plan opens nothing");
    };

    private final StorageTier archive = new StorageTier("archive", 100_000_000L, new BigDecimal("0.09"), NONE);
    private final StorageTier nas = new StorageTier("/mnt/nas", 250_000_000L, BigDecimal.ZERO, NONE);

    @Test
    void totalsEachTierWithTimeRoundedUpAndExactCost() {
        EgressPlan plan = EgressPlan.of(List.of(
                new EgressPlan.Original("/a/A001.mov", archive, 150_000_001L, 4_000_000_000L, null),
                new EgressPlan.Original("/mnt/nas/B.mov", nas, 10, 20, null),
                new EgressPlan.Original("/a/C003.mxf", archive, 3_000_000_000L, 3_000_000_000L, "MXF: whole")));

        assertEquals(2, plan.tiers().size());
        EgressPlan.Tier a = plan.tiers().get(0);
        assertEquals("archive", a.name());
        assertEquals(2, a.originals());
        assertEquals(3_150_000_001L, a.rangeBytes());
        assertEquals(7_000_000_000L, a.wholeFileBytes());
        assertEquals(Duration.ofSeconds(32), a.rangeTime(), "31.5 s rounds up");
        assertEquals(Duration.ofSeconds(70), a.wholeFileTime());
        assertEquals(new BigDecimal("0.28350000009"), a.rangeCost(), "3.150000001 GB x 0.09, exactly");
        assertEquals(0, new BigDecimal("0.63").compareTo(a.wholeFileCost()));
        assertEquals(3_849_999_999L, a.savedBytes());
        assertEquals(Duration.ofSeconds(1), plan.tiers().get(1).rangeTime(), "10 bytes still take a second");
        assertEquals(
                List.of("/a/C003.mxf"),
                plan.wholeFileOnly().stream().map(EgressPlan.Original::original).toList());
        assertEquals(3_150_000_011L, plan.rangeBytes());
        assertEquals("0.28", EgressPlan.money(a.rangeCost()));
    }

    @Test
    void timesReadForPeople() {
        assertEquals("0 s", EgressPlan.time(Duration.ZERO));
        assertEquals("3 min 05 s", EgressPlan.time(Duration.ofSeconds(185)));
        assertEquals("2 h 07 min", EgressPlan.time(Duration.ofSeconds(2 * 3600 + 6 * 60 + 1)));
    }
}
