package gateway.relink.read.fcp7;

import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import gateway.model.timeline.Clip;
import gateway.model.timeline.Gap;
import gateway.model.timeline.Item;
import gateway.model.timeline.Metadata;
import gateway.model.timeline.Track;
import gateway.model.timeline.TrackKind;
import gateway.relink.read.InvalidEvent;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code track}: its clip, generator and transition items laid end to end at the track's rate,
 * with gaps where the record {@code start} of an item is past the end of the one before. A
 * {@code start} / {@code end} of -1 means "at the cut of the transition next to me". An item that
 * starts before the previous one ends loses its overlapping head (noted; strict mode fails); one
 * wholly hidden by the previous item is not placed and reported as an invalid event.
 */
final class TrackReader {
    private static final Set<String> ITEMS = Set.of("clipitem", "generatoritem", "transitionitem");

    private final IdTable ids;
    private final Findings findings;
    private final ClipReader clips;
    private final List<InvalidEvent> invalid;

    TrackReader(IdTable ids, Findings findings, ClipReader clips, List<InvalidEvent> invalid) {
        this.ids = ids;
        this.findings = findings;
        this.clips = clips;
        this.invalid = invalid;
    }

    Track read(XmlNode track, Scope enclosing, TrackKind kind, String defaultName, FrameRate sequenceRate) {
        Scope scope = enclosing.push(track);
        FrameRate rate = scope.rate(findings).orElse(sequenceRate);
        String name = Optional.ofNullable(track.attribute("MZ.TrackName"))
                .filter(s -> !s.isBlank())
                .or(() -> track.text("name"))
                .orElse(defaultName);
        List<XmlNode> elements = new ArrayList<>();
        for (XmlNode child : track.elements()) {
            if (ITEMS.contains(child.tag())) {
                elements.add(ids.resolve(child));
            }
        }
        Map<Integer, Optional<PlacedTransition>> transitions = new HashMap<>();
        for (int i = 0; i < elements.size(); i++) {
            if (elements.get(i).tag().equals("transitionitem")) {
                transitions.put(i, PlacedTransition.read(elements.get(i), rate, findings));
            }
        }
        List<Item> items = new ArrayList<>();
        long cursor = 0;
        for (int i = 0; i < elements.size(); i++) {
            XmlNode element = elements.get(i);
            String event = element.id() != null ? element.id() : defaultName + "." + (i + 1);
            if (transitions.containsKey(i)) {
                Optional<PlacedTransition> placed = transitions.get(i);
                if (placed.isEmpty()) {
                    continue;
                }
                PlacedTransition t = placed.get();
                if (t.cut() > cursor) {
                    items.add(Gap.of(t.cut() - cursor, rate));
                    cursor = t.cut();
                } else if (t.cut() < cursor) {
                    findings.inconsistency(
                            event,
                            "transition cuts at record frame " + t.cut() + " but the item before it ends at " + cursor
                                    + "; placed at " + cursor);
                }
                items.add(t.transition());
                continue;
            }
            Optional<PlacedTransition> head =
                    i > 0 ? transitions.getOrDefault(i - 1, Optional.empty()) : Optional.empty();
            Optional<PlacedTransition> tail = transitions.getOrDefault(i + 1, Optional.empty());
            List<String> problems = new ArrayList<>();
            Optional<Long> start = boundary(element, "start", head, problems);
            Optional<Long> end = boundary(element, "end", tail, problems);
            if (start.isEmpty() || end.isEmpty()) {
                reject(
                        element,
                        event,
                        kind,
                        rate,
                        start.orElse(null),
                        end.orElse(null),
                        "has no usable record <start>/<end>");
                continue;
            }
            long recordStart = start.get();
            long recordEnd = end.get();
            long headOffset = element.text("start").map("-1"::equals).orElse(false) && head.isPresent()
                    ? head.get().inOffset()
                    : 0;
            if (recordEnd < recordStart) {
                reject(
                        element,
                        event,
                        kind,
                        rate,
                        recordStart,
                        recordEnd,
                        "ends at " + recordEnd + " before it starts at " + recordStart);
                continue;
            }
            boolean toTail = element.text("end").map("-1"::equals).orElse(false) && tail.isPresent();
            checkSourceSpan(
                    element,
                    event,
                    scope,
                    rate,
                    recordStart - headOffset,
                    toTail ? tail.get().end() : recordEnd,
                    problems);
            if (recordStart < cursor) {
                if (recordEnd <= cursor) {
                    reject(
                            element,
                            event,
                            kind,
                            rate,
                            recordStart,
                            recordEnd,
                            "lies wholly under the item before it on track " + name + " (which ends at " + cursor
                                    + ")");
                    continue;
                }
                problems.add(findings.inconsistency(
                        event,
                        "starts at record frame " + recordStart + ", " + (cursor - recordStart)
                                + " frames before the item before it ends on track " + name
                                + "; its first frames are hidden (head trimmed to " + cursor + ")"));
                headOffset += cursor - recordStart;
                recordStart = cursor;
            } else if (recordStart > cursor) {
                items.add(Gap.of(recordStart - cursor, rate));
            }
            Clip clip = clips.read(element, scope, rate, event, recordStart, recordEnd, headOffset, problems);
            items.add(clip);
            cursor = recordEnd;
        }
        Map<String, Object> fcp = new LinkedHashMap<>();
        fcp.put("rate", rate.toString());
        track.text("locked").ifPresent(v -> fcp.put("locked", v));
        Optional.ofNullable(track.attribute("totalExplodedTrackCount"))
                .ifPresent(v -> fcp.put("exploded_track_count", v));
        track.text("outputchannelindex").ifPresent(v -> fcp.put("outputchannelindex", v));
        return new Track(
                name, kind, items, track.flag("enabled", true), Metadata.empty().with(FilterReader.NAMESPACE, fcp));
    }

    /**
     * Without a time remap, out − in (at the item's rate) is the record span the item covers,
     * transitions included; when they disagree the record span wins (as in every NLE) and it is said.
     */
    private void checkSourceSpan(
            XmlNode element,
            String event,
            Scope scope,
            FrameRate rate,
            long spanStart,
            long spanEnd,
            List<String> problems) {
        boolean remapped = element.children("filter").stream().map(ids::resolve).anyMatch(f -> f.text("effect/effectid")
                .map("timeremap"::equalsIgnoreCase)
                .orElse(false));
        Optional<Long> in = FrameCount.at(element, "in", findings);
        Optional<Long> out = FrameCount.at(element, "out", findings);
        if (remapped || in.isEmpty() || out.isEmpty()) {
            return;
        }
        FrameRate clipRate = scope.push(element).rate(findings).orElse(rate);
        long sourceSpan = out.get() - in.get();
        long expected = clipRate.timecodeBase() == rate.timecodeBase()
                ? sourceSpan
                : RationalTime.of(sourceSpan, clipRate)
                        .rescaledTo(rate, RoundingMode.HALF_UP)
                        .value();
        long recordSpan = spanEnd - spanStart;
        if (expected != recordSpan) {
            problems.add(findings.inconsistency(
                    event,
                    "in " + in.get() + " / out " + out.get() + " span " + sourceSpan
                            + " source frames but the item spans " + recordSpan + " record frames (" + spanStart + "-"
                            + spanEnd + "); the record span is used"));
        }
    }

    /** The item's {@code start} or {@code end}; -1 resolves to the cut of the neighbouring transition. */
    private Optional<Long> boundary(
            XmlNode element, String which, Optional<PlacedTransition> transition, List<String> problems) {
        Optional<Long> value = FrameCount.at(element, which, findings);
        if (value.isEmpty() || value.get() != -1) {
            return value;
        }
        if (transition.isPresent()) {
            return Optional.of(transition.get().cut());
        }
        problems.add(findings.inconsistency(element.label(), "<" + which + "> is -1 but no transition is next to it"));
        return Optional.empty();
    }

    private void reject(
            XmlNode element, String event, TrackKind kind, FrameRate rate, Long start, Long end, String why) {
        String problem = findings.inconsistency(event, why + "; not placed");
        invalid.add(new InvalidEvent(
                event,
                0,
                kind == TrackKind.VIDEO ? "V" : "A",
                null,
                element.text("name").orElse(null),
                rate,
                false,
                start,
                end,
                FrameCount.at(element, "in", findings).orElse(null),
                FrameCount.at(element, "out", findings).orElse(null),
                problem));
    }
}
