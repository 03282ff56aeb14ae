package gateway.relink.read.cmx;

import gateway.model.time.FrameRate;
import gateway.model.timeline.Clip;
import gateway.model.timeline.Gap;
import gateway.model.timeline.Item;
import gateway.model.timeline.Metadata;
import gateway.model.timeline.Track;
import gateway.model.timeline.TrackKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tracks of a CMX list as they fill up: one per channel (V1, A1, A2 ...), items placed at their
 * record time with gaps between. An event that overlaps what a track already holds goes to another
 * track of the same channel (V2, A1.2 ...).
 */
final class Lanes {
    /** One track being filled; {@code end} is the record frame (since midnight) after its last item. */
    static final class Lane {
        final String name;
        final TrackKind kind;
        final int channel;
        final int level;
        final List<Item> items = new ArrayList<>();
        long end;

        Lane(String name, TrackKind kind, int channel, int level, long start) {
            this.name = name;
            this.kind = kind;
            this.channel = channel;
            this.level = level;
            this.end = start;
        }

        Item last() {
            return items.isEmpty() ? null : items.get(items.size() - 1);
        }

        Clip lastClip() {
            return last() instanceof Clip c ? c : null;
        }
    }

    private final long start;
    private final FrameRate rate;
    private final Map<String, Lane> lanes = new TreeMap<>();

    Lanes(long start, FrameRate rate) {
        this.start = start;
        this.rate = rate;
    }

    /**
     * The first track of the channel (0 = video) that is free at {@code recordIn}, made if needed. A
     * track that holds nothing yet is free: an event recorded before the list's start would
     * otherwise find no free track and make new ones for ever.
     */
    Lane free(int channel, long recordIn) {
        for (int level = 1; ; level++) {
            Lane lane = lane(channel, level);
            if (lane.end <= recordIn || lane.items.isEmpty()) {
                return lane;
            }
        }
    }

    /** The base track of the channel (V1, A1 ...). */
    Lane base(int channel) {
        return lane(channel, 1);
    }

    private Lane lane(int channel, int level) {
        String name = channel == 0 ? "V" + level : "A" + channel + (level == 1 ? "" : "." + level);
        String key = (channel == 0 ? "0" : "1") + String.format("%03d%03d", channel, level);
        return lanes.computeIfAbsent(
                key, k -> new Lane(name, channel == 0 ? TrackKind.VIDEO : TrackKind.AUDIO, channel, level, start));
    }

    /** Puts {@code item} at {@code recordIn} on {@code lane}, after a gap when the lane ends earlier. */
    void place(Lane lane, Item item, long recordIn, long durationFrames) {
        if (recordIn > lane.end) {
            lane.items.add(Gap.of(recordIn - lane.end, rate));
        }
        lane.items.add(item);
        lane.end = Math.max(lane.end, recordIn + durationFrames);
    }

    /** Adds an item that takes no track time (a transition) at the lane's end. */
    void append(Lane lane, Item item) {
        lane.items.add(item);
    }

    /** Replaces the lane's last item (e.g. to add an effect to a clip already placed). */
    void replaceLast(Lane lane, Item item) {
        lane.items.set(lane.items.size() - 1, item);
    }

    List<Track> tracks() {
        return lanes.values().stream()
                .filter(l -> !l.items.isEmpty())
                .sorted(Comparator.comparing((Lane l) -> l.kind)
                        .thenComparing(l -> l.channel)
                        .thenComparing(l -> l.level))
                .map(l -> new Track(l.name, l.kind, l.items, true, Metadata.empty()))
                .toList();
    }
}
