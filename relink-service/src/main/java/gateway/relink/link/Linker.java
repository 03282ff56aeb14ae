package gateway.relink.link;

import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import gateway.model.time.TimeRange;
import gateway.model.time.Timecode;
import gateway.model.timeline.Clip;
import gateway.model.timeline.ExternalReference;
import gateway.model.timeline.GeneratorReference;
import gateway.model.timeline.Item;
import gateway.model.timeline.Metadata;
import gateway.model.timeline.MissingReference;
import gateway.model.timeline.Representation;
import gateway.model.timeline.SpeedRamp;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.relink.read.Edit;
import gateway.relink.read.InvalidEvent;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves every clip of an edit to a camera original, trying in order: the gateway asset id in the
 * clip's metadata, reel + source timecode, clip name + source timecode, source file name (proxy
 * names mapped back). Then checks the original: same rate and timecode mode, covers the frames
 * the clip uses, and the handles asked for. Every decision is explained. Knows the catalogue, not
 * file formats.
 */
public final class Linker {
    private final AssetCatalogue catalogue;

    public Linker(AssetCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    public LinkResult link(ProjectId project, Edit edit, LinkOptions options) {
        record Row(int line, int order, EventLink link) {}
        List<Row> rows = new ArrayList<>();
        Timeline timeline = edit.timeline();
        List<Track> tracks = timeline.tracks().tracks();
        int order = 0;
        for (int ti = 0; ti < tracks.size(); ti++) {
            Track track = tracks.get(ti);
            List<Item> items = new ArrayList<>(track.items());
            boolean changed = false;
            TrackClock clock = new TrackClock();
            int clips = 0;
            for (int ii = 0; ii < items.size(); ii++) {
                Item item = items.get(ii);
                TimeRange inTrack = clock.next(item, RoundingMode.HALF_EVEN);
                if (!(item instanceof Clip clip)) {
                    continue;
                }
                ClipFacts facts = ClipFacts.of(edit.timeline(), track, ii, clip, inTrack, ++clips);
                Decision d = decide(project, facts, options);
                clip.speedRamp().ifPresent(r -> d.message = withRamp(d.message, r, clip));
                d.message = SoundNote.append(d.message, SoundNote.of(clip, track));
                EventLink link = d.toLink(facts);
                rows.add(new Row(facts.line(), order++, link));
                Clip linked = d.manifest != null && d.status.isUsable() ? resolved(clip, d) : clip;
                if (options.statusMarkers()) {
                    linked = StatusMarker.mark(linked, link);
                }
                if (linked != clip) {
                    items.set(ii, linked);
                    changed = true;
                }
            }
            if (changed) {
                timeline = timeline.withTrack(ti, track.withItems(items));
            }
        }
        for (InvalidEvent bad : edit.invalidEvents()) {
            rows.add(new Row(bad.line(), order++, invalidRow(bad)));
        }
        rows.sort(Comparator.comparingInt(Row::line).thenComparingInt(Row::order));
        return new LinkResult(timeline, rows.stream().map(Row::link).toList());
    }

    /** The row's message with what a speed ramp plays ("speed ramp: 5 keyframes, source frames 984–1138"). */
    private static String withRamp(String message, SpeedRamp ramp, Clip clip) {
        String ramped = ramp.describe(
                clip.sourceRange().start().value(), clip.sourceRange().durationFrames());
        return message == null || message.isBlank() ? ramped : message + "; " + ramped;
    }

    // ---- deciding

    private static final class Decision {
        LinkStatus status;
        MatchMethod method = MatchMethod.NONE;
        Manifest manifest;
        TimeRange sourceFrames;
        List<Candidate> candidates = List.of();
        String message;

        static Decision of(LinkStatus status, MatchMethod method, String message) {
            Decision d = new Decision();
            d.status = status;
            d.method = method;
            d.message = message;
            return d;
        }

        EventLink toLink(ClipFacts f) {
            return new EventLink(
                    f.event(),
                    f.line(),
                    f.track(),
                    f.rate(),
                    f.dropFrame(),
                    f.record(),
                    f.source(),
                    f.reel(),
                    f.clipNames().stream().findFirst().orElse(null),
                    status,
                    method,
                    manifest == null ? null : Candidate.of(manifest),
                    sourceFrames,
                    candidates,
                    message,
                    f.origin());
        }
    }

    /** An asset found by a name whose timecode did not fit, and how it was found. */
    private record Seen(Manifest manifest, MatchMethod method, String how) {}

    private Decision decide(ProjectId project, ClipFacts f, LinkOptions options) {
        if (f.unflattenedNest() != null) {
            return Decision.of(LinkStatus.UNMATCHED, MatchMethod.NONE, f.unflattenedNest());
        }
        if (f.reference() instanceof GeneratorReference g) {
            return Decision.of(
                    LinkStatus.MATCHED, MatchMethod.GENERATOR, g.kind() + " is generated: no original needed");
        }
        List<Seen> seen = new ArrayList<>();
        if (f.assetId() != null && AssetId.isValid(f.assetId())) {
            Optional<Manifest> m = catalogue.byId(project, new AssetId(f.assetId()));
            if (m.isPresent()) {
                return check(MatchMethod.ASSET_ID, m.get(), f, options, "asset id " + f.assetId());
            }
        }
        if (f.reel() != null && !f.reel().isBlank()) {
            Decision d = pick(
                    MatchMethod.REEL_TIMECODE,
                    catalogue.byReel(project, f.reel()),
                    f,
                    options,
                    "reel " + f.reel(),
                    seen);
            if (d != null) {
                return d;
            }
        }
        for (String name : f.clipNames()) {
            Decision d = pick(
                    MatchMethod.CLIP_NAME_TIMECODE,
                    catalogue.byClipName(project, name),
                    f,
                    options,
                    "clip name " + name,
                    seen);
            if (d != null) {
                return d;
            }
        }
        List<String> paths = new ArrayList<>(f.fileNames());
        if (f.reference() instanceof MissingReference m && m.path() != null) {
            paths.add(m.path());
        } else if (f.reference() instanceof ExternalReference e) {
            paths.add(e.target());
        }
        for (String path : paths) {
            String file = ClipFacts.fileName(path);
            Decision d = pickByFile(catalogue.byFileName(project, file), f, options, "file name " + file, seen);
            if (d == null) {
                // An edit often names the file without its extension, or a rewrapped one
                // ("A001C003.LAY1.02" for "A001C003.LAY1.02.mov"): match on the name's stem.
                d = pickByFile(catalogue.byClipName(project, file), f, options, "file name " + file, seen);
            }
            if (d == null) {
                Optional<String> original = ProxyNames.originalClipName(path);
                if (original.isPresent()) {
                    d = pickByFile(
                            catalogue.byClipName(project, original.get()),
                            f,
                            options,
                            "proxy " + file + " of clip " + original.get(),
                            seen);
                }
            }
            if (d != null) {
                return d;
            }
        }
        Map<String, Seen> byAsset = new LinkedHashMap<>();
        seen.forEach(s -> byAsset.putIfAbsent(s.manifest().assetId().value(), s));
        List<Manifest> distinct = byAsset.values().stream().map(Seen::manifest).toList();
        if (distinct.size() == 1) {
            Seen only = byAsset.values().iterator().next();
            return check(only.method(), only.manifest(), f, options, only.how());
        }
        Decision d = Decision.of(
                LinkStatus.UNMATCHED,
                MatchMethod.NONE,
                distinct.isEmpty()
                        ? "no asset in project " + project + " with " + describe(f)
                        : distinct.size() + " assets carry " + describe(f) + " but none covers source "
                                + span(f.needed(), f.dropFrame()));
        d.candidates = distinct.stream().map(Candidate::of).toList();
        return d;
    }

    /** Among assets found by a name, the ones whose timecode overlaps what the clip uses. */
    private Decision pick(
            MatchMethod method, List<Manifest> found, ClipFacts f, LinkOptions options, String how, List<Seen> seen) {
        List<Manifest> overlapping = distinct(found).stream()
                .filter(m -> overlaps(m.media(), f.needed()))
                .toList();
        if (overlapping.size() == 1) {
            return check(method, overlapping.get(0), f, options, how + " and source timecode");
        }
        if (overlapping.size() > 1) {
            Decision d = Decision.of(
                    LinkStatus.AMBIGUOUS,
                    method,
                    overlapping.size() + " originals match " + how + " and cover source "
                            + span(f.needed(), f.dropFrame()) + ": "
                            + String.join(
                                    ", ",
                                    overlapping.stream()
                                            .map(m -> m.originalPath())
                                            .toList()));
            d.candidates = overlapping.stream().map(Candidate::of).toList();
            return d;
        }
        found.forEach(m -> seen.add(new Seen(m, method, how)));
        return null;
    }

    /** A file name names one file: timecode only breaks ties. */
    private Decision pickByFile(List<Manifest> found, ClipFacts f, LinkOptions options, String how, List<Seen> seen) {
        List<Manifest> all = distinct(found);
        if (all.size() == 1) {
            return check(MatchMethod.FILE_NAME, all.get(0), f, options, how);
        }
        if (all.size() > 1) {
            return pick(MatchMethod.FILE_NAME, all, f, options, how, seen);
        }
        return null;
    }

    private Decision check(MatchMethod method, Manifest m, ClipFacts f, LinkOptions options, String how) {
        MediaInfo media = m.media();
        FrameRate original = media.frameRate();
        Decision d = Decision.of(LinkStatus.MATCHED, method, "");
        d.manifest = m;
        String name = "original " + m.originalPath();
        if (media.startTimecode() != null && media.dropFrame() != f.dropFrame()) {
            d.status = LinkStatus.RATE_MISMATCH;
            d.message = "the edit counts timecode " + (f.dropFrame() ? "drop-frame" : "non-drop") + " but " + name
                    + " is " + (media.dropFrame() ? "drop-frame" : "non-drop");
            return d;
        }
        TimeRange frames;
        long handles;
        try {
            frames = f.needed().rescaledTo(original, RoundingMode.UNNECESSARY);
            handles = RationalTime.of(options.handlesFrames(), f.rate())
                    .rescaledTo(original, RoundingMode.UNNECESSARY)
                    .value();
        } catch (GatewayException e) {
            d.status = LinkStatus.RATE_MISMATCH;
            d.message = "the edit runs at " + f.rate().toDecimalString() + " fps but " + name + " at "
                    + original.toDecimalString() + " fps; its source times do not fall on the original's frames";
            return d;
        }
        d.sourceFrames = frames;
        TimeRange covers = media.sourceRange();
        if (!covers.contains(frames)) {
            d.status = LinkStatus.OUT_OF_RANGE;
            d.message = "found by " + how + ", but the event uses source " + span(frames, media.dropFrame()) + " and "
                    + name + " covers only " + span(covers, media.dropFrame());
            return d;
        }
        TimeRange wanted = frames.extendedBy(handles, handles);
        if (!covers.contains(wanted)) {
            long head = Math.max(0, covers.start().value() - wanted.start().value());
            long tail = Math.max(
                    0, wanted.endExclusive().value() - covers.endExclusive().value());
            d.status = LinkStatus.SHORT_HANDLES;
            d.message = "matched by " + how + ", but handles of " + options.handlesFrames() + " frames are short by "
                    + head + " frame" + (head == 1 ? "" : "s") + " at the head and " + tail + " frame"
                    + (tail == 1 ? "" : "s") + " at the tail";
            return d;
        }
        d.message = "matched by " + how + " to " + m.originalPath();
        return d;
    }

    private static boolean overlaps(MediaInfo media, TimeRange needed) {
        TimeRange covers = media.sourceRange();
        TimeRange probe;
        if (covers.rate().timecodeBase() == needed.rate().timecodeBase()) {
            // Same timecode base (24 and 23.976, 30 and 29.97): the labels are what must agree.
            probe = TimeRange.of(needed.start().value(), needed.durationFrames(), covers.rate());
        } else {
            probe = needed.rescaledTo(covers.rate(), RoundingMode.FLOOR);
        }
        return probe.isEmpty()
                ? covers.contains(probe.start()) || covers.endExclusive().equals(probe.start())
                : covers.overlaps(probe);
    }

    private static List<Manifest> distinct(List<Manifest> list) {
        Map<String, Manifest> byId = new LinkedHashMap<>();
        list.forEach(m -> byId.putIfAbsent(m.assetId().value(), m));
        return List.copyOf(byId.values());
    }

    private static String describe(ClipFacts f) {
        List<String> parts = new ArrayList<>();
        if (f.reel() != null && !f.reel().isBlank()) {
            parts.add("reel " + f.reel());
        }
        if (!f.clipNames().isEmpty()) {
            parts.add("clip name " + String.join(" / ", f.clipNames()));
        }
        if (!f.fileNames().isEmpty()) {
            parts.add("file " + String.join(" / ", f.fileNames()));
        }
        if (parts.isEmpty()) {
            return f.editProblems().isEmpty()
                    ? "no name at all"
                    : "no name at all (" + String.join("; ", f.editProblems()) + ")";
        }
        return String.join(", ", parts);
    }

    /** "01:00:00:00-01:00:01:00" (out exclusive) for a range of frames since midnight. */
    static String span(TimeRange r, boolean dropFrame) {
        return label(r.start().value(), r.rate(), dropFrame) + "-"
                + label(r.endExclusive().value(), r.rate(), dropFrame);
    }

    private static String label(long frames, FrameRate rate, boolean dropFrame) {
        if (frames < 0) {
            return "frame " + frames;
        }
        return Timecode.fromFrames(frames, rate, dropFrame && rate.supportsDropFrame())
                .toString();
    }

    private static Clip resolved(Clip clip, Decision d) {
        Manifest m = d.manifest;
        Metadata refMeta =
                Metadata.empty().withIn("gateway", "asset_id", m.assetId().value());
        ExternalReference original =
                new ExternalReference(m.originalPath(), m.media().sourceRange(), refMeta);
        // one copy of the clip's metadata, not three (this runs once per event of a 10,000-event list)
        Map<String, Object> gateway =
                new LinkedHashMap<>(clip.metadata().namespace("gateway").asMap());
        gateway.put("asset_id", m.assetId().value());
        gateway.put("link_status", d.status.json());
        gateway.put("match_method", d.method.json());
        Metadata meta = clip.metadata().with("gateway", gateway);
        return clip.withReference(Representation.ORIGINAL, original)
                .activate(Representation.ORIGINAL)
                .withMetadata(meta);
    }

    private static EventLink invalidRow(InvalidEvent bad) {
        return new EventLink(
                bad.event(),
                bad.line(),
                bad.channels(),
                bad.rate(),
                bad.dropFrame(),
                range(bad.recordIn(), bad.recordOut(), bad.rate()),
                range(bad.sourceIn(), bad.sourceOut(), bad.rate()),
                bad.reel(),
                bad.clipName(),
                bad.skipped() ? LinkStatus.SKIPPED : LinkStatus.INVALID,
                MatchMethod.NONE,
                null,
                null,
                List.of(),
                bad.problem(),
                null);
    }

    private static TimeRange range(Long in, Long out, FrameRate rate) {
        if (in == null || out == null || in < 0 || out < in) {
            return null;
        }
        return TimeRange.of(in, out - in, rate);
    }
}
