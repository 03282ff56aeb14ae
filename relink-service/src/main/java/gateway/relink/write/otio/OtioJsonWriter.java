package gateway.relink.write.otio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import gateway.model.time.TimeRange;
import gateway.model.timeline.AudioLevel;
import gateway.model.timeline.Clip;
import gateway.model.timeline.Effect;
import gateway.model.timeline.ExternalReference;
import gateway.model.timeline.FreezeFrame;
import gateway.model.timeline.Gap;
import gateway.model.timeline.GeneratorReference;
import gateway.model.timeline.ImageSequenceReference;
import gateway.model.timeline.Item;
import gateway.model.timeline.LinearTimeWarp;
import gateway.model.timeline.Marker;
import gateway.model.timeline.MediaReference;
import gateway.model.timeline.Metadata;
import gateway.model.timeline.MissingReference;
import gateway.model.timeline.Representation;
import gateway.model.timeline.SpeedRamp;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.model.timeline.TrackKind;
import gateway.model.timeline.Transition;
import gateway.model.timeline.UnknownEffect;
import gateway.relink.read.Edit;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a timeline as OpenTimelineIO JSON (Timeline.1, Stack.1, Track.1, Clip.2 ...). OTIO stores
 * times as doubles; this writer is the only place ours become doubles, and it keeps what a double
 * cannot hold exactly (a time scalar such as 119/60, the fields of a missing reference) in the
 * {@code gateway} metadata namespace so {@link OtioJsonReader} gets them back. Given the edit's nests
 * (nested sequences, compound clips), a clip that plays one is written as a nested {@code Stack.1}
 * holding the nest's tracks, as OTIO models a nest; its source range moves into the stack's own time
 * (which starts at zero), and the nest's start is kept in {@code gateway.nest_start_frames}.
 */
public final class OtioJsonWriter {
    /** OTIO's key for a clip's default reference; ours for the ORIGINAL representation. */
    public static final String ORIGINAL_KEY = "DEFAULT_MEDIA";

    public static final String PROXY_KEY = "PROXY";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    /** Key (in the {@code gateway} metadata of a nested stack) of its nest's start, in frames at its rate. */
    public static final String NEST_START_KEY = "nest_start_frames";

    private final Map<String, Timeline> nests;
    /** The nests being written, innermost first: a nest met again inside itself is written as a clip. */
    private final Deque<String> open = new ArrayDeque<>();

    /** A writer for timelines without nests (a nest clip is written as a clip). */
    public OtioJsonWriter() {
        this(Map.of());
    }

    private OtioJsonWriter(Map<String, Timeline> nests) {
        this.nests = nests;
    }

    /** {@code timeline} with each clip that plays one of {@code nests} written as a nested stack. */
    public String write(Timeline timeline, Map<String, Timeline> nests) {
        return nests.isEmpty() ? write(timeline) : new OtioJsonWriter(nests).write(timeline);
    }

    public String write(Timeline timeline) {
        ObjectNode root = object("Timeline.1", timeline.name(), timeline.metadata());
        root.set("global_start_time", time(timeline.globalStart()));
        ObjectNode stack =
                object("Stack.1", timeline.tracks().name(), timeline.tracks().metadata());
        stack.putNull("source_range");
        stack.putArray("effects");
        stack.putArray("markers");
        stack.put("enabled", true);
        ArrayNode children = stack.putArray("children");
        for (Track t : timeline.tracks().tracks()) {
            children.add(track(t));
        }
        root.set("tracks", stack);
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new GatewayException(
                    Reason.INTERNAL, "cannot write timeline '" + timeline.name() + "' as OTIO JSON", e);
        }
    }

    private ObjectNode track(Track t) {
        ObjectNode n = object("Track.1", t.name(), t.metadata());
        n.put("kind", t.kind() == TrackKind.VIDEO ? "Video" : "Audio");
        n.putNull("source_range");
        n.putArray("effects");
        n.putArray("markers");
        n.put("enabled", t.enabled());
        ArrayNode children = n.putArray("children");
        for (Item i : t.items()) {
            children.add(item(i));
        }
        return n;
    }

    private ObjectNode item(Item item) {
        return switch (item) {
            case Clip c -> clip(c);
            case Gap g -> {
                ObjectNode n = object("Gap.1", "", g.metadata());
                n.set(
                        "source_range",
                        range(TimeRange.of(0, g.duration().value(), g.duration().rate())));
                n.putArray("effects");
                n.putArray("markers");
                n.put("enabled", true);
                yield n;
            }
            case Transition t -> {
                ObjectNode n = object("Transition.1", t.name(), transitionMetadata(t));
                n.set("in_offset", time(RationalTime.of(t.inOffsetFrames(), t.rate())));
                n.set("out_offset", time(RationalTime.of(t.outOffsetFrames(), t.rate())));
                n.put(
                        "transition_type",
                        switch (t.kind()) {
                            case DISSOLVE -> "SMPTE_Dissolve";
                            case WIPE -> "SMPTE_Wipe";
                            case OTHER -> t.kindName() == null ? "Custom_Transition" : t.kindName();
                        });
                yield n;
            }
        };
    }

    private static Metadata transitionMetadata(Transition t) {
        return t.kindName() == null ? t.metadata() : t.metadata().withIn("gateway", "kind_name", t.kindName());
    }

    private ObjectNode clip(Clip c) {
        Optional<String> key = c.metadata().namespace(Edit.NAMESPACE).string(Edit.NEST_KEY);
        Timeline nest = key.map(nests::get).orElse(null);
        if (nest != null
                && !open.contains(key.get())
                && open.size() < Edit.MAX_NESTING
                && nest.globalStart().rate().equals(c.sourceRange().rate())) {
            open.push(key.get());
            try {
                return nestedStack(c, nest);
            } finally {
                open.pop();
            }
        }
        ObjectNode n = object("Clip.2", c.name(), c.metadata());
        n.set("source_range", range(c.sourceRange()));
        ArrayNode effects = n.putArray("effects");
        for (Effect e : c.effects()) {
            effects.add(effect(e));
        }
        markers(n, c.markers(), 0);
        n.put("enabled", c.enabled());
        ObjectNode refs = n.putObject("media_references");
        for (Map.Entry<Representation, MediaReference> e : c.references().entrySet()) {
            refs.set(key(e.getKey()), reference(e.getValue()));
        }
        n.put("active_media_reference_key", key(c.active()));
        return n;
    }

    /** A nest clip as OTIO's nested stack: the clip's range, effects and markers in the stack's own time. */
    private ObjectNode nestedStack(Clip c, Timeline nest) {
        long start = nest.globalStart().value();
        ObjectNode n = object("Stack.1", c.name(), c.metadata().withIn("gateway", NEST_START_KEY, start));
        n.set("source_range", range(c.sourceRange().shiftedBy(-start)));
        ArrayNode effects = n.putArray("effects");
        for (Effect e : c.effects()) {
            effects.add(effect(e));
        }
        markers(n, c.markers(), -start);
        n.put("enabled", c.enabled());
        ArrayNode children = n.putArray("children");
        for (Track t : nest.tracks().tracks()) {
            children.add(track(t));
        }
        return n;
    }

    private void markers(ObjectNode n, List<Marker> markers, long shift) {
        ArrayNode out = n.putArray("markers");
        for (Marker m : markers) {
            ObjectNode mn = object("Marker.2", m.name(), m.metadata());
            mn.put("color", m.color().name());
            mn.put("comment", m.comment());
            mn.set("marked_range", range(m.markedRange().shiftedBy(shift)));
            out.add(mn);
        }
    }

    static String key(Representation r) {
        return r == Representation.ORIGINAL ? ORIGINAL_KEY : PROXY_KEY;
    }

    private ObjectNode effect(Effect e) {
        return switch (e) {
            case LinearTimeWarp w -> {
                ObjectNode n = object(
                        "LinearTimeWarp.1",
                        "",
                        w.metadata().withIn("gateway", "time_scalar", w.scalar().toString()));
                n.put("effect_name", "LinearTimeWarp");
                n.set(
                        "time_scalar",
                        NODES.numberNode(
                                w.scalar().toBigDecimal(MathContext.DECIMAL64).doubleValue()));
                yield n;
            }
            case FreezeFrame f -> {
                ObjectNode n = object("FreezeFrame.1", "", f.metadata());
                n.put("effect_name", "FreezeFrame");
                n.put("time_scalar", 0.0);
                yield n;
            }
            case UnknownEffect u -> {
                ObjectNode n = object("Effect.1", "", u.metadata());
                n.put("effect_name", u.name());
                yield n;
            }
            case AudioLevel l -> {
                // OTIO has no level schema: an effect that keeps the gain and the keyframes in metadata
                Map<String, Object> level = new LinkedHashMap<>();
                level.put("gain_db", dbText(l.gainDb()));
                if (!l.keyframes().isEmpty()) {
                    level.put(
                            "keyframes",
                            l.keyframes().stream()
                                    .map(k -> k.record() + " -> " + dbText(k.db()))
                                    .toList());
                }
                ObjectNode n = object("Effect.1", "", l.metadata().withIn("gateway", "audio_level", level));
                n.put("effect_name", "AudioLevel");
                yield n;
            }
            case SpeedRamp r -> {
                // OTIO has no variable time warp schema: an effect that keeps the keyframes in metadata
                List<String> keys = r.keyframes().stream()
                        .map(k -> k.record() + " -> " + k.source() + (k.smooth() ? " smooth" : ""))
                        .toList();
                ObjectNode n = object("Effect.1", "", r.metadata().withIn("gateway", "speed_ramp", keys));
                n.put("effect_name", "SpeedRamp");
                yield n;
            }
        };
    }

    /** A level in dB as text that reads back to the same double ("-6.0", "-inf"). */
    static String dbText(double db) {
        return db == Double.NEGATIVE_INFINITY ? "-inf" : Double.toString(db);
    }

    private ObjectNode reference(MediaReference ref) {
        return switch (ref) {
            case ExternalReference e -> {
                ObjectNode n = referenceNode("ExternalReference.1", e.metadata(), e.available());
                n.put("target_url", e.target());
                yield n;
            }
            case MissingReference m -> {
                Metadata md = m.metadata();
                md = putIfPresent(md, "reel", m.reel());
                md = putIfPresent(md, "clip_name", m.clipName());
                md = putIfPresent(md, "source_file", m.sourceFile());
                md = putIfPresent(md, "path", m.path());
                yield referenceNode("MissingReference.1", md, null);
            }
            case GeneratorReference g -> {
                ObjectNode n = referenceNode("GeneratorReference.1", g.metadata(), null);
                n.put("generator_kind", g.kind());
                n.putObject("parameters");
                yield n;
            }
            case ImageSequenceReference s -> {
                ObjectNode n = referenceNode("ImageSequenceReference.1", s.metadata(), s.available());
                n.put("target_url_base", s.targetUrlBase());
                n.put("name_prefix", s.namePrefix());
                n.put("name_suffix", s.nameSuffix());
                n.put("start_frame", s.startFrame());
                n.put("frame_step", s.frameStep());
                n.set("rate", rate(s.rate()));
                n.put("frame_zero_padding", s.frameZeroPadding());
                n.put("missing_frame_policy", "error");
                yield n;
            }
        };
    }

    private static Metadata putIfPresent(Metadata md, String key, String value) {
        return value == null ? md : md.withIn("gateway", key, value);
    }

    private ObjectNode referenceNode(String schema, Metadata md, TimeRange available) {
        ObjectNode n = object(schema, "", md);
        if (available == null) {
            n.putNull("available_range");
        } else {
            n.set("available_range", range(available));
        }
        n.putNull("available_image_bounds");
        return n;
    }

    private ObjectNode object(String schema, String name, Metadata metadata) {
        ObjectNode n = NODES.objectNode();
        n.put("OTIO_SCHEMA", schema);
        n.set("metadata", metadata(metadata.asMap()));
        n.put("name", name);
        return n;
    }

    private ObjectNode range(TimeRange r) {
        ObjectNode n = NODES.objectNode();
        n.put("OTIO_SCHEMA", "TimeRange.1");
        n.set("duration", time(r.duration()));
        n.set("start_time", time(r.start()));
        return n;
    }

    private ObjectNode time(RationalTime t) {
        ObjectNode n = NODES.objectNode();
        n.put("OTIO_SCHEMA", "RationalTime.1");
        n.set("rate", rate(t.rate()));
        n.put("value", (double) t.value());
        return n;
    }

    private static JsonNode rate(FrameRate r) {
        return NODES.numberNode((double) r.numerator() / r.denominator());
    }

    private JsonNode metadata(Object value) {
        return switch (value) {
            case Map<?, ?> m -> {
                ObjectNode n = NODES.objectNode();
                m.forEach((k, v) -> n.set((String) k, metadata(v)));
                yield n;
            }
            case List<?> l -> {
                ArrayNode a = NODES.arrayNode();
                l.forEach(v -> a.add(metadata(v)));
                yield a;
            }
            case String s -> NODES.textNode(s);
            case Boolean b -> NODES.booleanNode(b);
            case Long l -> NODES.numberNode(l);
            case BigInteger b -> NODES.numberNode(b);
            case BigDecimal d -> NODES.numberNode(d);
            default -> NODES.textNode(value.toString());
        };
    }
}
