package gateway.relink.nest;

import gateway.model.time.FrameRate;
import gateway.model.timeline.Clip;
import gateway.model.timeline.Gap;
import gateway.model.timeline.Item;
import gateway.model.timeline.Metadata;
import gateway.model.timeline.Stack;
import gateway.model.timeline.TimeScalar;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.model.timeline.TrackKind;
import gateway.relink.read.Edit;
import gateway.relink.read.EditFormat;
import gateway.relink.read.EditProblem;
import gateway.relink.time.Seconds;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lays every nested sequence / compound clip of an edit into the timeline it plays in, so the linker
 * sees the clips inside. A clip on parent track T playing nest range S (its source range) is
 * replaced on T by what the nest's first track of T's kind shows in S, and the nest's other tracks
 * of that kind become tracks placed directly above T, in the nest's order, named
 * {@code "V1 ▸ nest 'Scene 12' V2"} ({@code compound} for FCPXML). Each inner clip keeps its media
 * reference, effects, markers and metadata, its source range trimmed by what the nest clip cuts
 * off; its event becomes the parent event + "." + its index among the nest's clips of that kind
 * ("12.3", "12.3.1" through a nest in a nest); {@code edit.nested_in} ({@link NestOrigin}) says where
 * it came from. A disabled nest clip, inner track or inner clip stays disabled.
 *
 * <p>Time is exact: a constant forward speed on the nest clip is composed (scaled positions, a speed
 * effect added to each inner clip); a freeze on the nest clip freezes, on each nest track, the clip
 * showing at the nest clip's in point at that frame for the nest clip's duration; a reverse, a time warp, a cycle, a nest deeper than
 * {@link Edit#MAX_NESTING}, an unknown nest, or any position that would fall between frames (an
 * inner sequence at a rate the parent cannot show in whole frames) leaves that nest clip as it is,
 * with the reason in its {@code edit.nest_not_flattened} metadata and in the edit's problems.
 */
public final class Flattener {
    /** Key (in {@value Edit#NAMESPACE}) of the reason a nest clip was left as it is. */
    public static final String REFUSED_KEY = "nest_not_flattened";

    /** Key (in {@value Edit#NAMESPACE}) of a clip's index among its nest's clips of its kind ("3", "3.1"). */
    static final String INDEX_KEY = "nest_index";

    /** The edit with every nest it can flatten flattened; the edit itself when no clip plays a nest. */
    public Edit flatten(Edit edit) {
        if (!playsNests(edit.timeline())) {
            return edit;
        }
        Run run = new Run(edit);
        Deque<String> stack = new ArrayDeque<>();
        edit.nests().forEach((key, t) -> {
            if (t == edit.timeline()) {
                stack.push(key);
            }
        });
        Timeline flat = run.timeline(edit.timeline(), stack);
        return edit.with(flat, run.findings);
    }

    private static boolean playsNests(Timeline timeline) {
        return timeline.tracks().tracks().stream().flatMap(Track::clips).anyMatch(c -> nestKey(c)
                .isPresent());
    }

    static Optional<String> nestKey(Clip clip) {
        return clip.metadata().namespace(Edit.NAMESPACE).string(Edit.NEST_KEY);
    }

    /** One flattening of one edit: the nests flattened so far and what was found. */
    private static final class Run {
        private final Map<String, Timeline> nests;
        private final String word;
        private final Map<String, Timeline> flattened = new HashMap<>();
        private final List<EditProblem> findings = new ArrayList<>();

        Run(Edit edit) {
            this.nests = edit.nests();
            this.word = edit.format() == EditFormat.FCPXML ? "compound" : "nest";
        }

        /** {@code timeline} with its nest clips flattened; {@code stack} holds the nests being flattened. */
        Timeline timeline(Timeline timeline, Deque<String> stack) {
            List<Track> out = new ArrayList<>();
            for (Track track : timeline.tracks().tracks()) {
                Map<String, Upper> uppers = new LinkedHashMap<>();
                List<Item> items = new ArrayList<>();
                boolean expanded = false;
                Seconds at = Seconds.ZERO;
                for (Item item : track.items()) {
                    Seconds start = at;
                    at = at.plus(Seconds.of(item.duration()));
                    Optional<String> key = item instanceof Clip c ? nestKey(c) : Optional.empty();
                    if (key.isEmpty()) {
                        items.add(item);
                        continue;
                    }
                    Clip clip = (Clip) item;
                    try {
                        items.addAll(expand(timeline, track, clip, key.get(), start, stack, uppers));
                        expanded = true;
                    } catch (NotFlattened e) {
                        items.add(refused(clip, key.get(), e.getMessage()));
                    }
                }
                out.add(track.withItems(expanded ? mergedGaps(items) : items));
                // a nest track that shows nothing where the nest is played adds no track
                uppers.values().stream()
                        .filter(u -> !u.placed.isEmpty())
                        .forEach(u -> out.add(u.track(timeline.rate())));
            }
            return new Timeline(
                    timeline.name(),
                    timeline.globalStart(),
                    new Stack(timeline.tracks().name(), out, timeline.tracks().metadata()),
                    timeline.metadata());
        }

        /** The items that replace {@code clip} on its track; the nest's other tracks go into {@code uppers}. */
        private List<Item> expand(
                Timeline parent,
                Track track,
                Clip clip,
                String key,
                Seconds start,
                Deque<String> stack,
                Map<String, Upper> uppers) {
            Timeline nest = nests.get(key);
            String name = nest != null ? nest.name() : key;
            if (stack.contains(key)) {
                List<String> path = new ArrayList<>();
                stack.descendingIterator().forEachRemaining(k -> path.add(nameOf(k)));
                path.add(name);
                throw new NotFlattened("nested sequence '" + name + "' contains itself (" + String.join(" ▸ ", path)
                        + "): a cycle, not flattened");
            }
            if (stack.size() >= Edit.MAX_NESTING) {
                throw new NotFlattened("nested sequence '" + name + "' is nested deeper than " + Edit.MAX_NESTING
                        + " levels: not flattened");
            }
            if (nest == null) {
                throw new NotFlattened("nested sequence '" + key + "' is not in the edit: not flattened");
            }
            boolean freeze = Speed.freezes(clip);
            TimeScalar speed = freeze ? TimeScalar.NORMAL : Speed.of(clip);
            Timeline flat = flattened(key, nest, stack);
            String label = track.name() + " ▸ " + word + " '" + name + "'";
            NestUse use = new NestUse(clip, nest, label, track.name(), parent.rate(), start, speed, freeze);
            List<Track> inner = flat.tracks().tracks().stream()
                    .filter(t -> t.kind() == track.kind())
                    .toList();
            List<Item> onTrack;
            if (inner.isEmpty()) {
                onTrack = Placed.lay(List.of(), start, use.end(), parent.rate());
                note(
                        clip,
                        "nested sequence '" + name + "' has no "
                                + (track.kind() == TrackKind.VIDEO ? "video" : "audio") + " track: it plays nothing on "
                                + track.name());
            } else {
                onTrack = Placed.lay(use.place(inner.get(0)), start, use.end(), parent.rate());
            }
            Map<String, List<Placed>> above = new LinkedHashMap<>();
            for (int i = 1; i < inner.size(); i++) {
                above.put(key + '\u0000' + i, use.place(inner.get(i)));
            }
            // nothing failed: commit the upper tracks
            for (int i = 1; i < inner.size(); i++) {
                Track t = inner.get(i);
                uppers.computeIfAbsent(key + '\u0000' + i, k -> new Upper(label + " " + t.name(), track, t, name, key))
                        .placed
                        .addAll(above.get(key + '\u0000' + i));
            }
            carried(clip, name);
            List<String> lost = new ArrayList<>();
            List<Item> marked = use.withMarkers(onTrack, lost);
            lost.forEach(message -> note(clip, message));
            return marked;
        }

        /** The nest flattened once (its own nests included), its clips numbered per kind. */
        private Timeline flattened(String key, Timeline nest, Deque<String> stack) {
            Timeline done = flattened.get(key);
            if (done != null) {
                return done;
            }
            stack.push(key);
            try {
                Timeline flat = timeline(numbered(nest), stack);
                flattened.put(key, flat);
                return flat;
            } finally {
                stack.pop();
            }
        }

        private String nameOf(String key) {
            Timeline t = nests.get(key);
            return t == null ? key : t.name();
        }

        /** What the nest clip itself carries that its inner clips do not get: effects. */
        private void carried(Clip clip, String name) {
            List<String> effects = clip.effects().stream()
                    .filter(e -> e.timeScalar().isEmpty())
                    .map(e -> e instanceof gateway.model.timeline.UnknownEffect u ? u.name() : e.toString())
                    .toList();
            if (!effects.isEmpty()) {
                note(
                        clip,
                        "the clip playing nested sequence '" + name + "' has effects (" + String.join(", ", effects)
                                + ") that apply to the whole nest; they are not copied onto its clips");
            }
        }

        private Clip refused(Clip clip, String key, String reason) {
            note(clip, reason);
            return clip.withMetadata(clip.metadata().withIn(Edit.NAMESPACE, REFUSED_KEY, reason));
        }

        private void note(Clip clip, String message) {
            Metadata edit = clip.metadata().namespace(Edit.NAMESPACE);
            int line = edit.get("line").map(v -> ((Number) v).intValue()).orElse(0);
            findings.add(new EditProblem(line, NestUse.event(clip), message));
        }
    }

    /** Neighbouring plain gaps at one rate as one gap (a nest that shows nothing leaves one, not three). */
    private static List<Item> mergedGaps(List<Item> items) {
        List<Item> out = new ArrayList<>();
        for (Item item : items) {
            if (item instanceof Gap g
                    && g.metadata().isEmpty()
                    && !out.isEmpty()
                    && out.get(out.size() - 1) instanceof Gap before
                    && before.metadata().isEmpty()
                    && before.duration().rate().equals(g.duration().rate())) {
                out.set(
                        out.size() - 1,
                        Gap.of(
                                before.duration().value() + g.duration().value(),
                                g.duration().rate()));
            } else {
                out.add(item);
            }
        }
        return out;
    }

    /** Numbers the clips of {@code nest} per kind, in track order then item order: edit.nest_index. */
    static Timeline numbered(Timeline nest) {
        Map<TrackKind, Integer> counters = new HashMap<>();
        List<Track> tracks = new ArrayList<>();
        for (Track t : nest.tracks().tracks()) {
            List<Item> items = new ArrayList<>();
            for (Item item : t.items()) {
                if (item instanceof Clip c) {
                    int n = counters.merge(t.kind(), 1, Integer::sum);
                    item = c.withMetadata(c.metadata().withIn(Edit.NAMESPACE, INDEX_KEY, Integer.toString(n)));
                }
                items.add(item);
            }
            tracks.add(t.withItems(items));
        }
        return new Timeline(
                nest.name(),
                nest.globalStart(),
                new Stack(nest.tracks().name(), tracks, nest.tracks().metadata()),
                nest.metadata());
    }

    /** A track made above a parent track for one of a nest's other tracks. */
    private static final class Upper {
        final String name;
        final Track parent;
        final Track inner;
        final String sequence;
        final String key;
        final List<Placed> placed = new ArrayList<>();

        Upper(String name, Track parent, Track inner, String sequence, String key) {
            this.name = name;
            this.parent = parent;
            this.inner = inner;
            this.sequence = sequence;
            this.key = key;
        }

        Track track(FrameRate rate) {
            Map<String, Object> nest = new LinkedHashMap<>();
            nest.put("sequence", sequence);
            nest.put("key", key);
            nest.put("parent_track", parent.name());
            nest.put("inner_track", inner.name());
            return new Track(
                    name,
                    parent.kind(),
                    Placed.lay(placed, Seconds.ZERO, null, rate),
                    parent.enabled() && inner.enabled(),
                    inner.metadata().with("gateway", Map.of("nest", nest)));
        }
    }
}
