package gateway.model.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.time.TimeRange.Relation;
import java.math.RoundingMode;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class TimeRangeTest {
    private static final FrameRate R = FrameRate.FPS_24;
    /** The range every relation case is measured against: frames 10..19. */
    private static final TimeRange B = range(10, 20);

    private static final Map<Relation, Relation> CONVERSE = Map.ofEntries(
            Map.entry(Relation.BEFORE, Relation.AFTER),
            Map.entry(Relation.MEETS, Relation.MET_BY),
            Map.entry(Relation.OVERLAPS, Relation.OVERLAPPED_BY),
            Map.entry(Relation.STARTS, Relation.STARTED_BY),
            Map.entry(Relation.DURING, Relation.CONTAINS),
            Map.entry(Relation.FINISHES, Relation.FINISHED_BY),
            Map.entry(Relation.EQUALS, Relation.EQUALS),
            Map.entry(Relation.FINISHED_BY, Relation.FINISHES),
            Map.entry(Relation.CONTAINS, Relation.DURING),
            Map.entry(Relation.STARTED_BY, Relation.STARTS),
            Map.entry(Relation.OVERLAPPED_BY, Relation.OVERLAPS),
            Map.entry(Relation.MET_BY, Relation.MEETS),
            Map.entry(Relation.AFTER, Relation.BEFORE));

    private static final Set<Relation> DISJOINT =
            EnumSet.of(Relation.BEFORE, Relation.MEETS, Relation.MET_BY, Relation.AFTER);

    private static TimeRange range(long start, long endExclusive) {
        return TimeRange.of(start, endExclusive - start, R);
    }

    @Test
    void isHalfOpen() {
        TimeRange r = range(10, 20);

        assertEquals(10, r.durationFrames());
        assertEquals(RationalTime.of(20, R), r.endExclusive());
        assertEquals(RationalTime.of(19, R), r.endInclusive());
        assertEquals(RationalTime.of(10, R), r.duration());
        assertTrue(r.contains(RationalTime.of(10, R)), "start is inside");
        assertTrue(r.contains(RationalTime.of(19, R)), "last frame is inside");
        assertFalse(r.contains(RationalTime.of(20, R)), "end is outside");
        assertFalse(r.contains(RationalTime.of(9, R)), "the frame before start is outside");
    }

    @Test
    void emptyRangeHoldsNothing() {
        TimeRange empty = range(10, 10);

        assertTrue(empty.isEmpty());
        assertFalse(empty.contains(RationalTime.of(10, R)));
        assertThrows(GatewayException.class, empty::endInclusive);
        assertFalse(empty.overlaps(range(0, 100)));
    }

    @Test
    void containsARangeUpToBothEnds() {
        assertTrue(B.contains(range(10, 20)));
        assertTrue(B.contains(range(10, 11)));
        assertTrue(B.contains(range(19, 20)));
        assertFalse(B.contains(range(9, 20)));
        assertFalse(B.contains(range(10, 21)));
    }

    @Test
    void containsRefusesATimeAtAnotherRate() {
        GatewayException e =
                assertThrows(GatewayException.class, () -> B.contains(RationalTime.of(12, FrameRate.FPS_23_976)));
        assertTrue(e.getMessage().contains("rescale"), e.getMessage());
        assertThrows(GatewayException.class, () -> B.overlaps(TimeRange.of(0, 100, FrameRate.FPS_25)));
        assertThrows(GatewayException.class, () -> B.relationTo(TimeRange.of(0, 100, FrameRate.FPS_25)));
        assertThrows(GatewayException.class, () -> B.union(TimeRange.of(0, 100, FrameRate.FPS_25)));
    }

    @ParameterizedTest(name = "[{0}, {1}) {2} [10, 20)")
    @CsvSource({
        "0, 5, BEFORE",
        "0, 10, MEETS",
        "5, 15, OVERLAPS",
        "10, 15, STARTS",
        "12, 18, DURING",
        "15, 20, FINISHES",
        "10, 20, EQUALS",
        "5, 20, FINISHED_BY",
        "5, 25, CONTAINS",
        "10, 25, STARTED_BY",
        "15, 25, OVERLAPPED_BY",
        "20, 25, MET_BY",
        "25, 30, AFTER"
    })
    void everyAllenRelation(long start, long end, Relation expected) {
        TimeRange a = range(start, end);

        assertEquals(expected, a.relationTo(B));
        assertEquals(CONVERSE.get(expected), B.relationTo(a), "the converse");
        assertEquals(!DISJOINT.contains(expected), a.overlaps(B), "overlaps agrees with the relation");
    }

    @Test
    void theThirteenCasesCoverTheEnum() {
        assertEquals(13, Relation.values().length);
        assertEquals(EnumSet.allOf(Relation.class), EnumSet.copyOf(CONVERSE.keySet()));
    }

    @Test
    void relationsOfAllSmallRangesAreConsistent() {
        Set<Relation> seen = EnumSet.noneOf(Relation.class);
        for (int s1 = 0; s1 < 6; s1++) {
            for (int e1 = s1 + 1; e1 <= 6; e1++) {
                for (int s2 = 0; s2 < 6; s2++) {
                    for (int e2 = s2 + 1; e2 <= 6; e2++) {
                        TimeRange a = range(s1, e1);
                        TimeRange b = range(s2, e2);
                        Relation rel = a.relationTo(b);
                        seen.add(rel);
                        String what = a + " vs " + b + ": " + rel;

                        assertEquals(CONVERSE.get(rel), b.relationTo(a), what);
                        assertEquals(!DISJOINT.contains(rel), a.overlaps(b), what);
                        assertEquals(a.overlaps(b), a.intersection(b).isPresent(), what);
                        assertEquals(rel == Relation.EQUALS, a.equals(b), what);
                        assertEquals(rel == Relation.MEETS, e1 == s2, what);
                        boolean inside = EnumSet.of(
                                        Relation.STARTS, Relation.DURING, Relation.FINISHES, Relation.EQUALS)
                                .contains(rel);
                        assertEquals(inside, b.contains(a), what);
                    }
                }
            }
        }
        assertEquals(EnumSet.allOf(Relation.class), seen);
    }

    @Test
    void intersectionIsTheSharedFrames() {
        assertEquals(Optional.of(range(15, 20)), range(15, 25).intersection(B));
        assertEquals(Optional.of(range(12, 18)), B.intersection(range(12, 18)));
        assertEquals(Optional.of(B), B.intersection(range(0, 100)));
        assertEquals(Optional.empty(), range(0, 10).intersection(B), "ranges that meet share no frame");
        assertEquals(Optional.empty(), range(25, 30).intersection(B));
    }

    @Test
    void unionIsTheSmallestCoveringRange() {
        assertEquals(range(0, 20), range(0, 10).union(B));
        assertEquals(range(5, 25), range(5, 15).union(range(10, 25)));
        assertEquals(B, B.union(range(12, 18)));
        assertEquals(range(0, 30), range(0, 5).union(range(25, 30)), "a gap between them is covered too");
    }

    @Test
    void extendedByAddsHandlesAtBothEnds() {
        TimeRange clip = range(100, 110);

        assertEquals(range(88, 122), clip.extendedBy(12, 12));
        assertEquals(range(100, 134), clip.extendedBy(0, 24));
        assertEquals(range(76, 110), clip.extendedBy(24, 0));
        assertEquals(clip, clip.extendedBy(0, 0));
        assertEquals(FrameRate.FPS_24, clip.extendedBy(1, 1).rate());
        GatewayException e = assertThrows(GatewayException.class, () -> clip.extendedBy(-1, 0));
        assertTrue(e.getMessage().contains("negative"), e.getMessage());
        assertThrows(GatewayException.class, () -> clip.extendedBy(0, -1));
    }

    @Test
    void shiftedByMovesWithoutResizing() {
        assertEquals(range(15, 25), B.shiftedBy(5));
        assertEquals(range(0, 10), B.shiftedBy(-10));
    }

    @Test
    void rescaleIsExactWhereItCanBe() {
        TimeRange ntsc = TimeRange.of(1000, 1000, FrameRate.FPS_23_976);

        TimeRange film = ntsc.rescaledTo(FrameRate.FPS_24, RoundingMode.UNNECESSARY);

        assertEquals(TimeRange.of(1001, 1001, FrameRate.FPS_24), film);
        assertEquals(ntsc, film.rescaledTo(FrameRate.FPS_23_976, RoundingMode.UNNECESSARY));
        assertThrows(GatewayException.class, () -> TimeRange.of(1, 1, FrameRate.FPS_23_976)
                .rescaledTo(FrameRate.FPS_24, RoundingMode.UNNECESSARY));
    }

    @ParameterizedTest
    @EnumSource(value = RoundingMode.class, names = "UNNECESSARY", mode = EnumSource.Mode.EXCLUDE)
    void rescaleKeepsAdjacentRangesAdjacent(RoundingMode mode) {
        // Cuts at awkward frames, as an edit at 24 conformed to 23.976, 25, 29.97 and a 48 kHz clock.
        long[] cuts = {-7, 0, 1, 2, 7, 13, 500, 501, 1499, 1500, 86_399, 86_400};
        for (FrameRate target : List.of(
                FrameRate.FPS_23_976, FrameRate.FPS_25, FrameRate.FPS_29_97, FrameRate.FPS_60, FrameRate.of(48_000))) {
            TimeRange previous = null;
            for (int i = 0; i + 1 < cuts.length; i++) {
                TimeRange rescaled = range(cuts[i], cuts[i + 1]).rescaledTo(target, mode);

                assertEquals(target, rescaled.rate());
                if (previous != null) {
                    assertEquals(previous.endExclusive(), rescaled.start(), "adjacent at " + target + " " + mode);
                }
                previous = rescaled;
            }
            TimeRange whole = range(cuts[0], cuts[cuts.length - 1]).rescaledTo(target, mode);
            TimeRange first = range(cuts[0], cuts[1]).rescaledTo(target, mode);
            assertEquals(whole.start(), first.start());
            assertEquals(whole.endExclusive(), previous.endExclusive(), "the pieces still add up to the whole");
        }
    }

    @Test
    void refusesNegativeDurationsAndBackwardsOrMixedEnds() {
        assertThrows(GatewayException.class, () -> TimeRange.of(10, -1, R));
        GatewayException backwards = assertThrows(
                GatewayException.class, () -> TimeRange.between(RationalTime.of(10, R), RationalTime.of(9, R)));
        assertTrue(backwards.getMessage().contains("before its start"), backwards.getMessage());
        GatewayException mixed = assertThrows(
                GatewayException.class,
                () -> TimeRange.between(RationalTime.of(10, R), RationalTime.of(20, FrameRate.FPS_25)));
        assertTrue(mixed.getMessage().contains("two rates"), mixed.getMessage());
        assertEquals(B, TimeRange.between(RationalTime.of(10, R), RationalTime.of(20, R)));
    }

    @Test
    void printsHalfOpenInterval() {
        assertEquals("[10, 20)@24/1", B.toString());
    }
}
