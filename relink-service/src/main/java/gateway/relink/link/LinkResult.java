package gateway.relink.link;

import gateway.model.timeline.Timeline;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A linked timeline (every usable clip's ORIGINAL reference resolved and active) and one decision
 * per event, in the order of the edit.
 */
public record LinkResult(Timeline timeline, List<EventLink> events) {
    public LinkResult {
        events = List.copyOf(events);
    }

    /** How many events ended in each status (every status present, zero included). */
    public Map<LinkStatus, Integer> totals() {
        Map<LinkStatus, Integer> totals = new EnumMap<>(LinkStatus.class);
        for (LinkStatus s : LinkStatus.values()) {
            totals.put(s, 0);
        }
        events.forEach(e -> totals.merge(e.status(), 1, Integer::sum));
        return totals;
    }

    /**
     * True when every event with media was matched (handles included) and there was at least one;
     * skipped events (titles and graphics without channels) have nothing to match.
     */
    public boolean allMatched() {
        return events.stream().anyMatch(e -> e.status() == LinkStatus.MATCHED)
                && events.stream().allMatch(e -> e.status() == LinkStatus.MATCHED || e.status() == LinkStatus.SKIPPED);
    }
}
