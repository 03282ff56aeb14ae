package gateway.relink.read.fcpxml;

import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import gateway.model.timeline.Clip;
import gateway.model.timeline.Item;
import gateway.model.timeline.MediaReference;
import gateway.model.timeline.Metadata;
import gateway.model.timeline.MissingReference;
import gateway.model.timeline.Stack;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compound clips ({@code ref-clip} of a {@code media} holding a {@code sequence}). The model has no
 * nested stacks, so a compound stays one clip on the timeline and its contents are read as a
 * timeline of their own and summarised in the clip's {@code fcpxml.compound} metadata: each inner
 * clip's track, name, record range in the compound's time, source start and media, so the linker
 * and the report can see what the compound needs. Read once per media; cycles are refused. Each
 * compound read is also kept as a timeline ({@link #timelines()}, by media id; global start = its
 * {@code tcStart}) for flattening.
 */
final class Compounds {
    private final FcpResources resources;
    private final FcpFindings findings;
    private final FrameRate fallbackRate;
    private final Map<String, Map<String, Object>> done = new HashMap<>();
    private final Set<String> open = new HashSet<>();
    private final Map<String, Timeline> timelines = new LinkedHashMap<>();

    Compounds(FcpResources resources, FcpFindings findings, FrameRate fallbackRate) {
        this.resources = resources;
        this.findings = findings;
        this.fallbackRate = fallbackRate;
    }

    /** Every compound read so far as a timeline, by media id. */
    Map<String, Timeline> timelines() {
        return timelines;
    }

    /** {@code {"compound": {...}}} for the clip's {@code fcpxml} metadata. */
    Map<String, Object> summary(FcpResources.Media media, String event) {
        Map<String, Object> cached = done.get(media.id());
        if (cached != null) {
            return cached;
        }
        if (open.contains(media.id()) || open.size() >= LeafFinder.MAX_NESTING) {
            findings.inconsistency(
                    event, "compound clip '" + media.name() + "' contains itself (or nests too deep); not expanded");
            return Map.of();
        }
        open.add(media.id());
        try {
            Map<String, Object> s = Map.of("compound", read(media));
            done.put(media.id(), s);
            return s;
        } finally {
            open.remove(media.id());
        }
    }

    private Map<String, Object> read(FcpResources.Media media) {
        FcpElement sequence = media.content();
        FrameRate rate = resources
                .format(sequence.attr("format"))
                .map(FcpResources.Format::rate)
                .orElse(fallbackRate);
        if (rate == null) {
            rate = fallbackRate;
        }
        FcpTime tcStart = sequence.time("tcStart", FcpTime.ZERO);
        FrameGrid grid = new FrameGrid(rate, tcStart, findings);
        StoryWalker walker = new StoryWalker(
                resources, grid, "DF".equals(sequence.attr("tcFormat")), findings, media.name() + "/", this);
        List<Track> tracks = walker.walk(sequence);
        long start = grid.frames(tcStart, "the tcStart of compound '" + media.name() + "'", null, new ArrayList<>());
        timelines.put(
                media.id(),
                new Timeline(
                        media.name(),
                        RationalTime.of(start, rate),
                        Stack.of(tracks),
                        Metadata.empty().with("fcpxml", Map.of("media_id", media.id()))));
        List<Map<String, Object>> clips = new ArrayList<>();
        for (Track t : tracks) {
            for (int i = 0; i < t.items().size(); i++) {
                Item item = t.items().get(i);
                if (item instanceof Clip c) {
                    clips.add(describe(
                            t, c, t.rangeOf(i, RoundingMode.UNNECESSARY).start().value()));
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("media_id", media.id());
        out.put("name", media.name());
        out.put("rate", rate.toString());
        out.put("tc_start", tcStart.toString());
        out.put("clips", clips);
        return out;
    }

    private static Map<String, Object> describe(Track t, Clip c, long recordStart) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("track", t.name());
        m.put("name", c.name());
        m.put("record_start", recordStart);
        m.put("duration", c.sourceRange().durationFrames());
        m.put("source_start", c.sourceRange().start().value());
        MediaReference ref = c.activeReference();
        if (ref instanceof MissingReference r) {
            if (r.clipName() != null) {
                m.put("media_name", r.clipName());
            }
            if (r.path() != null) {
                m.put("path", r.path());
            }
        }
        c.metadata().namespace("fcpxml").string("asset_id").ifPresent(id -> m.put("asset_id", id));
        c.metadata().namespace("fcpxml").string("asset_uid").ifPresent(id -> m.put("asset_uid", id));
        return m;
    }
}
