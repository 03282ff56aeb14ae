package gateway.relink.read.cmx;

import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import gateway.model.time.TimeRange;
import gateway.model.timeline.Clip;
import gateway.model.timeline.Effect;
import gateway.model.timeline.FreezeFrame;
import gateway.model.timeline.GeneratorReference;
import gateway.model.timeline.LinearTimeWarp;
import gateway.model.timeline.Marker;
import gateway.model.timeline.MarkerColor;
import gateway.model.timeline.MediaReference;
import gateway.model.timeline.Metadata;
import gateway.model.timeline.MissingReference;
import gateway.model.timeline.Stack;
import gateway.model.timeline.TimeScalar;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Transition;
import gateway.model.timeline.TransitionKind;
import gateway.relink.read.Edit;
import gateway.relink.read.EditFormat;
import gateway.relink.read.EditProblem;
import gateway.relink.read.InvalidEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns parsed event blocks into a timeline: reads the times at the list's rate, checks them, and
 * lays clips, gaps and transitions on one track per channel. Record times place the clips; in
 * lenient mode a clip lasts as long as its source says and the mismatch is noted on it.
 */
final class CmxTimelineBuilder {
    /** Event times as frames since midnight. */
    record Times(long sourceIn, long sourceOut, long recordIn, long recordOut, boolean dropFrame) {
        long sourceLength() {
            return sourceOut - sourceIn;
        }

        long recordLength() {
            return recordOut - recordIn;
        }
    }

    private static final Set<String> BLACK = Set.of("BL", "BLK", "BLACK");
    private static final Set<String> BARS = Set.of("BARS", "SMPTEBARS");

    private final FrameRate rate;
    private final Findings findings;
    private final List<InvalidEvent> invalid = new ArrayList<>();

    CmxTimelineBuilder(FrameRate rate, Findings findings) {
        this.rate = rate;
        this.findings = findings;
    }

    Edit build(CmxListParser parsed) {
        record Ready(EventBlock block, Times first, Times main) {}
        List<Ready> ready = new ArrayList<>();
        for (EventBlock b : parsed.blocks()) {
            Optional<Times> first = times(b, b.first, b.firstDropFrame);
            Optional<Times> main =
                    b.transition == null ? first : first.flatMap(f -> times(b, b.transition, b.transitionDropFrame));
            if (first.isPresent() && main.isPresent()) {
                ready.add(new Ready(b, first.get(), main.get()));
            }
        }
        for (CmxListParser.BrokenLine broken : parsed.broken()) {
            String problem = broken.last()
                    ? "the list ends at line " + broken.line() + " in the middle of event " + broken.event() + ": '"
                            + broken.text() + "' is cut short"
                    : "event line '" + broken.text()
                            + "' is not NNN REEL CHANNELS TYPE [DUR] SRC_IN SRC_OUT REC_IN REC_OUT";
            reject(broken.line(), broken.event(), problem);
            invalid.add(new InvalidEvent(
                    broken.event(), broken.line(), null, null, null, rate, false, null, null, null, null, problem));
        }
        long start = ready.stream().mapToLong(r -> r.first.recordIn).min().orElse(0);
        Lanes lanes = new Lanes(start, rate);
        for (Ready r : ready) {
            if (r.block.transition == null) {
                placeCut(lanes, r.block, r.main);
            } else {
                placeTransition(lanes, r.block, r.first, r.main);
            }
        }
        Map<String, Object> md = new LinkedHashMap<>();
        md.put("title", parsed.title());
        md.put("rate", rate.toString());
        Timeline timeline = new Timeline(
                parsed.title(),
                RationalTime.of(start, rate),
                Stack.of(lanes.tracks()),
                Metadata.empty().with("cmx_3600", md));
        invalid.sort(java.util.Comparator.comparingInt(InvalidEvent::line));
        return new Edit(EditFormat.CMX_3600, timeline, invalid, findings.all());
    }

    private void reject(int line, String event, String problem) {
        if (findings.strict()) {
            throw findings.parseError(new EditProblem(line, event, problem));
        }
        findings.warning(line, event, "event not placed: " + problem);
    }

    // ---- times

    private Optional<Times> times(EventBlock b, EventLine l, boolean fcmDrop) {
        boolean marked = CmxTime.marksDropFrame(l.sourceIn())
                || CmxTime.marksDropFrame(l.sourceOut())
                || CmxTime.marksDropFrame(l.recordIn())
                || CmxTime.marksDropFrame(l.recordOut());
        boolean df = fcmDrop || marked;
        if (df && !rate.supportsDropFrame()) {
            findings.inconsistency(
                    l.line(),
                    l.event(),
                    "drop-frame timecode at " + rate.toDecimalString()
                            + " fps, where drop-frame does not exist; reading non-drop");
            df = false;
        }
        String problem = null;
        long[] f = new long[4];
        String[] tokens = {l.sourceIn(), l.sourceOut(), l.recordIn(), l.recordOut()};
        for (int i = 0; i < 4 && problem == null; i++) {
            try {
                f[i] = CmxTime.frames(tokens[i], rate, df);
            } catch (GatewayException e) {
                problem = CmxTime.problem(tokens[i], e);
            }
        }
        boolean reverse = b.speeds.stream().anyMatch(s -> s.speed().signum() < 0);
        if (problem == null && f[3] < f[2]) {
            problem = "record out " + l.recordOut() + " is before record in " + l.recordIn();
        }
        if (problem == null && f[1] < f[0] && !reverse) {
            problem = "source out " + l.sourceOut() + " is before source in " + l.sourceIn();
        }
        if (problem == null) {
            return Optional.of(new Times(f[0], f[1], f[2], f[3], df));
        }
        reject(l.line(), l.event(), problem);
        invalid.add(new InvalidEvent(
                l.event(),
                l.line(),
                l.channels(),
                l.reel(),
                b.fromClipName,
                rate,
                df,
                naive(l.recordIn()),
                naive(l.recordOut()),
                naive(l.sourceIn()),
                naive(l.sourceOut()),
                problem));
        return Optional.empty();
    }

    private Long naive(String token) {
        return CmxTime.looksLikeTime(token) ? CmxTime.naiveFrames(token, rate) : null;
    }

    // ---- placing

    private void placeCut(Lanes lanes, EventBlock b, Times t) {
        EventLine l = b.first;
        if (channels(b, l).isEmpty()) {
            // Premiere writes NONE for titles and graphics layers: no media, but the event is reported
            String why = "skipped: no channels (" + l.channels() + "): a title or graphics event, nothing to conform";
            findings.warning(l.line(), l.event(), why);
            invalid.add(new InvalidEvent(
                    l.event(),
                    l.line(),
                    l.channels(),
                    l.reel(),
                    b.fromClipName,
                    rate,
                    t.dropFrame,
                    t.recordIn,
                    t.recordOut,
                    t.sourceIn,
                    t.sourceOut,
                    why,
                    true));
            return;
        }
        List<String> problems = new ArrayList<>();
        long duration = clipDuration(b, l, t, problems);
        if (t.recordLength() == 0) {
            findings.warning(l.line(), l.event(), "zero-length event");
        }
        String name = b.fromClipName != null ? b.fromClipName : l.reel();
        List<Effect> effects = effects(b, l.reel());
        Clip clip = clip(b, l, t, freezeName(name, effects), b.fromPath, b.sourceFile, duration, problems, false);
        if (!clip.name().equals(name)) {
            clip = clip.withMetadata(clip.metadata().withIn("cmx_3600", "clip_name", name));
        }
        clip = clip.withEffects(effects).withMarkers(markers(b, t));
        for (int channel : channels(b, l)) {
            Lanes.Lane lane = lane(lanes, channel, t.recordIn, l);
            lanes.place(lane, clip, t.recordIn, duration);
        }
    }

    private void placeTransition(Lanes lanes, EventBlock b, Times from, Times to) {
        EventLine fromLine = b.first;
        EventLine toLine = b.transition;
        List<String> problems = new ArrayList<>();
        if (!fromLine.event().equals(toLine.event())) {
            problems.add(findings.inconsistency(
                            toLine.line(),
                            toLine.event(),
                            "transition event " + toLine.event()
                                    + " does not match the event number " + fromLine.event()
                                    + " of the cut it starts from (line "
                                    + fromLine.line() + ")")
                    .message());
        }
        long length = to.recordLength();
        if (toLine.duration() != null) {
            length = Long.parseLong(toLine.duration());
            if (length > to.recordLength()) {
                problems.add(findings.inconsistency(
                                toLine.line(),
                                toLine.event(),
                                "transition lasts " + length + " frames but its event only " + to.recordLength())
                        .message());
            }
        }
        long duration = clipDuration(b, toLine, to, problems);
        String toName = b.toClipName != null ? b.toClipName : toLine.reel();
        Clip incoming = clip(
                        b,
                        toLine,
                        to,
                        toName,
                        b.toPath != null ? b.toPath : null,
                        b.sourceFile,
                        duration,
                        problems,
                        false)
                .withEffects(effects(b, toLine.reel()))
                .withMarkers(markers(b, to));
        String fromName = b.fromClipName != null ? b.fromClipName : fromLine.reel();
        Clip outgoing = clip(b, fromLine, from, fromName, b.fromPath, null, 0, List.of(), true);
        TransitionKind kind = toLine.type().equals("D")
                ? TransitionKind.DISSOLVE
                : toLine.type().startsWith("W") ? TransitionKind.WIPE : TransitionKind.OTHER;
        Map<String, Object> cmx = new LinkedHashMap<>();
        cmx.put("transition", toLine.type());
        if (b.effectsName != null) {
            cmx.put("effects_name", b.effectsName);
        }
        Map<String, Object> edit = new LinkedHashMap<>();
        edit.put("event", toLine.event());
        edit.put("line", (long) toLine.line());
        for (int channel : channels(b, toLine)) {
            Lanes.Lane lane = lane(lanes, channel, to.recordIn, toLine);
            Clip previous = lane.lastClip();
            boolean continues = previous != null
                    && lane.end == from.recordIn
                    && previous.sourceRange().endExclusive().value() == from.sourceIn;
            String outName = fromName;
            if (!continues) {
                lanes.place(lane, outgoing, from.recordIn, 0);
            } else if (b.fromClipName == null) {
                outName = previous.name();
            }
            String label =
                    switch (kind) {
                        case DISSOLVE -> "Dissolve";
                        case WIPE -> "Wipe " + toLine.type();
                        case OTHER -> toLine.type();
                    };
            Transition transition = new Transition(
                    label + " from " + outName + " to " + toName,
                    kind,
                    kind == TransitionKind.DISSOLVE ? null : toLine.type(),
                    0,
                    length,
                    rate,
                    Metadata.empty().with("edit", edit).with("cmx_3600", cmx));
            lanes.append(lane, transition);
            lanes.place(lane, incoming, to.recordIn, duration);
        }
    }

    private Lanes.Lane lane(Lanes lanes, int channel, long recordIn, EventLine l) {
        Lanes.Lane lane = lanes.free(channel, recordIn);
        if (lane.level > 1) {
            findings.inconsistency(
                    l.line(),
                    l.event(),
                    "record in " + l.recordIn() + " overlaps the previous event on " + lanes.base(channel).name
                            + "; placed on " + lane.name);
        }
        return lane;
    }

    private long clipDuration(EventBlock b, EventLine l, Times t, List<String> problems) {
        if (!b.speeds.isEmpty()) {
            return t.recordLength();
        }
        if (t.sourceLength() != t.recordLength()) {
            problems.add(findings.inconsistency(
                            l.line(),
                            l.event(),
                            "source " + l.sourceIn() + "-" + l.sourceOut()
                                    + " lasts " + t.sourceLength() + " frames but record " + l.recordIn() + "-"
                                    + l.recordOut()
                                    + " lasts " + t.recordLength() + "; trusting the source")
                    .message());
        }
        return t.sourceLength();
    }

    private List<Integer> channels(EventBlock b, EventLine l) {
        Optional<Channels> parsed = Channels.parse(l.channels());
        Channels c;
        if (parsed.isEmpty()) {
            findings.inconsistency(
                    l.line(),
                    l.event(),
                    "channel field '" + l.channels() + "' is not V, A, A2, AA, B," + " AA/V ...; reading it as video");
            c = new Channels(l.channels(), true, new java.util.TreeSet<>());
        } else {
            c = parsed.get();
        }
        for (int extra : b.extraAudio) {
            c = c.plusAudio(extra);
        }
        List<Integer> out = new ArrayList<>();
        if (c.video()) {
            out.add(0);
        }
        out.addAll(c.audio());
        return out;
    }

    private Clip clip(
            EventBlock b,
            EventLine l,
            Times t,
            String name,
            String path,
            String sourceFile,
            long duration,
            List<String> problems,
            boolean transitionFrom) {
        Map<String, Object> edit = new LinkedHashMap<>();
        edit.put("event", l.event());
        edit.put("line", (long) l.line());
        edit.put("drop_frame", t.dropFrame);
        if (!problems.isEmpty()) {
            edit.put("problems", List.copyOf(problems));
        }
        Map<String, Object> cmx = new LinkedHashMap<>();
        cmx.put("reel", l.reel());
        cmx.put("channels", l.channels());
        cmx.put("source_tc_in", l.sourceIn());
        cmx.put("source_tc_out", l.sourceOut());
        cmx.put("record_tc_in", l.recordIn());
        cmx.put("record_tc_out", l.recordOut());
        if (transitionFrom) {
            cmx.put("transition_from", true);
        } else {
            if (!b.comments.isEmpty()) {
                cmx.put("comments", List.copyOf(b.comments));
            }
            if (b.ascSop != null) {
                cmx.put(
                        "asc_sop",
                        Map.of(
                                "slope", b.ascSop.subList(0, 3),
                                "offset", b.ascSop.subList(3, 6),
                                "power", b.ascSop.subList(6, 9)));
            }
            if (b.ascSat != null) {
                cmx.put("asc_sat", b.ascSat);
            }
            if (b.effectsName != null) {
                cmx.put("effects_name", b.effectsName);
            }
        }
        String reel = l.reel().toUpperCase(Locale.ROOT);
        MediaReference ref;
        if (BLACK.contains(reel)) {
            ref = GeneratorReference.of(GeneratorReference.BLACK);
        } else if (BARS.contains(reel)) {
            ref = GeneratorReference.of(GeneratorReference.BARS);
        } else {
            ref = MissingReference.of(l.reel(), name, sourceFile, path);
        }
        return Clip.of(name, TimeRange.of(t.sourceIn, duration, rate), ref)
                .withMetadata(Metadata.empty().with("edit", edit).with("cmx_3600", cmx));
    }

    /** Avid names a freeze-frame clip "NAME FF": the clip is NAME, the effect says it freezes. */
    private static String freezeName(String name, List<Effect> effects) {
        boolean freeze = effects.stream().anyMatch(FreezeFrame.class::isInstance);
        return freeze && name.endsWith(" FF")
                ? name.substring(0, name.length() - 3).strip()
                : name;
    }

    private List<Effect> effects(EventBlock b, String reel) {
        List<Effect> out = new ArrayList<>();
        for (EventBlock.Speed s : b.speeds) {
            if (b.speeds.size() > 1 && !s.reel().equals(reel)) {
                continue;
            }
            Map<String, Object> md = Map.of("speed", s.speed(), "entry", s.entry(), "line", (long) s.line());
            Metadata meta = Metadata.empty().with("cmx_3600", md);
            if (s.speed().signum() == 0) {
                out.add(new FreezeFrame(meta));
            } else {
                TimeScalar scalar = TimeScalar.ofSpeed(s.speed(), rate.timecodeBase());
                if (!scalar.equals(TimeScalar.NORMAL)) {
                    out.add(new LinearTimeWarp(scalar, meta));
                }
            }
        }
        return out;
    }

    private List<Marker> markers(EventBlock b, Times t) {
        List<Marker> out = new ArrayList<>();
        for (EventBlock.Locator loc : b.locators) {
            long at;
            try {
                at = CmxTime.frames(loc.timecode(), rate, t.dropFrame);
            } catch (GatewayException e) {
                findings.warning(loc.line(), b.main().event(), "LOC " + CmxTime.problem(loc.timecode(), e));
                continue;
            }
            if (at < t.recordIn || at > t.recordOut) {
                findings.warning(
                        loc.line(), b.main().event(), "LOC " + loc.timecode() + " is outside the event's record range");
            }
            MarkerColor color = MarkerColor.find(loc.color()).orElse(MarkerColor.RED);
            Map<String, Object> md = new LinkedHashMap<>();
            md.put("timecode", loc.timecode());
            if (loc.color() != null) {
                md.put("color", loc.color());
            }
            out.add(new Marker(
                    loc.name(),
                    color,
                    "",
                    TimeRange.of(t.sourceIn + (at - t.recordIn), 0, rate),
                    Metadata.empty().with("cmx_3600", md)));
        }
        return out;
    }
}
