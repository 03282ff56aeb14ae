package gateway.relink.read.aaf;

import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import gateway.model.time.TimeRange;
import gateway.model.timeline.AudioLevel;
import gateway.model.timeline.Clip;
import gateway.model.timeline.Effect;
import gateway.model.timeline.FreezeFrame;
import gateway.model.timeline.Gap;
import gateway.model.timeline.Item;
import gateway.model.timeline.LinearTimeWarp;
import gateway.model.timeline.Metadata;
import gateway.model.timeline.MissingReference;
import gateway.model.timeline.Representation;
import gateway.model.timeline.Stack;
import gateway.model.timeline.TimeScalar;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.model.timeline.TrackKind;
import gateway.model.timeline.Transition;
import gateway.model.timeline.TransitionKind;
import gateway.model.timeline.UnknownEffect;
import gateway.relink.read.Edit;
import gateway.relink.read.EditProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a CompositionMob into a timeline: each picture and sound slot a track, its Sequence's
 * components items. AAF lets a transition overlap its neighbours by its length; the model cuts
 * between them instead, at the transition's cut point, so the outgoing item ends at the cut and the
 * incoming one starts there (its source start moves by the cut point). Speed effects (an
 * OperationGroup with a speed ratio) become a linear time warp or a freeze frame on their clip, an
 * audio gain on a clip or a whole sound track its clips' {@link AudioLevel} ({@link AudioGain}); any
 * other effect stays on its clip (or, track-wide, in the track's metadata), named. Nested sequences (a Sequence or NestedScope inside a track,
 * or a SourceClip that plays another CompositionMob) become nests (see {@link Edit}).
 */
final class CompositionReader {
    private final SourceChain chain;
    private final AafDictionary dictionary;
    private final List<EditProblem> problems = new ArrayList<>();
    private final Map<String, Timeline> nests = new LinkedHashMap<>();
    private int depth;

    CompositionReader(SourceChain chain, AafDictionary dictionary) {
        this.chain = chain;
        this.dictionary = dictionary;
    }

    List<EditProblem> problems() {
        return problems;
    }

    Map<String, Timeline> nests() {
        return nests;
    }

    /** The composition's timeline: its picture tracks, then its sound tracks, in slot order. */
    Timeline read(AafObject composition) {
        String name = composition.string(Pid.MOB_NAME, "");
        List<AafObject> slots = composition.children(Pid.MOB_SLOTS);
        long[] rate = compositionRate(slots);
        FrameRate fr = Rates.frameRate(rate);
        long start = 0;
        boolean drop = false;
        List<Track> video = new ArrayList<>();
        List<Track> audio = new ArrayList<>();
        List<AafObject> eventSlots = new ArrayList<>();
        for (AafObject slot : slots) {
            if (slot.type() == AafClass.EVENT_MOB_SLOT) {
                eventSlots.add(slot);
                continue;
            }
            AafObject segment = slot.child(Pid.SLOT_SEGMENT).orElse(null);
            if (segment == null) {
                continue;
            }
            long[] slotRate = SourceChain.slotRate(slot, rate);
            if (SourceChain.isTimecode(segment)) {
                Optional<long[]> tc = SourceChain.timecodeAt(composition, 0, slotRate);
                if (tc.isPresent() && start == 0) {
                    start = Rates.rescale(tc.get()[0], new long[] {tc.get()[1], tc.get()[2]}, rate);
                    drop = tc.get()[3] != 0;
                }
                continue;
            }
            Optional<TrackKind> kind = kind(segment);
            if (kind.isEmpty()) {
                continue;
            }
            List<Track> into = kind.get() == TrackKind.VIDEO ? video : audio;
            // a track-wide effect (Media Composer's Audio Pan, a submaster) wraps the track's sequence
            List<String> trackEffects = new ArrayList<>();
            List<AudioLevel> trackGains = new ArrayList<>();
            while (segment.type() == AafClass.OPERATION_GROUP) {
                List<AafObject> inputs = segment.children(Pid.OPERATION_INPUTS);
                if (inputs.size() != 1 || speed(segment).isPresent()) {
                    break;
                }
                String op = dictionary.name(segment.weakKey(Pid.OPERATION_DEF)).orElse("unnamed effect");
                Optional<AudioLevel> gain = kind.get() == TrackKind.AUDIO
                        ? AudioGain.of(segment, op, dictionary, segment.int64(Pid.COMPONENT_LENGTH, 0))
                        : Optional.empty();
                if (gain.isPresent()) {
                    trackGains.add(gain.get()); // a track gain plays on each of its clips
                } else {
                    trackEffects.add(op);
                }
                segment = inputs.get(0);
            }
            // several video tracks collapsed into one slot: a NestedScope whose slots are the tracks
            List<AafObject> layers = segment.type() == AafClass.NESTED_SCOPE
                    ? segment.children(Pid.NESTED_SCOPE_SLOTS)
                    : List.of(segment);
            String base = slot.string(Pid.SLOT_NAME, "");
            for (AafObject layer : layers) {
                String trackName = (kind.get() == TrackKind.VIDEO ? "V" : "A") + (into.size() + 1);
                if (!base.isBlank()) {
                    trackName = layers.size() == 1 ? base : base + " " + trackName;
                }
                if (!java.util.Arrays.equals(slotRate, rate)) {
                    problems.add(new EditProblem(
                            0,
                            null,
                            "track " + trackName + " runs at " + Rates.text(slotRate) + ", the sequence at "
                                    + Rates.text(rate) + ": read at its own rate"));
                }
                List<Item> items = numbered(
                        AudioGain.onClips(items(layer, slotRate, kind.get(), trackName), trackGains, trackName));
                Map<String, Object> aaf = new LinkedHashMap<>();
                aaf.put("slot_id", slot.int32(Pid.SLOT_ID, 0));
                aaf.put("physical_track", slot.int32(Pid.SLOT_PHYSICAL_TRACK, 0));
                if (!trackEffects.isEmpty()) {
                    aaf.put("effects", List.copyOf(trackEffects));
                }
                into.add(new Track(
                        trackName, kind.get(), items, true, Metadata.empty().with("aaf", aaf)));
            }
        }
        List<Track> tracks = new ArrayList<>(video);
        tracks.addAll(audio);
        tracks = Markers.attach(tracks, eventSlots, rate, dictionary, problems);
        return new Timeline(
                name,
                RationalTime.of(start, fr),
                Stack.of(tracks),
                Metadata.empty().with(Edit.NAMESPACE, Map.of("drop_frame", drop)));
    }

    private static long[] compositionRate(List<AafObject> slots) {
        for (AafObject s : slots) {
            if (s.type() == AafClass.TIMELINE_MOB_SLOT && s.has(Pid.TIMELINE_SLOT_EDIT_RATE)) {
                long[] r = s.rational(Pid.TIMELINE_SLOT_EDIT_RATE);
                if (Rates.valid(r)) {
                    return r;
                }
            }
        }
        return new long[] {24, 1};
    }

    /** Picture or sound, from the segment's data definition; empty for timecode, edgecode and the rest. */
    private Optional<TrackKind> kind(AafObject segment) {
        String def = dictionary.name(segment.weakKey(Pid.COMPONENT_DATA_DEF)).orElse("");
        // the AAF data definitions and their legacy aliases ("Picture", "LegacyPicture", Premiere's
        // "DataDef_Picture"...); Media Composer's "SoundMasterTrack" (the mixer's master fader) and
        // descriptive, timecode and edgecode slots are not tracks of media
        String lower = def.toLowerCase(Locale.ROOT);
        if (lower.contains("master")) {
            return Optional.empty();
        }
        if (lower.contains("picture") || lower.equals("matte")) {
            return Optional.of(TrackKind.VIDEO);
        }
        if (lower.contains("sound")) {
            return Optional.of(TrackKind.AUDIO);
        }
        return Optional.empty();
    }

    /** The items of one segment, transitions turned into cuts with offsets. */
    private List<Item> items(AafObject segment, long[] rate, TrackKind kind, String where) {
        FrameRate fr = Rates.frameRate(rate);
        if (segment.type() != AafClass.SEQUENCE) {
            return List.of(item(segment, rate, kind, where));
        }
        List<AafObject> components = segment.children(Pid.SEQUENCE_COMPONENTS);
        List<Item> items = new ArrayList<>(components.size());
        for (AafObject c : components) {
            if (c.type() == AafClass.TRANSITION) {
                long length = c.int64(Pid.COMPONENT_LENGTH, 0);
                long cut = Math.max(0, Math.min(length, c.int64(Pid.TRANSITION_CUT_POINT, 0)));
                String op = c.child(Pid.TRANSITION_OPERATION)
                        .flatMap(g -> dictionary.name(g.weakKey(Pid.OPERATION_DEF)))
                        .orElse("");
                TransitionKind tk = op.toLowerCase(Locale.ROOT).contains("dissolve")
                        ? TransitionKind.DISSOLVE
                        : op.toLowerCase(Locale.ROOT).contains("wipe") ? TransitionKind.WIPE : TransitionKind.OTHER;
                if (!items.isEmpty()) {
                    int last = items.size() - 1;
                    items.set(last, trimmed(items.get(last), 0, length - cut, where));
                }
                items.add(new Transition(
                        op,
                        tk,
                        op.isEmpty() ? null : op,
                        cut,
                        length - cut,
                        fr,
                        Metadata.empty().with("aaf", Map.of("length", length, "cut_point", cut))));
                continue;
            }
            Item item = item(c, rate, kind, where);
            if (!items.isEmpty() && items.get(items.size() - 1) instanceof Transition t) {
                item = trimmed(item, t.inOffsetFrames(), 0, where);
            }
            items.add(item);
        }
        return items;
    }

    /**
     * {@code items} with their clips numbered 1, 2, 3 ... in track order (the edit's {@code event}):
     * filler and transitions are not events, so a track's events are numbered as its clips, with no
     * holes where the editor left space.
     */
    private static List<Item> numbered(List<Item> items) {
        List<Item> out = new ArrayList<>(items.size());
        int event = 0;
        for (Item item : items) {
            out.add(
                    item instanceof Clip clip
                            ? clip.withMetadata(
                                    clip.metadata().withIn(Edit.NAMESPACE, "event", Integer.toString(++event)))
                            : item);
        }
        return out;
    }

    /** {@code item} without {@code head} frames at its start and {@code tail} at its end. */
    private Item trimmed(Item item, long head, long tail, String where) {
        if (head == 0 && tail == 0) {
            return item;
        }
        if (item instanceof Clip clip) {
            TimeRange r = clip.sourceRange();
            long d = r.durationFrames() - head - tail;
            if (d < 0) {
                problems.add(new EditProblem(
                        0,
                        null,
                        where + ": clip '" + clip.name() + "' is shorter than the transitions over it; read as empty"));
                d = 0;
            }
            return clip.withSourceRange(TimeRange.of(r.start().plusFrames(head), d));
        }
        if (item instanceof Gap gap) {
            long d = Math.max(0, gap.duration().value() - head - tail);
            return new Gap(RationalTime.of(d, gap.duration().rate()), gap.metadata());
        }
        return item;
    }

    private Item item(AafObject c, long[] rate, TrackKind kind, String where) {
        FrameRate fr = Rates.frameRate(rate);
        long length = c.int64(Pid.COMPONENT_LENGTH, 0);
        return switch (c.type()) {
            case FILLER -> Gap.of(length, fr);
            case SOURCE_CLIP -> clip(c, rate, length, kind, where);
            case OPERATION_GROUP -> operation(c, rate, length, kind, where);
            case SELECTOR ->
                c.child(Pid.SELECTOR_SELECTED)
                        .map(s -> withLength(item(s, rate, kind, where), length))
                        .orElseGet(() -> gap(length, fr, where, "a Selector without a selected segment"));
            case ESSENCE_GROUP -> {
                List<AafObject> choices = c.children(Pid.ESSENCE_GROUP_CHOICES);
                yield choices.isEmpty()
                        ? gap(length, fr, where, "an EssenceGroup without choices")
                        : withLength(item(choices.get(0), rate, kind, where), length);
            }
            case PULLDOWN ->
                c.child(Pid.PULLDOWN_INPUT)
                        .map(s -> withLength(item(s, rate, kind, where), length))
                        .orElseGet(() -> gap(length, fr, where, "a Pulldown without input"));
            case NESTED_SCOPE -> {
                List<AafObject> scopeSlots = c.children(Pid.NESTED_SCOPE_SLOTS);
                if (scopeSlots.isEmpty()) {
                    yield gap(length, fr, where, "an empty NestedScope");
                }
                AafObject result = scopeSlots.get(scopeSlots.size() - 1);
                yield result.type() == AafClass.SEQUENCE
                        ? nest(result, rate, kind, where, 0, length)
                        : withLength(item(result, rate, kind, where), length);
            }
            case SEQUENCE -> nest(c, rate, kind, where, 0, length);
            case TIMECODE, EDGECODE -> Gap.of(length, fr);
            // "the track below shows through": on its own track, nothing
            case SCOPE_REFERENCE -> Gap.of(length, fr);
            default -> gap(length, fr, where, "a component of class " + c.classId() + " that is not read");
        };
    }

    private Gap gap(long length, FrameRate fr, String where, String what) {
        problems.add(new EditProblem(0, null, where + ": " + what + " (" + length + " frames) read as a gap"));
        return Gap.of(length, fr);
    }

    private static Item withLength(Item item, long length) {
        if (item instanceof Clip clip && clip.sourceRange().durationFrames() != length) {
            return clip.withSourceRange(TimeRange.of(clip.sourceRange().start(), length));
        }
        if (item instanceof Gap gap && gap.duration().value() != length) {
            return new Gap(RationalTime.of(length, gap.duration().rate()), gap.metadata());
        }
        return item;
    }

    private Item clip(AafObject c, long[] rate, long length, TrackKind kind, String where) {
        FrameRate fr = Rates.frameRate(rate);
        SourceChain.Source s = chain.resolve(c, rate);
        if (s.composition() != null) {
            return subComposition(s, rate, length, kind, where);
        }
        Map<String, Object> edit = new LinkedHashMap<>();
        edit.put("drop_frame", s.dropFrame());
        if (!s.notes().isEmpty()) {
            edit.put("problems", List.copyOf(s.notes()));
            for (String n : s.notes()) {
                problems.add(new EditProblem(
                        0,
                        null,
                        where + ": " + (nullToEmpty(s.clipName()).isEmpty() ? "a clip" : "clip '" + s.clipName() + "'")
                                + ": " + n));
            }
        }
        Map<String, Object> aaf = new LinkedHashMap<>();
        aaf.put("mob_id", s.mobId());
        aaf.put("timecoded", s.timecoded());
        userComments(c, aaf);
        MissingReference ref = new MissingReference(
                s.reel(),
                s.clipName(),
                s.sourceFile(),
                s.path(),
                Metadata.empty().with("aaf", aaf));
        return new Clip(
                nullToEmpty(s.clipName()),
                TimeRange.of(s.start(), length, fr),
                Map.of(Representation.ORIGINAL, ref),
                Representation.ORIGINAL,
                List.of(),
                List.of(),
                true,
                Metadata.empty().with(Edit.NAMESPACE, edit).with("aaf", aaf));
    }

    /** The user comments of the clip's master mob, kept with the clip (Avid's bin columns). */
    private void userComments(AafObject clip, Map<String, Object> aaf) {
        chain.mob(clip.mobId(Pid.SOURCE_ID)).ifPresent(mob -> {
            Map<String, String> comments = new LinkedHashMap<>();
            for (AafObject tag : mob.children(Pid.MOB_USER_COMMENTS)) {
                AafDictionary.indirectString(tag.raw(Pid.TAGGED_VALUE), tag.order())
                        .ifPresent(v -> comments.put(tag.string(Pid.TAGGED_NAME, ""), v));
            }
            if (!comments.isEmpty()) {
                aaf.put("user_comments", comments);
            }
        });
    }

    /** A SourceClip that plays a slot of another CompositionMob (a nested sequence): a nest. */
    private Item subComposition(SourceChain.Source s, long[] rate, long length, TrackKind kind, String where) {
        AafObject slot = SourceChain.slot(s.composition(), s.compositionSlot()).orElse(null);
        AafObject segment = slot == null ? null : slot.child(Pid.SLOT_SEGMENT).orElse(null);
        if (segment == null) {
            return gap(
                    length,
                    Rates.frameRate(rate),
                    where,
                    "a nested sequence '" + s.clipName() + "' whose slot " + s.compositionSlot() + " is missing");
        }
        return nest(segment, SourceChain.slotRate(slot, rate), kind, where, s.start(), length);
    }

    /** A clip that plays {@code segment} as a nest, from {@code start} for {@code length} frames. */
    private Item nest(AafObject segment, long[] rate, TrackKind kind, String where, long start, long length) {
        if (depth >= Edit.MAX_NESTING) {
            return gap(length, Rates.frameRate(rate), where, "nesting deeper than " + Edit.MAX_NESTING);
        }
        depth++;
        List<Item> items;
        try {
            items = items(segment, rate, kind, where + " (nested)");
        } finally {
            depth--;
        }
        String key = "aaf-nest-" + (nests.size() + 1);
        String name = "nest " + (nests.size() + 1);
        FrameRate fr = Rates.frameRate(rate);
        nests.put(
                key,
                new Timeline(
                        name,
                        RationalTime.zero(fr),
                        Stack.of(List.of(Track.of(name, kind, numbered(items)))),
                        Metadata.empty()));
        return new Clip(
                name,
                TimeRange.of(start, length, fr),
                Map.of(Representation.ORIGINAL, MissingReference.of(null, name, null, null)),
                Representation.ORIGINAL,
                List.of(),
                List.of(),
                true,
                Metadata.empty().withIn(Edit.NAMESPACE, Edit.NEST_KEY, key));
    }

    /** An effect on one input: a speed change becomes a time warp, anything else stays named. */
    private Item operation(AafObject group, long[] rate, long length, TrackKind kind, String where) {
        FrameRate fr = Rates.frameRate(rate);
        String op = dictionary.name(group.weakKey(Pid.OPERATION_DEF)).orElse("unnamed effect");
        List<AafObject> inputs = group.children(Pid.OPERATION_INPUTS);
        if (inputs.isEmpty()) {
            return gap(length, fr, where, "effect '" + op + "' has no input (a generator or title)");
        }
        Item inner = item(foreground(inputs), rate, kind, where);
        if (!(inner instanceof Clip clip)) {
            return withLength(inner, length);
        }
        Optional<TimeScalar> speed = speed(group);
        if (speed.isEmpty()
                && clip.metadata().namespace(Edit.NAMESPACE).get(Edit.NEST_KEY).isPresent()) {
            // an effect over a nested sequence (Media Composer's Submaster, a level): named with the nest;
            // the media under it is what conform needs
            return clip.withSourceRange(TimeRange.of(clip.sourceRange().start(), length))
                    .withMetadata(clip.metadata().with("aaf", Map.of("effects", List.of(op))));
        }
        List<Effect> effects = new ArrayList<>(clip.effects());
        if (speed.isPresent()) {
            effects.add(speed.get().numerator() == 0 ? FreezeFrame.of() : LinearTimeWarp.of(speed.get()));
        } else {
            Optional<AudioLevel> gain =
                    kind == TrackKind.AUDIO ? AudioGain.of(group, op, dictionary, length) : Optional.empty();
            if (gain.isPresent()) {
                effects.add(gain.get());
            } else {
                effects.add(new UnknownEffect(op, Metadata.empty().with("aaf", Map.of("operation", op))));
            }
        }
        return clip.withSourceRange(TimeRange.of(clip.sourceRange().start(), length))
                .withEffects(effects);
    }

    /**
     * The input of an effect whose media the clip plays. A key effect (Media Composer's titles, matte keys)
     * takes the track below as its first input — a ScopeReference, or filler when nothing is below — then
     * its fill and matte: the fill is the clip. Any other effect plays its first input.
     */
    private static AafObject foreground(List<AafObject> inputs) {
        AafObject first = inputs.get(0);
        return inputs.size() > 1 && isBackground(first) ? inputs.get(1) : first;
    }

    /** True for "the track below" or nothing: a ScopeReference, filler, or a Sequence of only those. */
    private static boolean isBackground(AafObject segment) {
        return switch (segment.type()) {
            case SCOPE_REFERENCE, FILLER -> true;
            case SEQUENCE -> {
                List<AafObject> parts = segment.children(Pid.SEQUENCE_COMPONENTS);
                yield !parts.isEmpty()
                        && parts.stream()
                                .allMatch(p -> p.type() == AafClass.SCOPE_REFERENCE || p.type() == AafClass.FILLER);
            }
            default -> false;
        };
    }

    /**
     * The speed of a motion effect, exact. Media Composer's {@code SpeedRatio} is not always the speed it
     * plays (the corpus has 200 % effects whose ratio says 1), so the offset map comes first: two control
     * points from (0, 0) to (t, v) mean v source frames over t record frames. Else the ratio, which AAF
     * writes as record frames per source frame; a ratio equal to the effect's length is a freeze frame.
     */
    private Optional<TimeScalar> speed(AafObject group) {
        long length = group.int64(Pid.COMPONENT_LENGTH, 0);
        long[] ratio = null;
        for (AafObject p : group.children(Pid.OPERATION_PARAMETERS)) {
            byte[] def = p.raw(Pid.PARAMETER_DEF);
            String name = def == null || def.length < 16
                    ? ""
                    : dictionary
                            .name(java.util.HexFormat.of().formatHex(def, 0, 16))
                            .orElse("");
            if (name.equals("PARAM_SPEED_OFFSET_MAP_U")) {
                List<AafObject> points = p.children(Pid.VARYING_POINTS);
                if (points.size() == 2) {
                    long[] t0 = points.get(0).rational(Pid.CONTROL_POINT_TIME);
                    long[] t1 = points.get(1).rational(Pid.CONTROL_POINT_TIME);
                    Optional<long[]> v0 = AafDictionary.indirectRational(
                            points.get(0).raw(Pid.CONTROL_POINT_VALUE),
                            points.get(0).order());
                    Optional<long[]> v1 = AafDictionary.indirectRational(
                            points.get(1).raw(Pid.CONTROL_POINT_VALUE),
                            points.get(1).order());
                    if (t0[0] == 0
                            && v0.isPresent()
                            && v0.get()[0] == 0
                            && v1.isPresent()
                            && t1[0] != 0
                            && t1[1] != 0
                            && v1.get()[1] != 0) {
                        // (v1n / v1d) / (t1n / t1d)
                        return Optional.of(TimeScalar.of(
                                Math.multiplyExact(v1.get()[0], t1[1]), Math.multiplyExact(v1.get()[1], t1[0])));
                    }
                }
            } else if (name.toLowerCase(Locale.ROOT).replace(" ", "").equals("speedratio")) {
                ratio = AafDictionary.indirectRational(p.raw(Pid.CONSTANT_VALUE), p.order())
                        .orElse(null);
            }
        }
        if (ratio == null || ratio[0] == 0 || ratio[1] == 0) {
            return Optional.empty();
        }
        if (ratio[1] == 1 && ratio[0] == length && length > 1) {
            return Optional.of(TimeScalar.of(0, 1));
        }
        return Optional.of(TimeScalar.of(ratio[1], ratio[0]));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
