package gateway.relink.read.fcpxml;

import gateway.model.time.FrameRate;
import gateway.model.timeline.Clip;
import gateway.model.timeline.Gap;
import gateway.model.timeline.Item;
import gateway.model.timeline.Metadata;
import gateway.model.timeline.Track;
import gateway.model.timeline.TrackKind;
import gateway.model.timeline.Transition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lays placed items onto tracks. Picture: one video track per lane, lowest lane first (V1 is the
 * primary storyline unless something is connected below it). Sound: the primary storyline's sound
 * first, then lanes -1, -2 ..., then lanes 1, 2 .... Items that overlap on one lane (split edits)
 * go to an extra track right after the lane's first. A transition goes on the track where a clip
 * meets its cut, and is dropped from tracks where none does.
 */
final class TrackLayout {
    private final FrameRate rate;
    private final List<Placement> placements = new ArrayList<>();

    TrackLayout(FrameRate rate) {
        this.rate = rate;
    }

    void add(Placement p) {
        placements.add(p);
    }

    List<Track> tracks() {
        List<Track> out = new ArrayList<>();
        out.addAll(tracksOf(TrackKind.VIDEO, "V", Comparator.naturalOrder()));
        out.addAll(tracksOf(TrackKind.AUDIO, "A", TrackLayout::audioLaneOrder));
        if (out.isEmpty()) {
            out.add(new Track("V1", TrackKind.VIDEO, List.of(), true, laneMetadata(0)));
        }
        return out;
    }

    /** 0, -1, -2, ..., then 1, 2, ...: sound connected below the storyline comes right after it. */
    private static int audioLaneOrder(Integer a, Integer b) {
        int ka = a <= 0 ? 0 : 1;
        int kb = b <= 0 ? 0 : 1;
        if (ka != kb) {
            return Integer.compare(ka, kb);
        }
        return ka == 0 ? Integer.compare(b, a) : Integer.compare(a, b);
    }

    private List<Track> tracksOf(TrackKind kind, String prefix, Comparator<Integer> laneOrder) {
        Map<Integer, List<Placement>> byLane = new TreeMap<>(laneOrder);
        for (Placement p : placements) {
            if (p.kind() == kind) {
                byLane.computeIfAbsent(p.lane(), l -> new ArrayList<>()).add(p);
            }
        }
        List<Track> out = new ArrayList<>();
        for (Map.Entry<Integer, List<Placement>> lane : byLane.entrySet()) {
            List<List<Placement>> rows = rows(lane.getValue());
            for (int i = 0; i < rows.size(); i++) {
                List<Item> items = items(rows.get(i));
                if (items.stream().noneMatch(Clip.class::isInstance)) {
                    continue;
                }
                Metadata md = laneMetadata(lane.getKey());
                if (i > 0) {
                    md = md.withIn("fcpxml", "overflow_of_lane", true);
                }
                out.add(new Track(prefix + (out.size() + 1), kind, items, true, md));
            }
        }
        return out;
    }

    private static Metadata laneMetadata(int lane) {
        return Metadata.empty().with("fcpxml", Map.of("lane", (long) lane));
    }

    /** Clips into rows without overlaps (first row that is free); transitions next to their clips. */
    private static List<List<Placement>> rows(List<Placement> lane) {
        List<Placement> clips = new ArrayList<>();
        List<Placement> transitions = new ArrayList<>();
        for (Placement p : lane) {
            (p.item() instanceof Transition ? transitions : clips).add(p);
        }
        clips.sort(Comparator.comparingLong(Placement::start));
        List<List<Placement>> rows = new ArrayList<>();
        List<Long> ends = new ArrayList<>();
        for (Placement c : clips) {
            int row = 0;
            while (row < rows.size() && ends.get(row) > c.start()) {
                row++;
            }
            if (row == rows.size()) {
                rows.add(new ArrayList<>());
                ends.add(Long.MIN_VALUE);
            }
            rows.get(row).add(c);
            ends.set(row, Math.max(ends.get(row), c.end()));
        }
        for (Placement t : transitions) {
            for (List<Placement> row : rows) {
                boolean meets = row.stream().anyMatch(c -> c.end() == t.start() || c.start() == t.start());
                if (meets) {
                    row.add(t);
                    break;
                }
            }
        }
        return rows;
    }

    /** A row's items end to end, gaps filling the space; a transition sorts before a clip at its cut. */
    private List<Item> items(List<Placement> row) {
        List<Placement> sorted = new ArrayList<>(row);
        sorted.sort(Comparator.comparingLong(Placement::start)
                .thenComparingInt(p -> p.item() instanceof Transition ? 0 : 1));
        List<Item> items = new ArrayList<>();
        long cursor = 0;
        for (Placement p : sorted) {
            if (p.start() > cursor) {
                items.add(Gap.of(p.start() - cursor, rate));
                cursor = p.start();
            }
            items.add(p.item());
            cursor = Math.max(cursor, p.end());
        }
        return items;
    }
}
