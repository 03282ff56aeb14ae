package gateway.relink.link;

import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import gateway.model.time.TimeRange;
import gateway.model.timeline.Clip;
import gateway.model.timeline.ExternalReference;
import gateway.model.timeline.MediaReference;
import gateway.model.timeline.Metadata;
import gateway.model.timeline.MissingReference;
import gateway.model.timeline.Representation;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.model.timeline.Transition;
import gateway.relink.nest.Flattener;
import gateway.relink.nest.NestOrigin;
import gateway.relink.read.Edit;
import java.math.RoundingMode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the linker knows about one clip, whatever format it came from: the names the edit gave it and
 * the source frames it needs (its media range grown by neighbouring transitions), at the edit's rate.
 */
record ClipFacts(
        String event,
        int line,
        String track,
        FrameRate rate,
        boolean dropFrame,
        TimeRange record,
        TimeRange source,
        TimeRange needed,
        String assetId,
        String reel,
        Set<String> clipNames,
        Set<String> fileNames,
        MediaReference reference,
        String unflattenedNest,
        NestOrigin origin,
        List<String> editProblems) {

    /**
     * The facts of {@code clip}, item {@code index} of {@code track}, whose range in the track's time
     * frame is {@code inTrack} and whose number among the track's clips is {@code number} (1-based):
     * its event when the edit names none (gaps and transitions are not events).
     */
    static ClipFacts of(Timeline timeline, Track track, int index, Clip clip, TimeRange inTrack, int number) {
        Metadata edit = clip.metadata().namespace(Edit.NAMESPACE);
        String event = edit.string("event").orElse(String.valueOf(number));
        int line = edit.get("line").map(v -> ((Number) v).intValue()).orElse(0);
        boolean df = edit.get("drop_frame").map(Boolean.TRUE::equals).orElse(false);
        FrameRate rate = clip.sourceRange().rate();
        RationalTime start = timeline.globalStart().rescaledTo(inTrack.rate(), RoundingMode.HALF_EVEN);
        TimeRange record = inTrack.shiftedBy(start.value());
        // the visible range (Track.visibleRangeOf) without searching the track for the clip
        long before = index > 0 && track.items().get(index - 1) instanceof Transition t ? t.inOffsetFrames() : 0;
        long after = index + 1 < track.items().size() && track.items().get(index + 1) instanceof Transition t
                ? t.outOffsetFrames()
                : 0;
        TimeRange media = clip.mediaRange();
        TimeRange needed = clip.mediaRange(before, after);
        MediaReference ref = clip.reference(Representation.ORIGINAL).orElse(clip.activeReference());
        String reel = clip.metadata().namespace("cmx_3600").string("reel").orElse(null);
        Set<String> names = new LinkedHashSet<>();
        Set<String> files = new LinkedHashSet<>();
        if (ref instanceof MissingReference m) {
            reel = m.reel() != null ? m.reel() : reel;
            add(names, m.clipName());
            add(files, m.sourceFile());
            add(files, fileName(m.path()));
        } else if (ref instanceof ExternalReference e) {
            add(files, e.fileName());
        }
        add(names, clip.name());
        // Avid appends the bin column in parentheses ("A001C003 (LAY1)"): the clip is the part before.
        for (String n : List.copyOf(names)) {
            add(names, withoutParenthesisedSuffix(n));
        }
        String assetId =
                assetId(clip.metadata()).or(() -> assetId(ref.metadata())).orElse(null);
        return new ClipFacts(
                event,
                line,
                track.name(),
                rate,
                df,
                record,
                media,
                needed,
                assetId,
                reel,
                names,
                files,
                ref,
                unflattenedNest(clip, edit),
                NestOrigin.of(clip.metadata()).orElse(null),
                editProblems(edit));
    }

    /** For a clip that still plays a nest: why it was not flattened, in words; else null. */
    /** What the reader noted about this clip (its {@code problems} list), to say why it has no name. */
    private static List<String> editProblems(Metadata edit) {
        return edit.get("problems")
                .filter(List.class::isInstance)
                .map(v -> ((List<?>) v).stream().map(String::valueOf).toList())
                .orElse(List.of());
    }

    private static String unflattenedNest(Clip clip, Metadata edit) {
        Optional<String> key = edit.string(Edit.NEST_KEY);
        if (key.isEmpty()) {
            return null;
        }
        return edit.string(Flattener.REFUSED_KEY)
                .orElse("plays nested sequence '" + clip.name() + "' (" + key.get() + "), which was not flattened"
                        + " (a conform flattens nests before linking)");
    }

    private static Optional<String> assetId(Metadata m) {
        return m.namespace("gateway").string("asset_id");
    }

    private static void add(Set<String> set, String value) {
        if (value != null && !value.isBlank()) {
            set.add(value.strip());
        }
    }

    static String fileName(String path) {
        if (path == null) {
            return null;
        }
        String p = path.replace('\\', '/');
        if (p.startsWith("file://")) {
            p = p.substring(7);
        }
        int slash = p.lastIndexOf('/');
        return slash < 0 ? p : p.substring(slash + 1);
    }

    /** "ZZ100_504B (LAY1)" gives "ZZ100_504B"; a name without such a suffix gives null. */
    static String withoutParenthesisedSuffix(String name) {
        if (name == null) {
            return null;
        }
        String t = name.strip();
        int open = t.lastIndexOf(" (");
        return open > 0 && t.endsWith(")") ? t.substring(0, open).strip() : null;
    }
}
