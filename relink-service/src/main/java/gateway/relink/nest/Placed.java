package gateway.relink.nest;

import gateway.model.time.FrameRate;
import gateway.model.timeline.Gap;
import gateway.model.timeline.Item;
import gateway.model.timeline.Transition;
import gateway.relink.time.Seconds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An item on its way to a parent track, at parent track time {@code [start, end)} (a transition sits
 * at its cut: {@code start == end}). Both ends are whole frames at the parent rate (checked when
 * placed), so the gaps between them are too.
 */
record Placed(Seconds start, Seconds end, Item item) {

    /**
     * {@code placed} end to end from {@code from}, gaps (at {@code rate}) where nothing plays, and up to
     * {@code to} when it is not null; a transition goes before a clip that starts at its cut.
     */
    static List<Item> lay(List<Placed> placed, Seconds from, Seconds to, FrameRate rate) {
        List<Placed> sorted = new ArrayList<>(placed);
        sorted.sort(Comparator.comparing(Placed::start).thenComparingInt(p -> p.item() instanceof Transition ? 0 : 1));
        List<Item> items = new ArrayList<>();
        Seconds cursor = from;
        for (Placed p : sorted) {
            if (p.start().compareTo(cursor) > 0) {
                items.add(gap(p.start().minus(cursor), rate));
                cursor = p.start();
            }
            items.add(p.item());
            cursor = cursor.max(p.end());
        }
        if (to != null && to.compareTo(cursor) > 0) {
            items.add(gap(to.minus(cursor), rate));
        }
        return items;
    }

    private static Gap gap(Seconds length, FrameRate rate) {
        return Gap.of(
                length.frames(rate)
                        .orElseThrow(() -> new NotFlattened("a gap of " + length.framesForDisplay(rate)
                                + " frames does not fall on whole frames at " + rate.toDecimalString() + " fps")),
                rate);
    }
}
