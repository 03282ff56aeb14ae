package gateway.relink.read.fcpxml;

import gateway.model.error.GatewayException;
import gateway.model.time.Fraction;
import gateway.model.time.FrameRate;
import gateway.model.timeline.Effect;
import gateway.model.timeline.FreezeFrame;
import gateway.model.timeline.LinearTimeWarp;
import gateway.model.timeline.Metadata;
import gateway.model.timeline.SpeedRamp;
import gateway.model.timeline.TimeScalar;
import gateway.model.timeline.UnknownEffect;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A story item's retiming: its {@code timeMap} (points from the item's local time to the time of
 * what it plays) and its {@code conform-rate}. A map with one slope is a constant speed
 * ({@link LinearTimeWarp}, a {@link FreezeFrame} when flat); any other map is a variable speed,
 * made into each clip's {@link SpeedRamp} by {@link #ramp} (it needs the clip's frame grid), and
 * {@link #map} follows it piecewise linearly. A point whose {@code interp} is not {@code linear} (the
 * DTD's default is {@code smooth2}) or that has an {@code inTime} / {@code outTime} speed transition
 * asks for a curve Apple does not document: the ramp plays it as a line and says it is approximated.
 * The DTD's default {@code frameSampling} of a timeMap is {@code floor}, the ramp's own rounding; any
 * other sampling (frame blending, optical flow) is rendered as floor and noted.
 */
final class Retime {
    /** A {@code timept}; {@code smooth}: its interp is not linear, or it has an inTime / outTime transition. */
    record Point(FcpTime time, FcpTime value, String interp, boolean smooth) {}

    static final Retime NONE = new Retime(List.of(), List.of(), Map.of(), false);

    private final List<Point> points;
    private final List<Effect> effects;
    private final Map<String, Object> facts;
    private final boolean variable;

    private Retime(List<Point> points, List<Effect> effects, Map<String, Object> facts, boolean variable) {
        this.points = points;
        this.effects = effects;
        this.facts = facts;
        this.variable = variable;
    }

    static Retime of(FcpElement item, FrameRate sequenceRate) {
        List<Point> points = new ArrayList<>();
        String sampling = "floor";
        for (FcpElement map : item.children("timeMap")) {
            sampling = map.attr("frameSampling", sampling);
            for (FcpElement p : map.children("timept")) {
                String interp = p.attr("interp", "smooth2");
                boolean smooth = !"linear".equals(interp) || p.attr("inTime") != null || p.attr("outTime") != null;
                points.add(new Point(p.time("time", FcpTime.ZERO), p.time("value", FcpTime.ZERO), interp, smooth));
            }
        }
        points.sort(Comparator.comparing(Point::time));
        List<Effect> effects = new ArrayList<>();
        Map<String, Object> facts = new LinkedHashMap<>();
        boolean variable = false;
        if (!points.isEmpty()) {
            List<Map<String, Object>> listed = points.stream()
                    .map(p -> Map.<String, Object>of(
                            "time", p.time.toString(), "value", p.value.toString(), "interp", p.interp))
                    .toList();
            facts.put("time_map", listed);
            if (!"floor".equals(sampling)) {
                facts.put("frame_sampling", sampling);
            }
            Effect e = timeMapEffect(points, Metadata.empty().with("fcpxml", Map.of("time_map", listed)));
            if (e instanceof UnknownEffect u
                    && u.metadata().namespace("fcpxml").get("variable_speed").isPresent()) {
                variable = true;
            } else if (e != null) {
                effects.add(e);
            }
        }
        item.child("conform-rate").ifPresent(c -> conform(c, sequenceRate, effects, facts));
        if (points.isEmpty() && effects.isEmpty() && facts.isEmpty()) {
            return NONE;
        }
        return new Retime(List.copyOf(points), List.copyOf(effects), facts, variable);
    }

    /**
     * The variable speed of a clip whose first record frame is the item's local time {@code local}
     * and whose source range starts at media frame {@code sourceStart} of {@code leaf}, on the frame
     * grid {@code rate}; empty when the map is not variable. Keyframes are the map's points, exact:
     * record offset {@code (time - local) x rate}, source offset {@code media(value) x rate - sourceStart}.
     * Points at the same time (a jump) keep the last one; {@code note} says so, and what is approximated.
     */
    Optional<SpeedRamp> ramp(FcpTime local, Leaf leaf, FrameRate rate, long sourceStart, Consumer<String> note) {
        if (!variable) {
            return Optional.empty();
        }
        List<SpeedRamp.Keyframe> keys = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            if (i + 1 < points.size() && points.get(i + 1).time.compareTo(p.time) == 0) {
                note.accept("timeMap has two points at " + p.time + "; the last one is used");
                continue;
            }
            keys.add(new SpeedRamp.Keyframe(
                    p.time.minus(local).inFrames(rate),
                    leaf.mediaAt(p.value).inFrames(rate).minus(Fraction.of(sourceStart)),
                    p.smooth));
        }
        if (facts.containsKey("frame_sampling")) {
            note.accept("timeMap frameSampling '" + facts.get("frame_sampling") + "' is rendered as 'floor' (each"
                    + " frame shows one source frame, the one at or before its position)");
        }
        if (!effects.isEmpty()) {
            note.accept("the conform-rate speed is not combined with the variable timeMap: the ramp alone"
                    + " decides the frames");
        }
        Map<String, Object> md = new LinkedHashMap<>();
        md.put("time_map", facts.get("time_map"));
        return Optional.of(new SpeedRamp(keys, Metadata.empty().with("fcpxml", md)));
    }

    /** The time of what the item plays at the item's local time {@code local}. */
    FcpTime map(FcpTime local) {
        if (points.isEmpty()) {
            return local;
        }
        if (points.size() == 1) {
            return points.get(0).value;
        }
        int i = 0;
        while (i < points.size() - 2 && local.compareTo(points.get(i + 1).time) >= 0) {
            i++;
        }
        Point a = points.get(i);
        Point b = points.get(i + 1);
        FcpTime span = b.time.minus(a.time);
        if (span.isZero()) {
            return b.value;
        }
        return a.value.plus(local.minus(a.time).times(b.value.minus(a.value)).dividedBy(span));
    }

    List<Effect> effects() {
        return effects;
    }

    /** What the reader keeps of the retiming in the clip's {@code fcpxml} metadata. */
    Map<String, Object> facts() {
        return facts;
    }

    private static Effect timeMapEffect(List<Point> points, Metadata md) {
        if (points.size() == 1) {
            return new FreezeFrame(md);
        }
        FcpTime slope = null;
        for (int i = 0; i + 1 < points.size(); i++) {
            FcpTime dt = points.get(i + 1).time.minus(points.get(i).time);
            if (dt.isZero()) {
                continue;
            }
            FcpTime s = points.get(i + 1).value.minus(points.get(i).value).dividedBy(dt);
            if (slope == null) {
                slope = s;
            } else if (slope.compareTo(s) != 0) {
                return new UnknownEffect("timeMap", md.withIn("fcpxml", "variable_speed", true));
            }
        }
        if (slope == null || slope.isZero()) {
            return new FreezeFrame(md);
        }
        if (slope.compareTo(FcpTime.seconds(1)) == 0) {
            return null;
        }
        try {
            return new LinearTimeWarp(
                    TimeScalar.of(
                            slope.numerator().longValueExact(),
                            slope.denominator().longValueExact()),
                    md);
        } catch (ArithmeticException e) {
            return new UnknownEffect("timeMap", md.withIn("fcpxml", "speed", slope.toString()));
        }
    }

    /**
     * {@code conform-rate}: with scaling on (the default) and a source rate other than the sequence's,
     * FCP plays the media frame for frame, i.e. at sequence rate / source rate speed.
     */
    private static void conform(FcpElement c, FrameRate sequenceRate, List<Effect> effects, Map<String, Object> facts) {
        Map<String, Object> md = new LinkedHashMap<>();
        String src = c.attr("srcFrameRate");
        boolean scale = c.flag("scaleEnabled", true);
        md.put("scale_enabled", scale);
        if (src != null) {
            md.put("src_frame_rate", src);
        }
        if (c.attr("frameSampling") != null) {
            md.put("frame_sampling", c.attr("frameSampling"));
        }
        facts.put("conform_rate", md);
        if (src == null || !scale) {
            return;
        }
        FrameRate source;
        try {
            source = FrameRate.parse(src);
        } catch (GatewayException e) {
            md.put("problem", "srcFrameRate '" + src + "' is not a frame rate");
            return;
        }
        if (!source.equals(sequenceRate)) {
            TimeScalar speed = TimeScalar.of(
                    (long) sequenceRate.numerator() * source.denominator(),
                    (long) sequenceRate.denominator() * source.numerator());
            effects.add(new LinearTimeWarp(speed, Metadata.empty().with("fcpxml", Map.of("conform_rate", md))));
        }
    }
}
