package gateway.relink.read.otio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.Fraction;
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
import gateway.model.timeline.MarkerColor;
import gateway.model.timeline.MediaReference;
import gateway.model.timeline.Metadata;
import gateway.model.timeline.MissingReference;
import gateway.model.timeline.Representation;
import gateway.model.timeline.SpeedRamp;
import gateway.model.timeline.Stack;
import gateway.model.timeline.TimeScalar;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.model.timeline.TrackKind;
import gateway.model.timeline.Transition;
import gateway.model.timeline.TransitionKind;
import gateway.model.timeline.UnknownEffect;
import gateway.relink.read.Edit;
import gateway.relink.read.EditFormat;
import gateway.relink.read.EditProblem;
import gateway.relink.read.EditReader;
import gateway.relink.read.ReadOptions;
import gateway.relink.write.otio.OtioJsonWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads OpenTimelineIO JSON (the schemas {@code OtioJsonWriter} writes, Clip.1 too). OTIO's double
 * times become whole frames at rational rates: a rate such as 23.976023976 is 24000/1001, and a
 * time that is not a whole frame is rounded to the nearest one and noted (strict mode rejects it).
 */
public final class OtioJsonReader implements EditReader {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));

    @Override
    public EditFormat format() {
        return EditFormat.OTIO_JSON;
    }

    @Override
    public Edit read(byte[] content, String sourceName, ReadOptions options) {
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (JsonProcessingException e) {
            throw new GatewayException(
                    Reason.PARSE_ERROR,
                    sourceName + ": not JSON at line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            // The bytes are in memory: what fails here is their encoding (a byte order Jackson
            // detects as UTF-32 that is not), which is the file's fault.
            throw new GatewayException(Reason.PARSE_ERROR, sourceName + ": not JSON text: " + e.getMessage(), e);
        } catch (NumberFormatException e) {
            // Jackson refuses a number it cannot hold exactly (an exponent of billions of digits).
            throw new GatewayException(
                    Reason.PARSE_ERROR, sourceName + ": a number out of any range: " + e.getMessage(), e);
        }
        Reading r = new Reading(sourceName, options);
        Timeline timeline = r.timeline(root);
        return new Edit(EditFormat.OTIO_JSON, timeline, List.of(), r.problems, r.nests);
    }

    private static final class Reading {
        private final String source;
        private final ReadOptions options;
        private final List<EditProblem> problems = new ArrayList<>();
        /** Nested stacks and tracks met inside tracks, by the key their nest clip carries. */
        private final Map<String, Timeline> nests = new LinkedHashMap<>();
        /** How many compositions enclose the track being read. */
        private int depth;

        Reading(String source, ReadOptions options) {
            this.source = source;
            this.options = options;
        }

        Timeline timeline(JsonNode n) {
            expect(n, "Timeline.");
            RationalTime start = n.hasNonNull("global_start_time")
                    ? time(n.get("global_start_time"), "global_start_time")
                    : RationalTime.zero(options.rate());
            JsonNode stack = n.get("tracks");
            List<Track> tracks = new ArrayList<>();
            if (stack != null && !stack.isNull()) {
                expect(stack, "Stack.");
                for (JsonNode child : stack.path("children")) {
                    String schema = child.path("OTIO_SCHEMA").asText();
                    if (schema.startsWith("Track.")) {
                        tracks.add(track(child));
                    } else {
                        note("a " + schema + " directly in the stack is not read; only tracks are");
                    }
                }
            }
            Stack s = stack == null || stack.isNull()
                    ? Stack.of(tracks)
                    : new Stack(stack.path("name").asText(""), tracks, metadata(stack.get("metadata")));
            return new Timeline(n.path("name").asText(""), start, s, metadata(n.get("metadata")));
        }

        private Track track(JsonNode n) {
            String name = n.path("name").asText("");
            TrackKind kind = "Audio".equalsIgnoreCase(n.path("kind").asText()) ? TrackKind.AUDIO : TrackKind.VIDEO;
            List<Item> items = new ArrayList<>();
            for (JsonNode child : n.path("children")) {
                items.add(item(child, name, kind));
            }
            return new Track(name, kind, items, n.path("enabled").asBoolean(true), metadata(n.get("metadata")));
        }

        /** One child of track {@code name} of {@code kind}. */
        private Item item(JsonNode child, String name, TrackKind kind) {
            String schema = child.path("OTIO_SCHEMA").asText();
            if (schema.startsWith("Clip.")) {
                return clip(child);
            } else if (schema.startsWith("Gap.")) {
                TimeRange r = range(child.get("source_range"), "gap in " + name);
                return new Gap(r.duration(), metadata(child.get("metadata")));
            } else if (schema.startsWith("Transition.")) {
                return transition(child);
            } else if ((schema.startsWith("Stack.") || schema.startsWith("Track.")) && depth < Edit.MAX_NESTING) {
                return nestClip(child, kind);
            } else {
                RationalTime d = nestedDuration(child);
                note("track " + name + ": a " + schema + " '"
                        + child.path("name").asText("")
                        + "' (nested composition"
                        + (depth >= Edit.MAX_NESTING ? " deeper than " + Edit.MAX_NESTING + " levels" : "")
                        + ") is not read; it is kept as a gap of " + d.value() + " frames");
                return new Gap(
                        d,
                        Metadata.empty()
                                .withIn("gateway", "nested", schema)
                                .withIn(
                                        "gateway",
                                        "nested_name",
                                        child.path("name").asText("")));
            }
        }

        /**
         * A stack or track nested in a track of {@code kind}, as a clip that plays a nest (see {@link
         * Edit}): the composition's own time starts at zero, so the nest is a timeline starting at zero
         * at the rate of its range, and the clip plays the composition's source range (all of it when
         * it has none). A nested stack's tracks are the nest's tracks; a clip or gap directly in a
         * stack is a layer of its own (a one-item track of the parent's kind); a nested track is a
         * one-track nest. Effects and markers on the composition stay on the clip, where the
         * flattener composes a constant speed or refuses anything else with the reason.
         */
        private Clip nestClip(JsonNode n, TrackKind kind) {
            String schema = n.path("OTIO_SCHEMA").asText();
            String name = n.path("name").asText("");
            String label = (name.isEmpty() ? schema : name);
            RationalTime extent = nestedDuration(n);
            TimeRange range = n.hasNonNull("source_range")
                    ? range(n.get("source_range"), "nested " + label)
                    : TimeRange.of(RationalTime.zero(extent.rate()), extent.value());
            List<Track> tracks = new ArrayList<>();
            depth++;
            try {
                if (schema.startsWith("Track.")) {
                    tracks.add(track(n));
                } else {
                    int layer = 0;
                    for (JsonNode child : n.path("children")) {
                        String s = child.path("OTIO_SCHEMA").asText();
                        layer++;
                        if (s.startsWith("Track.")) {
                            tracks.add(track(child));
                        } else if (s.startsWith("Transition.")) {
                            note("nested " + label + ": a transition directly in a stack has no neighbours; not read");
                        } else {
                            // a clip, gap or composition directly in a stack: a layer of its own
                            String layerName = label + " layer " + layer;
                            tracks.add(new Track(
                                    layerName, kind, List.of(item(child, layerName, kind)), true, Metadata.empty()));
                        }
                    }
                }
            } finally {
                depth--;
            }
            // a stack we wrote for a nest that started elsewhere than zero (an FCP 7 sequence at 01:00:00:00)
            Metadata md = metadata(n.get("metadata"));
            Metadata gateway = md.namespace("gateway");
            Optional<Object> written = gateway.get(OtioJsonWriter.NEST_START_KEY);
            long start = written.filter(Number.class::isInstance)
                    .map(v -> ((Number) v).longValue())
                    .orElse(0L);
            if (written.isPresent()) {
                gateway = gateway.with(OtioJsonWriter.NEST_START_KEY, null);
                md = gateway.isEmpty() ? md.with("gateway", null) : md.with("gateway", gateway.asMap());
            }
            String key = "otio-nest-" + (nests.size() + 1);
            nests.put(
                    key, new Timeline(label, RationalTime.of(start, range.rate()), Stack.of(tracks), Metadata.empty()));
            List<Effect> effects = new ArrayList<>();
            for (JsonNode e : n.path("effects")) {
                effects.add(effect(e));
            }
            List<Marker> markers = new ArrayList<>();
            for (JsonNode m : n.path("markers")) {
                markers.add(marker(m, "nested " + label, start));
            }
            return new Clip(
                    name,
                    range.shiftedBy(start),
                    Map.of(Representation.ORIGINAL, MissingReference.of(null, name, null, null)),
                    Representation.ORIGINAL,
                    effects,
                    markers,
                    n.path("enabled").asBoolean(true),
                    md.withIn(Edit.NAMESPACE, Edit.NEST_KEY, key));
        }

        /** How long a nested stack or track lasts: its source range, else its children's extent. */
        private RationalTime nestedDuration(JsonNode n) {
            if (n.hasNonNull("source_range")) {
                return range(n.get("source_range"), "nested " + n.path("name").asText(""))
                        .duration();
            }
            String schema = n.path("OTIO_SCHEMA").asText();
            RationalTime total = null;
            for (JsonNode child : n.path("children")) {
                String s = child.path("OTIO_SCHEMA").asText();
                RationalTime d;
                if (s.startsWith("Transition.")) {
                    continue;
                } else if (s.startsWith("Clip.") || s.startsWith("Gap.")) {
                    d = child.hasNonNull("source_range")
                            ? range(child.get("source_range"), "nested item").duration()
                            : clip(child).duration();
                } else {
                    d = nestedDuration(child);
                }
                if (total == null) {
                    total = d;
                } else {
                    RationalTime same = d.rescaledTo(total.rate(), RoundingMode.HALF_EVEN);
                    total = schema.startsWith("Stack.")
                            ? (same.value() > total.value() ? same : total)
                            : total.plus(same);
                }
            }
            return total == null ? RationalTime.zero(options.rate()) : total;
        }

        private Clip clip(JsonNode n) {
            String name = n.path("name").asText("");
            Map<Representation, MediaReference> refs = new EnumMap<>(Representation.class);
            Representation active = Representation.ORIGINAL;
            if (n.has("media_references")) {
                String activeKey = n.path("active_media_reference_key").asText("DEFAULT_MEDIA");
                Iterator<Map.Entry<String, JsonNode>> fields =
                        n.get("media_references").fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> e = fields.next();
                    Representation rep =
                            e.getKey().equalsIgnoreCase("PROXY") ? Representation.PROXY : Representation.ORIGINAL;
                    if (refs.containsKey(rep)) {
                        note("clip " + name + ": reference '" + e.getKey()
                                + "' dropped; only ORIGINAL and PROXY are kept");
                        continue;
                    }
                    refs.put(rep, reference(e.getValue(), name));
                    if (e.getKey().equals(activeKey)) {
                        active = rep;
                    }
                }
            } else if (n.hasNonNull("media_reference")) {
                refs.put(Representation.ORIGINAL, reference(n.get("media_reference"), name));
            }
            if (refs.isEmpty()) {
                refs.put(Representation.ORIGINAL, MissingReference.of(null, name, null, null));
            }
            if (!refs.containsKey(active)) {
                active = refs.keySet().iterator().next();
            }
            TimeRange sourceRange = n.hasNonNull("source_range")
                    ? range(n.get("source_range"), "clip " + name)
                    : refs.get(active)
                            .availableRange()
                            .orElseThrow(() -> new GatewayException(
                                    Reason.PARSE_ERROR,
                                    Reading.this.source + ": clip " + name
                                            + " has neither a source range nor an available range"));
            List<Effect> effects = new ArrayList<>();
            for (JsonNode e : n.path("effects")) {
                effects.add(effect(e));
            }
            List<Marker> markers = new ArrayList<>();
            for (JsonNode m : n.path("markers")) {
                markers.add(marker(m, "clip " + name, 0));
            }
            return new Clip(
                    name,
                    sourceRange,
                    refs,
                    active,
                    effects,
                    markers,
                    n.path("enabled").asBoolean(true),
                    metadata(n.get("metadata")));
        }

        /** A marker of {@code item}, its range moved by {@code shift} frames. */
        private Marker marker(JsonNode m, String item, long shift) {
            return new Marker(
                    m.path("name").asText(""),
                    MarkerColor.find(m.path("color").asText()).orElse(MarkerColor.RED),
                    m.path("comment").asText(""),
                    range(m.get("marked_range"), "marker of " + item).shiftedBy(shift),
                    metadata(m.get("metadata")));
        }

        private Transition transition(JsonNode n) {
            RationalTime in = time(n.get("in_offset"), "transition in offset");
            RationalTime out = time(n.get("out_offset"), "transition out offset");
            if (!in.rate().equals(out.rate())) {
                out = out.rescaledTo(in.rate(), RoundingMode.HALF_EVEN);
            }
            Metadata md = metadata(n.get("metadata"));
            String type = n.path("transition_type").asText("");
            TransitionKind kind =
                    switch (type) {
                        case "SMPTE_Dissolve" -> TransitionKind.DISSOLVE;
                        case "SMPTE_Wipe" -> TransitionKind.WIPE;
                        default -> TransitionKind.OTHER;
                    };
            String kindName =
                    md.namespace("gateway").string("kind_name").orElse(kind == TransitionKind.OTHER ? type : null);
            if (md.namespace("gateway").get("kind_name").isPresent()) {
                Metadata g = md.namespace("gateway").with("kind_name", null);
                md = g.isEmpty() ? md.with("gateway", null) : md.with("gateway", g.asMap());
            }
            return new Transition(n.path("name").asText(""), kind, kindName, in.value(), out.value(), in.rate(), md);
        }

        private Effect effect(JsonNode n) {
            String schema = n.path("OTIO_SCHEMA").asText();
            Metadata md = metadata(n.get("metadata"));
            if (schema.startsWith("FreezeFrame.")) {
                return new FreezeFrame(md);
            }
            if (schema.startsWith("LinearTimeWarp.")) {
                Metadata g = md.namespace("gateway");
                TimeScalar scalar;
                if (g.string("time_scalar").isPresent()) {
                    String[] p = g.string("time_scalar").get().split("/");
                    scalar = TimeScalar.of(Long.parseLong(p[0]), p.length > 1 ? Long.parseLong(p[1]) : 1);
                    g = g.with("time_scalar", null);
                    md = g.isEmpty() ? md.with("gateway", null) : md.with("gateway", g.asMap());
                } else {
                    scalar = TimeScalar.of(n.path("time_scalar").decimalValue());
                }
                return scalar.isFreeze() ? new FreezeFrame(md) : new LinearTimeWarp(scalar, md);
            }
            if ("SpeedRamp".equals(n.path("effect_name").asText())
                    && md.namespace("gateway").get("speed_ramp").orElse(null) instanceof List<?> keys) {
                Metadata g = md.namespace("gateway").with("speed_ramp", null);
                md = g.isEmpty() ? md.with("gateway", null) : md.with("gateway", g.asMap());
                List<SpeedRamp.Keyframe> parsed = speedRampKeys(keys);
                try {
                    return new SpeedRamp(parsed, md);
                } catch (GatewayException e) {
                    throw new GatewayException(Reason.PARSE_ERROR, "SpeedRamp effect: " + e.getMessage(), e);
                }
            }
            if ("AudioLevel".equals(n.path("effect_name").asText())
                    && md.namespace("gateway").get("audio_level").isPresent()) {
                Metadata level = md.namespace("gateway").namespace("audio_level");
                Metadata g = md.namespace("gateway").with("audio_level", null);
                md = g.isEmpty() ? md.with("gateway", null) : md.with("gateway", g.asMap());
                try {
                    return new AudioLevel(db(String.valueOf(level.get("gain_db").orElse("0"))), levelKeys(level), md);
                } catch (GatewayException e) {
                    throw new GatewayException(Reason.PARSE_ERROR, "AudioLevel effect: " + e.getMessage(), e);
                }
            }
            return new UnknownEffect(n.path("effect_name").asText(schema), md);
        }

        /** The gateway's own spelling of a level's keyframes ("record -> dB", record an exact fraction of a frame). */
        private List<AudioLevel.Keyframe> levelKeys(Metadata level) {
            List<AudioLevel.Keyframe> out = new ArrayList<>();
            if (!(level.get("keyframes").orElse(List.of()) instanceof List<?> keys)) {
                throw GatewayException.invalid("keyframes is not a list");
            }
            for (Object k : keys) {
                String[] parts = String.valueOf(k).split("->");
                if (parts.length != 2) {
                    throw GatewayException.invalid("keyframe '" + k + "' is not 'record -> dB'");
                }
                out.add(new AudioLevel.Keyframe(Fraction.parse(parts[0].strip()), db(parts[1])));
            }
            return out;
        }

        private static double db(String text) {
            String t = text.strip();
            if (t.equals("-inf")) {
                return Double.NEGATIVE_INFINITY;
            }
            try {
                return Double.parseDouble(t);
            } catch (NumberFormatException e) {
                throw GatewayException.invalid("level '" + text + "' is not a number of dB");
            }
        }

        /** The gateway's own spelling of a ramp's keyframes ("record -> source", then " smooth" for a curve). */
        private List<SpeedRamp.Keyframe> speedRampKeys(List<?> keys) {
            List<SpeedRamp.Keyframe> out = new ArrayList<>();
            for (Object k : keys) {
                String[] parts = String.valueOf(k).split("->");
                try {
                    if (parts.length != 2) {
                        throw GatewayException.invalid("no '->'");
                    }
                    String source = parts[1].strip();
                    boolean smooth = source.endsWith(" smooth");
                    out.add(new SpeedRamp.Keyframe(
                            Fraction.parse(parts[0]),
                            Fraction.parse(smooth ? source.substring(0, source.length() - 7) : source),
                            smooth));
                } catch (GatewayException e) {
                    throw new GatewayException(
                            Reason.PARSE_ERROR,
                            "SpeedRamp keyframe '" + k + "' is not 'record -> source' (exact fractions of a frame): "
                                    + e.getMessage(),
                            e);
                }
            }
            return out;
        }

        private MediaReference reference(JsonNode n, String clip) {
            String schema = n.path("OTIO_SCHEMA").asText();
            Metadata md = metadata(n.get("metadata"));
            TimeRange available =
                    n.hasNonNull("available_range") ? range(n.get("available_range"), "clip " + clip) : null;
            if (schema.startsWith("ExternalReference.")) {
                return new ExternalReference(n.path("target_url").asText(), available, md);
            }
            if (schema.startsWith("GeneratorReference.")) {
                return new GeneratorReference(n.path("generator_kind").asText("black"), md);
            }
            if (schema.startsWith("ImageSequenceReference.")) {
                return new ImageSequenceReference(
                        n.path("target_url_base").asText(""),
                        n.path("name_prefix").asText(""),
                        n.path("name_suffix").asText(""),
                        n.path("start_frame").asLong(1),
                        n.path("frame_step").asInt(1),
                        n.path("frame_zero_padding").asInt(0),
                        rate(n.path("rate").decimalValue(), "image sequence of clip " + clip),
                        available,
                        md);
            }
            if (!schema.startsWith("MissingReference.")) {
                note("clip " + clip + ": media reference " + schema + " read as missing");
            }
            Metadata g = md.namespace("gateway");
            Metadata rest = md.with("gateway", null);
            Metadata keep = g.with("reel", null)
                    .with("clip_name", null)
                    .with("source_file", null)
                    .with("path", null);
            if (!keep.isEmpty()) {
                rest = rest.with("gateway", keep.asMap());
            }
            return new MissingReference(
                    g.string("reel").orElse(null),
                    g.string("clip_name").orElse(null),
                    g.string("source_file").orElse(null),
                    g.string("path").orElse(null),
                    rest);
        }

        private TimeRange range(JsonNode n, String what) {
            if (n == null || n.isNull()) {
                throw new GatewayException(Reason.PARSE_ERROR, source + ": " + what + " has no range");
            }
            RationalTime start = time(n.get("start_time"), what + " start");
            RationalTime duration = time(n.get("duration"), what + " duration");
            if (!duration.rate().equals(start.rate())) {
                duration = duration.rescaledTo(start.rate(), RoundingMode.HALF_EVEN);
            }
            return TimeRange.of(start, duration.value());
        }

        /** A bound on a time's frame count (2^53: over 10^5 years at 1000 fps) so that sums and rescales cannot overflow. */
        private static final BigDecimal MAX_FRAMES = BigDecimal.valueOf(1L << 53);

        private RationalTime time(JsonNode n, String what) {
            if (n == null || n.isNull()) {
                throw new GatewayException(Reason.PARSE_ERROR, source + ": " + what + " is missing");
            }
            FrameRate rate = rate(n.path("rate").decimalValue(), what);
            BigDecimal value = n.path("value").decimalValue();
            BigDecimal whole = value.setScale(0, RoundingMode.HALF_EVEN);
            if (whole.compareTo(value) != 0) {
                String msg = what + " is " + value.toPlainString() + " frames, not a whole frame; rounded to " + whole;
                if (options.strict()) {
                    throw new GatewayException(Reason.PARSE_ERROR, source + ": " + msg);
                }
                note(msg);
            }
            if (whole.abs().compareTo(MAX_FRAMES) > 0) {
                throw new GatewayException(
                        Reason.PARSE_ERROR,
                        source + ": " + what + " is " + value.toPlainString() + " frames, beyond the "
                                + MAX_FRAMES.toPlainString() + " frames a time may count");
            }
            return RationalTime.of(whole.longValueExact(), rate);
        }

        /**
         * OTIO's double rate as a rational: whole numbers as they are, n x 1000/1001 when the double is
         * that rate's nearest double (23.976023976023978), else the decimal spellings FrameRate knows.
         */
        private FrameRate rate(BigDecimal value, String what) {
            try {
                if (value.signum() > 0 && value.stripTrailingZeros().scale() <= 0) {
                    return FrameRate.of(value.longValueExact(), 1);
                }
                BigDecimal nominal = value.multiply(BigDecimal.valueOf(1001))
                        .divide(BigDecimal.valueOf(1000), java.math.MathContext.DECIMAL64)
                        .setScale(0, RoundingMode.HALF_EVEN);
                BigDecimal ntsc = nominal.multiply(BigDecimal.valueOf(1000))
                        .divide(BigDecimal.valueOf(1001), java.math.MathContext.DECIMAL64);
                if (nominal.signum() > 0 && ntsc.subtract(value).abs().compareTo(new BigDecimal("1e-9")) < 0) {
                    return FrameRate.of(nominal.longValueExact() * 1000, 1001);
                }
                return FrameRate.parse(value.toPlainString());
            } catch (GatewayException | ArithmeticException e) {
                throw new GatewayException(
                        Reason.PARSE_ERROR,
                        source + ": " + what + ": rate " + value.toPlainString()
                                + " is not a frame rate we can hold exactly: " + e.getMessage(),
                        e);
            }
        }

        private Metadata metadata(JsonNode n) {
            if (n == null || !n.isObject() || n.isEmpty()) {
                return Metadata.empty();
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) value(n);
            return Metadata.of(map);
        }

        private static Object value(JsonNode n) {
            if (n.isObject()) {
                Map<String, Object> m = new LinkedHashMap<>();
                n.fields().forEachRemaining(e -> {
                    Object v = value(e.getValue());
                    if (v != null) {
                        m.put(e.getKey(), v);
                    }
                });
                return m;
            }
            if (n.isArray()) {
                List<Object> l = new ArrayList<>();
                n.forEach(v -> l.add(v.isNull() ? "" : value(v)));
                return l;
            }
            if (n.isTextual()) {
                return n.asText();
            }
            if (n.isBoolean()) {
                return n.asBoolean();
            }
            if (n.isIntegralNumber()) {
                return n.canConvertToLong() ? (Object) n.asLong() : n.bigIntegerValue();
            }
            if (n.isNumber()) {
                return n.decimalValue();
            }
            return null;
        }

        private void expect(JsonNode n, String schemaPrefix) {
            String schema = n.path("OTIO_SCHEMA").asText("");
            if (!schema.startsWith(schemaPrefix)) {
                throw new GatewayException(
                        Reason.PARSE_ERROR,
                        source + ": expected an OTIO " + schemaPrefix + " object, found '" + schema + "'");
            }
        }

        private void note(String message) {
            problems.add(new EditProblem(0, null, message));
        }
    }
}
