package gateway.relink.read.fcpxml;

import gateway.model.timeline.Metadata;
import gateway.model.timeline.Track;
import gateway.model.timeline.TrackKind;
import gateway.model.timeline.Transition;
import gateway.model.timeline.TransitionKind;
import gateway.relink.read.Edit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Walks a sequence's storylines and places every story item on the timeline. Times are exact until
 * the frame grid: an item's {@code offset} is in its parent's local time, which starts at the
 * parent's {@code start}, so an item anchored to a parent at sequence time {@code P} with local
 * start {@code S} sits at {@code P + (offset - S)}. Lanes add up: a secondary storyline on lane 1
 * puts all its items on lane 1.
 */
final class StoryWalker {
    /** A local time frame: local time {@code localStart} is at sequence time {@code absolute}. */
    record Local(FcpTime absolute, FcpTime localStart) {
        static final Local SEQUENCE = new Local(FcpTime.ZERO, FcpTime.ZERO);

        FcpTime toAbsolute(FcpTime local) {
            return absolute.plus(local.minus(localStart));
        }
    }

    /**
     * The sequence time range that shows: the timeline from its start on, or what a container
     * ({@code clip}, {@code sync-clip}) shows of the items anchored inside it. A null {@code to} has
     * no end.
     */
    record Window(FcpTime from, FcpTime to) {
        static Window from(FcpTime start) {
            return new Window(start, null);
        }

        Window within(Window outer) {
            FcpTime end = to == null ? outer.to : outer.to == null || to.compareTo(outer.to) <= 0 ? to : outer.to;
            return new Window(from.max(outer.from), end);
        }

        /** The part of {@code [start, end)} inside the window, or null when none is. */
        FcpTime[] clip(FcpTime start, FcpTime end) {
            FcpTime a = start.max(from);
            FcpTime b = to == null || end.compareTo(to) <= 0 ? end : to;
            return b.compareTo(a) > 0 ? new FcpTime[] {a, b} : null;
        }
    }

    private final FrameGrid grid;
    private final FcpFindings findings;
    private final ClipMaker maker;
    private final LeafFinder leaves;
    private final TrackLayout layout;
    private final String eventPrefix;
    private final Compounds compounds;
    private int events;

    StoryWalker(
            FcpResources resources,
            FrameGrid grid,
            boolean dropFrame,
            FcpFindings findings,
            String eventPrefix,
            Compounds compounds) {
        this.grid = grid;
        this.findings = findings;
        this.maker = new ClipMaker(
                grid,
                dropFrame,
                id -> resources.effect(id).map(FcpResources.Effect::name).orElse(null));
        this.leaves = new LeafFinder(resources);
        this.layout = new TrackLayout(grid.rate());
        this.eventPrefix = eventPrefix;
        this.compounds = compounds;
    }

    /** The tracks of a {@code sequence} (or any element holding a {@code spine}). */
    List<Track> walk(FcpElement sequence) {
        sequence.child("spine")
                .ifPresent(spine -> storyline(spine, Local.SEQUENCE, 0, Window.from(grid.timelineStart())));
        return layout.tracks();
    }

    /** Lays items end to end on their own: the clips of an event or library with no project. */
    List<Track> walkBrowserClips(List<FcpElement> clips) {
        FcpTime at = grid.timelineStart();
        for (FcpElement c : clips) {
            item(c, new Local(at, c.offset()), 0, Window.from(grid.timelineStart()));
            at = at.plus(c.duration());
        }
        return layout.tracks();
    }

    private void storyline(FcpElement spine, Local parent, int lane, Window window) {
        Local own = new Local(parent.toAbsolute(spine.offset()), spine.start());
        List<FcpElement> items =
                spine.children().stream().filter(FcpElement::isStoryItem).toList();
        for (int i = 0; i < items.size(); i++) {
            FcpElement c = items.get(i);
            if (c.is("transition")) {
                transition(c, items, i, own, lane);
            } else if (c.is("spine")) {
                storyline(c, own, lane + c.lane(), window);
            } else {
                item(c, own, lane, window);
            }
        }
    }

    private void item(FcpElement e, Local parent, int lane, Window window) {
        FcpTime absolute = parent.toAbsolute(e.offset());
        Local own = new Local(absolute, e.start());
        if (e.is("gap")) {
            noteGapMarkers(e);
        } else {
            place(e, absolute, lane, window);
        }
        for (FcpElement a : e.anchoredItems()) {
            anchored(a, own, lane, window);
        }
        if (e.is("clip") || e.is("sync-clip")) {
            // what is anchored inside a container shows only while the container does
            Window inside = new Window(absolute, absolute.plus(e.duration())).within(window);
            for (FcpElement p : e.primaryItems()) {
                Local inner = new Local(own.toAbsolute(p.offset()), p.start());
                for (FcpElement a : p.anchoredItems()) {
                    anchored(a, inner, lane, inside);
                }
            }
        }
    }

    private void anchored(FcpElement a, Local parent, int lane, Window window) {
        if (leaves.isConsumed(a)) {
            return;
        }
        if (a.is("spine")) {
            storyline(a, parent, lane + a.lane(), window);
        } else {
            item(a, parent, lane + a.lane(), window);
        }
    }

    private void noteGapMarkers(FcpElement gap) {
        for (FcpElement m : gap.children()) {
            if (m.is("marker") || m.is("chapter-marker")) {
                findings.note(
                        null,
                        m.name() + " '" + m.attr("value", "") + "' sits on a gap, which the timeline model cannot"
                                + " hold; dropped");
            }
        }
    }

    /** Places the item's picture and sound, each when it has one. */
    private void place(FcpElement e, FcpTime absolute, int lane, Window window) {
        String event = eventPrefix + (++events);
        Retime retime = Retime.of(e, grid.rate());
        boolean placed = false;
        for (TrackKind kind : TrackKind.values()) {
            FcpTime local = kind == TrackKind.AUDIO ? e.time("audioStart", e.start()) : e.start();
            Optional<Leaf> leaf = leaves.find(e, kind, retime.map(local));
            if (leaf.isEmpty()) {
                continue;
            }
            if (leaf.get().source() instanceof Leaf.GeneratorSource g
                    && g.kind().startsWith("missing-")) {
                findings.inconsistency(
                        event,
                        e.describe() + " names resource '" + g.effectId()
                                + "', which is not in the document's resources");
            }
            Map<String, Object> extra = leaf.get().source() instanceof Leaf.CompoundSource c
                    ? compounds.summary(c.media(), event)
                    : Map.of();
            maker.make(e, kind, leaf.get(), new ClipMaker.Context(absolute, lane, event, retime, extra, window))
                    .ifPresent(layout::add);
            placed = true;
        }
        if (!placed) {
            findings.note(event, e.describe() + " plays no picture and no sound; nothing placed");
        }
    }

    /**
     * A transition overlaps the cut between its neighbours: the cut is where the next item starts
     * (or, at a storyline's end, where the previous one ends).
     */
    private void transition(FcpElement t, List<FcpElement> siblings, int index, Local own, int lane) {
        String event = eventPrefix + (++events);
        FcpTime from = own.toAbsolute(t.offset());
        FcpTime to = from.plus(t.duration());
        FcpTime cut = from;
        Optional<FcpElement> next = neighbour(siblings, index, 1);
        Optional<FcpElement> previous = neighbour(siblings, index, -1);
        if (next.isPresent()) {
            cut = own.toAbsolute(next.get().offset());
        } else if (previous.isPresent()) {
            cut = own.toAbsolute(previous.get().offset().plus(previous.get().duration()));
        }
        if (cut.compareTo(from) < 0 || cut.compareTo(to) > 0) {
            findings.note(event, t.describe() + " from " + from + " to " + to + " does not cover its cut at " + cut);
            cut = cut.compareTo(from) < 0 ? from : to;
        }
        List<String> problems = new ArrayList<>();
        long at = grid.position(cut, "the cut of " + t.describe(), event, problems);
        long in = at - grid.position(from, "the start of " + t.describe(), event, problems);
        long out = grid.position(to, "the end of " + t.describe(), event, problems) - at;
        String name = t.attr("name", "Transition");
        TransitionKind kind = name.contains("Dissolve")
                ? TransitionKind.DISSOLVE
                : name.contains("Wipe") ? TransitionKind.WIPE : TransitionKind.OTHER;
        Map<String, Object> edit = new LinkedHashMap<>();
        edit.put("event", event);
        edit.put("line", 0L);
        if (!problems.isEmpty()) {
            edit.put("problems", List.copyOf(problems));
        }
        Map<String, Object> fcp = new LinkedHashMap<>();
        fcp.put("offset", t.offset().toString());
        fcp.put("duration", t.duration().toString());
        List<String> filters = new ArrayList<>();
        for (FcpElement f : t.children()) {
            if (f.is("filter-video") || f.is("filter-audio")) {
                filters.add(f.name() + ":" + f.attr("name", f.attr("ref", "")));
            }
        }
        fcp.put("filters", filters);
        Transition transition = new Transition(
                name,
                kind,
                kind == TransitionKind.OTHER ? name : null,
                Math.max(0, in),
                Math.max(0, out),
                grid.rate(),
                Metadata.empty().with(Edit.NAMESPACE, edit).with("fcpxml", fcp));
        layout.add(new Placement(lane, TrackKind.VIDEO, at, at, transition));
        if (t.child("filter-audio").isPresent()) {
            layout.add(new Placement(lane, TrackKind.AUDIO, at, at, transition));
        }
    }

    private static Optional<FcpElement> neighbour(List<FcpElement> siblings, int index, int step) {
        for (int i = index + step; i >= 0 && i < siblings.size(); i += step) {
            if (!siblings.get(i).is("transition")) {
                return Optional.of(siblings.get(i));
            }
        }
        return Optional.empty();
    }
}
