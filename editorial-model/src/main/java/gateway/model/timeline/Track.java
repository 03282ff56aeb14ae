package gateway.model.timeline;

import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import gateway.model.time.TimeRange;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A sequence of items laid end to end in the track's time frame, which starts at 0. Positions are
 * exact; an item whose neighbours are at another rate gets its range at its own rate, and a
 * position that falls between two of its frames fails unless a rounding mode is given.
 */
public record Track(String name, TrackKind kind, List<Item> items, boolean enabled, Metadata metadata) {

    public Track {
        name = name == null ? "" : name;
        Objects.requireNonNull(kind, "kind");
        items = List.copyOf(items == null ? List.of() : items);
        metadata = metadata == null ? Metadata.empty() : metadata;
    }

    public static Track of(String name, TrackKind kind, List<? extends Item> items) {
        return new Track(name, kind, List.copyOf(items), true, Metadata.empty());
    }

    /** The range {@code item} takes in the track's time frame (record time from 0), at the item's rate. */
    public TimeRange rangeOf(Item item) {
        return rangeOf(indexOf(item), RoundingMode.UNNECESSARY);
    }

    /** The range of the item at {@code index}; {@code mode} rounds positions that fall between frames. */
    public TimeRange rangeOf(int index, RoundingMode mode) {
        Item item = items.get(index);
        TrackTime start = TrackTime.ZERO;
        for (int i = 0; i < index; i++) {
            start = start.plus(TrackTime.of(items.get(i).duration()));
        }
        FrameRate rate = item.duration().rate();
        long startFrames = start.framesAt(rate, mode, "the start of item " + index + " of track " + name);
        if (item instanceof Transition t) {
            return TimeRange.of(startFrames - t.inOffsetFrames(), t.lengthFrames(), rate);
        }
        return TimeRange.of(startFrames, item.duration().value(), rate);
    }

    /**
     * The source frames a clip shows, in the media's time frame: its source range grown by the
     * transitions next to it (the outgoing clip of a dissolve plays on for the dissolve's out offset,
     * the incoming clip starts its in offset early). OTIO calls this the visible range.
     */
    public TimeRange visibleRangeOf(Clip clip) {
        int index = indexOf(clip);
        long before = 0;
        long after = 0;
        if (index > 0 && items.get(index - 1) instanceof Transition t) {
            before = t.inOffsetFrames();
        }
        if (index + 1 < items.size() && items.get(index + 1) instanceof Transition t) {
            after = t.outOffsetFrames();
        }
        return clip.sourceRange().extendedBy(before, after);
    }

    /** The total track time, at {@code rate}, rounded as asked. */
    public RationalTime duration(FrameRate rate, RoundingMode mode) {
        TrackTime total = TrackTime.ZERO;
        for (Item i : items) {
            total = total.plus(TrackTime.of(i.duration()));
        }
        return RationalTime.of(total.framesAt(rate, mode, "the duration of track " + name), rate);
    }

    public Stream<Clip> clips() {
        return items.stream().filter(Clip.class::isInstance).map(Clip.class::cast);
    }

    /** The index of {@code item}, by identity first (two equal clips can sit on one track). */
    public int indexOf(Item item) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) == item) {
                return i;
            }
        }
        int i = items.indexOf(item);
        if (i < 0) {
            throw GatewayException.invalid("item '" + item.name() + "' is not on track " + name);
        }
        return i;
    }

    /** A copy with the item at {@code index} replaced. */
    public Track withItem(int index, Item item) {
        List<Item> copy = new ArrayList<>(items);
        copy.set(index, Objects.requireNonNull(item, "item"));
        return new Track(name, kind, copy, enabled, metadata);
    }

    public Track withItems(List<? extends Item> newItems) {
        return new Track(name, kind, List.copyOf(newItems), enabled, metadata);
    }
}
