package gateway.relink.nest;

import gateway.model.time.Fraction;
import gateway.model.time.FrameRate;
import gateway.model.time.TimeRange;
import gateway.model.timeline.AudioLevel;
import gateway.model.timeline.Clip;
import gateway.model.timeline.Effect;
import gateway.model.timeline.FreezeFrame;
import gateway.model.timeline.Item;
import gateway.model.timeline.LinearTimeWarp;
import gateway.model.timeline.Marker;
import gateway.model.timeline.Metadata;
import gateway.model.timeline.SpeedRamp;
import gateway.model.timeline.TimeScalar;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.model.timeline.Transition;
import gateway.relink.read.Edit;
import gateway.relink.time.Seconds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One clip that plays a nest, and how the nest's time maps to the parent's. The clip sits at parent
 * track time {@code [p0, p0 + D)} and plays the nest's track time {@code [i0, i0 + D x speed)}, where
 * {@code i0} is the clip's source start (in the nest's record time frame) minus the nest's global
 * start; nest time {@code x} is parent time {@code p0 + (x - i0) / speed}. All of it is exact
 * seconds; every position, duration and trim must come out as whole frames or the clip is not
 * flattened ({@link NotFlattened}).
 */
final class NestUse {
    private final Clip nestClip;
    private final Timeline nest;
    private final String label;
    private final String parentEvent;
    private final String parentTrack;
    private final FrameRate parentRate;
    private final TimeScalar speed;
    private final boolean freeze;
    private final Seconds i0;
    private final Seconds i1;
    private final Seconds p0;

    NestUse(
            Clip nestClip,
            Timeline nest,
            String label,
            String parentTrack,
            FrameRate parentRate,
            Seconds p0,
            TimeScalar speed,
            boolean freeze) {
        this.nestClip = nestClip;
        this.nest = nest;
        this.label = label;
        this.parentEvent = event(nestClip);
        this.parentTrack = parentTrack;
        this.parentRate = parentRate;
        this.speed = speed;
        this.freeze = freeze;
        this.p0 = p0;
        this.i0 = Seconds.of(nestClip.sourceRange().start()).minus(Seconds.of(nest.globalStart()));
        this.i1 = freeze ? i0 : i0.plus(Seconds.of(nestClip.duration()).times(speed));
        whole(p0, parentRate, "the nest clip's start on " + parentTrack);
        whole(end(), parentRate, "the nest clip's end on " + parentTrack);
    }

    /** Parent track time just after the nest clip. */
    Seconds end() {
        return p0.plus(Seconds.of(nestClip.duration()));
    }

    /** The items of {@code track} (a track of the flattened nest) that show, at parent track time. */
    List<Placed> place(Track track) {
        if (freeze) {
            return frozen(track);
        }
        List<Placed> out = new ArrayList<>();
        Seconds at = Seconds.ZERO;
        for (Item item : track.items()) {
            Seconds a = at;
            at = at.plus(Seconds.of(item.duration()));
            switch (item) {
                case Clip c -> clip(c, a, at, track).ifPresent(out::add);
                case Transition t -> transition(t, a).ifPresent(out::add);
                default -> {}
            }
        }
        return out;
    }

    /**
     * For a frozen nest clip: the clip of {@code track} showing at the nest clip's in point, held at
     * that frame over the whole nest clip; nothing when a gap shows there. A transition across that
     * frame mixes two pictures, which one held frame cannot say: refused.
     */
    private List<Placed> frozen(Track track) {
        Seconds at = Seconds.ZERO;
        for (Item item : track.items()) {
            if (item instanceof Transition t) {
                Seconds from = at.minus(Seconds.of(t.inOffsetFrames(), t.rate()));
                Seconds to = at.plus(Seconds.of(t.outOffsetFrames(), t.rate()));
                if (from.compareTo(i0) <= 0 && i0.compareTo(to) < 0) {
                    throw new NotFlattened("the frozen frame falls in transition '" + t.name() + "' on " + track.name()
                            + ": one held frame cannot show a mix; not flattened");
                }
                continue;
            }
            Seconds a = at;
            at = at.plus(Seconds.of(item.duration()));
            if (a.compareTo(i0) <= 0 && i0.compareTo(at) < 0 && item instanceof Clip c) {
                return List.of(heldFrame(c, a, track));
            }
        }
        return List.of();
    }

    private Placed heldFrame(Clip c, Seconds a, Track track) {
        TimeScalar own = c.timeScalar();
        if (own.isReverse() || Speed.hasTimeWarp(c)) {
            throw new NotFlattened("its clip '" + c.name() + "' (event " + event(c) + ") plays with a "
                    + (own.isReverse() ? "reverse speed" : "time warp")
                    + " and the nest clip freezes it: the held frame cannot be told exactly");
        }
        FrameRate ri = c.sourceRange().rate();
        long frame = own.isFreeze() ? 0 : whole(i0.minus(a).times(own), ri, "the held frame of '" + c.name() + "'");
        long duration = whole(Seconds.of(nestClip.duration()), ri, "the held duration of '" + c.name() + "'");
        List<Effect> effects = new ArrayList<>();
        c.effects().stream().filter(e -> e.timeScalar().isEmpty()).forEach(effects::add);
        effects.add(new FreezeFrame(Metadata.empty().withIn("gateway", "nest_freeze", nest.name())));
        Clip held = c.withSourceRange(TimeRange.of(c.sourceRange().start().plusFrames(frame), duration))
                .withEffects(effects)
                .withEnabled(c.enabled() && track.enabled() && nestClip.enabled())
                .withMetadata(metadata(c, track));
        return new Placed(p0, end(), held);
    }

    private Optional<Placed> clip(Clip c, Seconds a, Seconds b, Track track) {
        Seconds va = a.max(i0);
        Seconds vb = b.min(i1);
        if (vb.compareTo(va) <= 0) {
            return Optional.empty();
        }
        Seconds head = va.minus(a);
        boolean trimmed = head.signum() > 0 || b.compareTo(vb) > 0;
        TimeScalar own = c.timeScalar();
        Optional<SpeedRamp> ramp = c.speedRamp();
        if (trimmed && (own.isReverse() || Speed.hasUninterpretedTimeWarp(c))) {
            throw new NotFlattened("its clip '" + c.name() + "' (event " + event(c) + ") plays with a "
                    + (own.isReverse() ? "reverse speed" : "time warp")
                    + " and is cut by the nest clip's in/out: its frames cannot be told exactly");
        }
        if (ramp.isPresent() && (!own.equals(TimeScalar.NORMAL) || !speed.equals(TimeScalar.NORMAL))) {
            throw new NotFlattened("its clip '" + c.name() + "' (event " + event(c) + ") has a speed ramp and a"
                    + " constant speed (" + (own.equals(TimeScalar.NORMAL) ? speed : own)
                    + "): the two are not composed");
        }
        FrameRate ri = c.sourceRange().rate();
        long headFrames = whole(head.times(own), ri, "the head trim of '" + c.name() + "'");
        long duration = whole(vb.minus(va).dividedBy(speed), ri, "the duration of '" + c.name() + "'");
        Seconds start = toParent(va);
        Seconds end = toParent(vb);
        whole(start, parentRate, "the start of '" + c.name() + "'");
        whole(end, parentRate, "the end of '" + c.name() + "'");
        List<Effect> effects = new ArrayList<>(c.effects());
        long sourceHead = headFrames;
        if (ramp.isPresent() && headFrames != 0) {
            // a ramp trims exactly: its keyframes move with the head, the source start by what the head showed
            sourceHead = ramp.get().sourceOffsetAt(headFrames);
            SpeedRamp trimmedRamp = ramp.get().trimmed(headFrames);
            effects.replaceAll(e -> e instanceof SpeedRamp ? trimmedRamp : e);
        }
        // a level's keyframes move with the head and, under a nest speed, stretch with the clip
        Fraction headRecord = Fraction.of(
                head.numerator().multiply(java.math.BigInteger.valueOf(ri.numerator())),
                head.denominator().multiply(java.math.BigInteger.valueOf(ri.denominator())));
        Fraction stretch =
                speed.numerator() == 0 ? Fraction.ONE : Fraction.of(speed.denominator(), Math.abs(speed.numerator()));
        effects.replaceAll(e -> e instanceof AudioLevel l ? placedLevel(l, headRecord, stretch) : e);
        if (!speed.equals(TimeScalar.NORMAL)) {
            effects.add(new LinearTimeWarp(speed, Metadata.empty().withIn("gateway", "nest_speed", nest.name())));
        }
        Clip mapped = c.withSourceRange(TimeRange.of(c.sourceRange().start().plusFrames(sourceHead), duration))
                .withEffects(effects)
                .withEnabled(c.enabled() && track.enabled() && nestClip.enabled())
                .withMetadata(metadata(c, track));
        return Optional.of(new Placed(start, end, mapped));
    }

    /** {@code level} for the clip trimmed by {@code head} record frames and played {@code stretch} times as long. */
    private static AudioLevel placedLevel(AudioLevel level, Fraction head, Fraction stretch) {
        AudioLevel trimmed = level.trimmed(head);
        if (trimmed.keyframes().isEmpty() || stretch.equals(Fraction.ONE)) {
            return trimmed;
        }
        return new AudioLevel(
                trimmed.gainDb(),
                trimmed.keyframes().stream()
                        .map(k -> new AudioLevel.Keyframe(k.record().times(stretch), k.db()))
                        .toList(),
                trimmed.metadata());
    }

    private Optional<Placed> transition(Transition t, Seconds cut) {
        if (cut.compareTo(i0) <= 0 || cut.compareTo(i1) >= 0) {
            return Optional.empty();
        }
        Seconds in = Seconds.of(t.inOffsetFrames(), t.rate()).min(cut.minus(i0));
        Seconds out = Seconds.of(t.outOffsetFrames(), t.rate()).min(i1.minus(cut));
        long inFrames = whole(in.dividedBy(speed), t.rate(), "the in offset of transition '" + t.name() + "'");
        long outFrames = whole(out.dividedBy(speed), t.rate(), "the out offset of transition '" + t.name() + "'");
        if (inFrames + outFrames == 0) {
            return Optional.empty();
        }
        Seconds at = toParent(cut);
        whole(at, parentRate, "the cut of transition '" + t.name() + "'");
        Transition mapped =
                new Transition(t.name(), t.kind(), t.kindName(), inFrames, outFrames, t.rate(), t.metadata());
        return Optional.of(new Placed(at, at, mapped));
    }

    /**
     * The nest clip's markers, each moved onto the clip of {@code laid} (the items now on the parent
     * track, from this clip's start) that shows at the marker's time, in that clip's source time;
     * {@code lost} gets a sentence for each marker that lands where only a gap shows or between
     * frames.
     */
    List<Item> withMarkers(List<Item> laid, List<String> lost) {
        List<Item> out = new ArrayList<>(laid);
        for (Marker m : nestClip.markers()) {
            Seconds offset = Seconds.of(m.markedRange().start())
                    .minus(Seconds.of(nestClip.sourceRange().start()));
            Seconds p = p0.plus(offset.dividedBy(speed));
            Seconds at = p0;
            boolean placed = false;
            for (int i = 0; i < out.size() && !placed; i++) {
                Item item = out.get(i);
                Seconds from = at;
                at = at.plus(Seconds.of(item.duration()));
                if (item instanceof Clip c && from.compareTo(p) <= 0 && p.compareTo(at) < 0) {
                    FrameRate rate = c.sourceRange().rate();
                    Optional<Long> into = p.minus(from).frames(rate);
                    Optional<Long> length = Seconds.of(m.markedRange().duration())
                            .dividedBy(speed)
                            .frames(rate);
                    if (into.isPresent() && length.isPresent()) {
                        long frames = Math.min(length.get(), c.sourceRange().durationFrames() - into.get());
                        List<Marker> markers = new ArrayList<>(c.markers());
                        markers.add(new Marker(
                                m.name(),
                                m.color(),
                                m.comment(),
                                TimeRange.of(c.sourceRange().start().plusFrames(into.get()), frames),
                                m.metadata().withIn("gateway", "nest_marker", nest.name())));
                        out.set(i, c.withMarkers(markers));
                        placed = true;
                    }
                }
            }
            if (!placed) {
                lost.add("marker '" + m.name() + "' of the clip playing nested sequence '" + nest.name()
                        + "' falls where no clip of it shows on " + parentTrack + " (or between frames): not carried");
            }
        }
        return out;
    }

    private Seconds toParent(Seconds nestTime) {
        return p0.plus(nestTime.minus(i0).dividedBy(speed));
    }

    /** The clip's event facts as a flattened clip: event "parent.index", the parent's line, where it came from. */
    private Metadata metadata(Clip c, Track track) {
        Metadata edit = c.metadata().namespace(Edit.NAMESPACE);
        Metadata parent = nestClip.metadata().namespace(Edit.NAMESPACE);
        String index = edit.string(Flattener.INDEX_KEY).orElse("?");
        String innerEvent = event(c);
        NestOrigin origin = NestOrigin.of(c.metadata())
                .map(o -> o.within(parentEvent, parentTrack, nest.name()))
                .orElse(new NestOrigin(parentEvent, parentTrack, List.of(nest.name()), innerEvent, track.name()));
        Map<String, Object> m = new LinkedHashMap<>(edit.asMap());
        m.put("event", parentEvent + "." + index);
        parent.get("line").ifPresentOrElse(l -> m.put("line", l), () -> m.remove("line"));
        m.put(NestOrigin.KEY, origin.asMap());
        Optional<String> parentIndex = parent.string(Flattener.INDEX_KEY);
        if (parentIndex.isPresent()) {
            m.put(Flattener.INDEX_KEY, parentIndex.get() + "." + index);
        } else {
            m.remove(Flattener.INDEX_KEY);
        }
        return c.metadata().with(Edit.NAMESPACE, m).withIn("gateway", "nest", label);
    }

    static String event(Item item) {
        return item.metadata().namespace(Edit.NAMESPACE).string("event").orElse(item.name());
    }

    private long whole(Seconds t, FrameRate rate, String what) {
        return t.frames(rate)
                .orElseThrow(() -> new NotFlattened(what + " falls between frames at " + rate.toDecimalString()
                        + " fps (" + t.framesForDisplay(rate) + " frames"
                        + (speed.equals(TimeScalar.NORMAL) ? "" : " at speed " + speed)
                        + "); it cannot be flattened exactly"));
    }
}
