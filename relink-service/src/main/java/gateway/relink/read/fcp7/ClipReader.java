package gateway.relink.read.fcp7;

import gateway.model.error.GatewayException;
import gateway.model.time.Fraction;
import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import gateway.model.time.TimeRange;
import gateway.model.timeline.AudioLevel;
import gateway.model.timeline.Clip;
import gateway.model.timeline.Effect;
import gateway.model.timeline.GeneratorReference;
import gateway.model.timeline.Marker;
import gateway.model.timeline.MediaReference;
import gateway.model.timeline.Metadata;
import gateway.model.timeline.MissingReference;
import gateway.model.timeline.Representation;
import gateway.model.timeline.SpeedRamp;
import gateway.model.timeline.Timeline;
import gateway.relink.read.Edit;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code clipitem} or {@code generatoritem} as a clip. Its record range comes from the track;
 * {@code in} is in the item's own rate, counted from the start of its media. The source range is in
 * the media's time frame: the file's timecode start (at the file's rate) + {@code in} (+ the part of
 * a head transition before the cut), lasting as long as the item does on the track. Media clips get
 * a {@link MissingReference} (reel, clip name, file name, decoded path); generators (a
 * {@code generatoritem}, or a {@code file} with a {@code mediaSource} and no path) a
 * {@link GeneratorReference}; a nested sequence a {@link MissingReference} without names whose
 * metadata points at the sequence, and the clip keeps a summary of that sequence.
 */
final class ClipReader {
    /** What the item plays: its reference, the media's rate and the frame its media starts at. */
    private record Source(
            MediaReference reference,
            FrameRate rate,
            long origin,
            boolean dropFrame,
            Map<String, Object> facts,
            String nest) {
        Source(MediaReference reference, FrameRate rate, long origin, boolean dropFrame, Map<String, Object> facts) {
            this(reference, rate, origin, dropFrame, facts, null);
        }
    }

    private final IdTable ids;
    private final Findings findings;
    private final SequenceReader sequences;
    private final FilterReader filters;
    private final MarkerReader markers;

    ClipReader(IdTable ids, Findings findings, SequenceReader sequences) {
        this.ids = ids;
        this.findings = findings;
        this.sequences = sequences;
        this.filters = new FilterReader(ids, findings);
        this.markers = new MarkerReader(findings);
    }

    /**
     * The clip for {@code item}, which takes record frames [{@code recordStart}, {@code recordEnd})
     * at {@code trackRate}; {@code headOffset} track frames of its media lie before {@code recordStart}
     * (under a head transition or trimmed by an overlap).
     */
    Clip read(
            XmlNode item,
            Scope trackScope,
            FrameRate trackRate,
            String event,
            long recordStart,
            long recordEnd,
            long headOffset,
            List<String> problems) {
        Scope scope = trackScope.push(item);
        FrameRate clipRate = scope.rate(findings).orElse(trackRate);
        String name = item.text("name").orElse("");
        Source source = source(item, scope, clipRate, name, problems);
        long in = FrameCount.at(item, "in", findings).orElseGet(() -> {
            problems.add(findings.inconsistency(item.label(), "has no <in>; read as 0"));
            return 0L;
        });
        long start = source.origin
                + rescale(in, clipRate, source.rate, item, "in", problems)
                + rescale(headOffset, trackRate, source.rate, item, "the head offset", problems);
        long duration = rescale(recordEnd - recordStart, trackRate, source.rate, item, "the duration", problems);
        List<Effect> effects = new ArrayList<>(filters.effects(item));
        Fraction firstWhen = Fraction.of(in).plus(clipFrames(headOffset, trackRate, clipRate));
        Fraction sourceStart = Fraction.of(start - source.origin);
        effects.replaceAll(e -> switch (e) {
            case SpeedRamp r -> FilterReader.placed(r, firstWhen, sourceStart, clipRate, source.rate);
            case AudioLevel l -> FilterReader.placed(l, firstWhen, clipRate, source.rate);
            default -> e;
        });
        FrameRate sourceRate = source.rate;
        long origin = source.origin;
        List<Marker> clipMarkers = markers.markers(
                item, sourceRate, f -> origin + rescale(f, clipRate, sourceRate, item, "a marker", problems));
        Map<String, Object> edit = new LinkedHashMap<>();
        edit.put("event", event);
        edit.put("drop_frame", source.dropFrame);
        if (source.nest != null) {
            edit.put(Edit.NEST_KEY, source.nest);
        }
        if (!problems.isEmpty()) {
            edit.put("problems", List.copyOf(problems));
        }
        Map<String, Object> fcp = new LinkedHashMap<>();
        fcp.put("element", item.tag());
        if (item.id() != null) {
            fcp.put("id", item.id());
        }
        item.text("masterclipid").ifPresent(v -> fcp.put("masterclipid", v));
        fcp.put("start", item.text("start").orElse(""));
        fcp.put("end", item.text("end").orElse(""));
        fcp.put("in", in);
        item.text("out").ifPresent(v -> fcp.put("out", v));
        fcp.put("rate", clipRate.toString());
        fcp.putAll(source.facts);
        return new Clip(
                name,
                TimeRange.of(start, duration, sourceRate),
                Map.of(Representation.ORIGINAL, source.reference),
                Representation.ORIGINAL,
                effects,
                clipMarkers,
                item.flag("enabled", true),
                Metadata.empty().with(Edit.NAMESPACE, edit).with(FilterReader.NAMESPACE, fcp));
    }

    private Source source(XmlNode item, Scope scope, FrameRate clipRate, String name, List<String> problems) {
        Optional<XmlNode> file = item.child("file").map(ids::resolve);
        if (file.isPresent()) {
            return file(file.get(), scope, clipRate, name, problems);
        }
        Optional<XmlNode> nested = item.child("sequence").map(ids::resolve);
        if (nested.isPresent()) {
            return nested(item, nested.get(), scope);
        }
        Optional<XmlNode> generator = item.children("effect").stream()
                .filter(e ->
                        e.text("effecttype").map("generator"::equalsIgnoreCase).orElse(true))
                .findFirst();
        if (generator.isPresent()) {
            XmlNode effect = generator.get();
            String kind = effect.text("effectid").orElse(effect.text("name").orElse("generator"));
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("generator", kind);
            Metadata md = Metadata.empty().with(FilterReader.NAMESPACE, XmlJson.of(effect, Set.of()));
            return new Source(new GeneratorReference(kind, md), clipRate, 0, false, facts);
        }
        problems.add(findings.note(item.label(), "'" + name + "' names no file, sequence or generator"));
        return new Source(MissingReference.of(null, name, null, null), clipRate, 0, false, Map.of());
    }

    private Source file(XmlNode file, Scope scope, FrameRate clipRate, String name, List<String> problems) {
        Scope fileScope = scope.push(file);
        FrameRate fileRate = fileScope.rate(findings).orElse(clipRate);
        Optional<FcpTimecode> tc = file.child("timecode").flatMap(t -> FcpTimecode.of(t, fileScope, findings));
        long origin = tc.map(t -> rescale(t.frame(), t.rate(), fileRate, file, "the file's timecode", problems))
                .orElse(0L);
        boolean df = tc.map(t -> t.dropFrame() && t.rate().supportsDropFrame()).orElse(false);
        String reel = tc.map(FcpTimecode::reel).orElse(null);
        Optional<String> url = file.text("pathurl");
        String path = null;
        if (url.isPresent()) {
            path = PathUrl.toPath(url.get()).orElse(null);
            if (path == null) {
                path = url.get();
                problems.add(findings.inconsistency(
                        file.label(), "pathurl '" + url.get() + "' has a broken %-escape; kept as written"));
            }
        }
        String fileName = file.text("name").orElse(path == null ? null : lastSegment(path));
        Map<String, Object> facts = new LinkedHashMap<>();
        if (file.id() != null) {
            facts.put("file_id", file.id());
        }
        url.ifPresent(u -> facts.put("pathurl", u));
        file.text("duration").ifPresent(d -> facts.put("file_duration", d));
        facts.put("file_rate", fileRate.toString());
        tc.ifPresent(t -> {
            facts.put("timecode_frame", t.frame());
            facts.put("timecode_rate", t.rate().toString());
            if (t.string() != null) {
                facts.put("timecode", t.string());
            }
        });
        if (reel != null) {
            facts.put("reel", reel);
        }
        Optional<String> mediaSource = file.text("mediaSource");
        if (mediaSource.isPresent() && url.isEmpty()) {
            // Made by the NLE (slug, bars, titles): no media to conform; its frames count at the item's rate.
            facts.put("generator", mediaSource.get());
            Metadata md = Metadata.empty()
                    .with(FilterReader.NAMESPACE, Map.of("file_name", fileName == null ? "" : fileName));
            return new Source(new GeneratorReference(mediaSource.get(), md), clipRate, 0, df, facts);
        }
        MediaReference ref = new MissingReference(
                reel,
                name.isEmpty() ? null : name,
                fileName,
                path,
                Metadata.empty().with(FilterReader.NAMESPACE, facts));
        return new Source(ref, fileRate, origin, df, facts);
    }

    private Source nested(XmlNode item, XmlNode sequence, Scope scope) {
        String key = sequences.keyOf(sequence);
        Optional<Timeline> open = sequences.header(sequence);
        Map<String, Object> pointer = new LinkedHashMap<>();
        pointer.put("nested_sequence_id", sequence.id() == null ? "" : sequence.id());
        if (open.isPresent()) {
            // a sequence that plays itself: the clip stays one clip, and flattening refuses the cycle
            Timeline header = open.get();
            pointer.put("nested_sequence_name", header.name());
            findings.inconsistency(
                    item.label(),
                    "plays sequence '" + header.name() + "', which contains this clip: the sequence contains itself"
                            + " (a cycle); kept as one clip");
            MediaReference ref = new MissingReference(
                    null, null, null, null, Metadata.empty().with(FilterReader.NAMESPACE, pointer));
            return new Source(
                    ref, header.rate(), header.globalStart().value(), false, new LinkedHashMap<>(pointer), key);
        }
        Timeline nested = sequences.read(sequence, scope);
        pointer.put("nested_sequence_name", nested.name());
        Map<String, Object> facts = new LinkedHashMap<>(pointer);
        facts.put("nested_sequence", NestedSummary.of(nested));
        findings.note(
                item.label(),
                "plays nested sequence '" + nested.name() + "'"
                        + (sequence.id() == null ? "" : " (" + sequence.id() + ")")
                        + ": a conform flattens it into the tracks it plays on; read on its own it stays one clip"
                        + " whose metadata lists its clips (fcp7_xml.nested_sequence)");
        MediaReference ref =
                new MissingReference(null, null, null, null, Metadata.empty().with(FilterReader.NAMESPACE, pointer));
        return new Source(ref, nested.rate(), nested.globalStart().value(), false, facts, key);
    }

    /**
     * {@code frames} at {@code from} as frames at {@code to}. Rates with the same timecode base (24
     * and 23.976, 30 and 29.97) count the same frames, so the count is kept, as NLEs do when a 24 fps
     * file sits in a 23.976 sequence; other rates are rescaled, rounded half up (and noted) when the
     * time falls between frames.
     */
    /** {@code frames} at {@code from} in frames at {@code to}, exactly (frames are frames on the same timecode base). */
    private static Fraction clipFrames(long frames, FrameRate from, FrameRate to) {
        return from.timecodeBase() == to.timecodeBase()
                ? Fraction.of(frames)
                : Fraction.rescaled(Fraction.of(frames), from, to);
    }

    private long rescale(long frames, FrameRate from, FrameRate to, XmlNode item, String what, List<String> problems) {
        if (from.timecodeBase() == to.timecodeBase()) {
            return frames;
        }
        RationalTime t = RationalTime.of(frames, from);
        try {
            return t.rescaledTo(to, RoundingMode.UNNECESSARY).value();
        } catch (GatewayException e) {
            long rounded = t.rescaledTo(to, RoundingMode.HALF_UP).value();
            problems.add(findings.note(
                    item.label(),
                    what + " (" + frames + " frames at " + from + ") falls between frames at " + to + "; rounded to "
                            + rounded));
            return rounded;
        }
    }

    private static String lastSegment(String path) {
        String p = path.replace('\\', '/');
        int slash = p.lastIndexOf('/');
        return slash < 0 ? p : p.substring(slash + 1);
    }
}
