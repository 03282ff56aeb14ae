package gateway.relink.read.fcp7;

import gateway.model.time.Fraction;
import gateway.model.time.FrameRate;
import gateway.model.timeline.AudioLevel;
import gateway.model.timeline.Effect;
import gateway.model.timeline.FreezeFrame;
import gateway.model.timeline.LinearTimeWarp;
import gateway.model.timeline.Metadata;
import gateway.model.timeline.SpeedRamp;
import gateway.model.timeline.TimeScalar;
import gateway.model.timeline.UnknownEffect;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code filter}s of a clip item as effects. Time Remap ({@code effectid timeremap}) with a
 * constant speed becomes a {@link LinearTimeWarp} (speed is a percentage: 100 is normal; reverse
 * negates it) or a {@link FreezeFrame} at speed 0; a variable-speed remap becomes a {@link SpeedRamp}
 * from its keyframes; Audio Levels ({@code effectid audiolevels}) becomes an {@link AudioLevel}; every other filter is carried as an {@link UnknownEffect} whose metadata
 * ({@value #NAMESPACE}) keeps the effect.
 */
final class FilterReader {
    static final String NAMESPACE = "fcp7_xml";

    /** Children of a keyframe that give it Bezier handles (a curve we play as a line). */
    private static final List<String> BEZIER = List.of("inbez", "outbez", "inscale", "outscale", "smooth");

    private final IdTable ids;
    private final Findings findings;

    FilterReader(IdTable ids, Findings findings) {
        this.ids = ids;
        this.findings = findings;
    }

    List<Effect> effects(XmlNode item) {
        List<Effect> out = new ArrayList<>();
        for (XmlNode f : item.children("filter")) {
            XmlNode filter = ids.resolve(f);
            Optional<XmlNode> effect = filter.child("effect");
            if (effect.isEmpty()) {
                findings.note(item.label(), "a <filter> without an <effect> is ignored");
                continue;
            }
            effect(item, filter, effect.get()).ifPresent(out::add);
        }
        return out;
    }

    /** One filter's effect; empty for a time remap at normal speed (it changes nothing). */
    Optional<Effect> effect(XmlNode item, XmlNode filter, XmlNode effect) {
        Map<String, Object> kept = XmlJson.of(effect, Set.of());
        if (!filter.flag("enabled", true)) {
            kept = new java.util.LinkedHashMap<>(kept);
            kept.put("enabled", "FALSE");
        }
        Metadata metadata = Metadata.empty().with(NAMESPACE, kept);
        String name = effect.text("name").orElse(effect.text("effectid").orElse("filter"));
        if (isAudioLevels(effect) && filter.flag("enabled", true)) {
            return Optional.of(level(item, effect, name, metadata));
        }
        if (!isTimeRemap(effect) || !filter.flag("enabled", true)) {
            return Optional.of(new UnknownEffect(name, metadata));
        }
        if (parameter(effect, "variablespeed")
                .map(v -> !v.equals("0") && !v.equalsIgnoreCase("FALSE"))
                .orElse(false)) {
            return Optional.of(variable(item, effect, name, metadata));
        }
        Optional<String> speedText = parameter(effect, "speed");
        BigDecimal percent;
        try {
            percent = new BigDecimal(speedText.orElse("100"));
        } catch (NumberFormatException e) {
            findings.inconsistency(item.label(), "time remap speed '" + speedText.orElse("") + "' is not a number");
            return Optional.of(new UnknownEffect(name, metadata));
        }
        boolean reverse = parameter(effect, "reverse")
                .map(v -> v.equalsIgnoreCase("TRUE") || v.equals("1"))
                .orElse(false);
        if (percent.signum() == 0) {
            return Optional.of(new FreezeFrame(metadata));
        }
        TimeScalar scalar = TimeScalar.of(percent.movePointLeft(2));
        if (reverse != (scalar.numerator() < 0)) {
            scalar = TimeScalar.of(-scalar.numerator(), scalar.denominator());
        }
        if (scalar.equals(TimeScalar.NORMAL)) {
            return Optional.empty();
        }
        return Optional.of(new LinearTimeWarp(scalar, metadata));
    }

    /**
     * A variable-speed remap: its {@code graphdict} keyframes, {@code when} (a frame of the retimed
     * clip, counted like {@code in}) to {@code value} (a frame of the media, counted from its first
     * frame), as a {@link SpeedRamp} in those clip frames ({@link #placed} moves it onto the clip).
     * The values already run backwards for a reversed ramp, so {@code reverse} is not applied again.
     * A keyframe with Bezier handles is played as a line (the ramp says it is approximated); frame
     * blending is not rendered (noted). Without usable keyframes the remap stays an unknown effect.
     */
    private Effect variable(XmlNode item, XmlNode effect, String name, Metadata metadata) {
        List<SpeedRamp.Keyframe> keys = new ArrayList<>();
        for (XmlNode p : effect.children("parameter")) {
            if (!p.text("parameterid").orElse(p.text("name").orElse("")).equalsIgnoreCase("graphdict")) {
                continue;
            }
            for (XmlNode k : p.children("keyframe")) {
                Optional<Fraction> when = number(k.text("when"));
                Optional<Fraction> value = number(k.text("value"));
                if (when.isEmpty() || value.isEmpty()) {
                    findings.inconsistency(
                            item.label(),
                            "time remap keyframe when '" + k.text("when").orElse("") + "' value '"
                                    + k.text("value").orElse("") + "' is not a pair of numbers; remap not interpreted");
                    return new UnknownEffect(name, metadata);
                }
                if (!keys.isEmpty() && when.get().compareTo(keys.getLast().record()) <= 0) {
                    findings.inconsistency(
                            item.label(),
                            "time remap keyframe at " + when.get() + " does not come after the one at "
                                    + keys.getLast().record() + "; remap not interpreted");
                    return new UnknownEffect(name, metadata);
                }
                boolean smooth = BEZIER.stream().anyMatch(tag -> k.child(tag).isPresent());
                keys.add(new SpeedRamp.Keyframe(when.get(), value.get(), smooth));
            }
        }
        if (keys.isEmpty()) {
            findings.inconsistency(
                    item.label(), "variable-speed time remap without graphdict keyframes is not interpreted");
            return new UnknownEffect(name, metadata);
        }
        if (parameter(effect, "frameblending")
                .map(v -> v.equalsIgnoreCase("TRUE"))
                .orElse(false)) {
            findings.note(item.label(), "time remap frame blending is not rendered: each frame shows one source frame");
        }
        return new SpeedRamp(keys, metadata);
    }

    /**
     * Audio Levels: the {@code level} parameter's value is a gain factor (1 is 0 dB, 0 silence) and
     * its keyframes' {@code when} a frame of the clip item counted like {@code in} (moved onto the
     * clip by {@link #placed(AudioLevel, Fraction, FrameRate, FrameRate)}). A level that is not a
     * number stays an unknown effect, with a finding.
     */
    private Effect level(XmlNode item, XmlNode effect, String name, Metadata metadata) {
        Optional<XmlNode> parameter = parameterNode(effect, "level");
        if (parameter.isEmpty()) {
            findings.inconsistency(item.label(), "Audio Levels without a level parameter is not interpreted");
            return new UnknownEffect(name, metadata);
        }
        XmlNode p = parameter.get();
        Optional<String> value = p.child("value")
                .filter(v -> !v.hasElements())
                .map(XmlNode::text)
                .filter(t -> !t.isBlank());
        Optional<Double> constant = value.isEmpty() ? Optional.of(0.0) : gainDb(value);
        if (constant.isEmpty()) {
            findings.inconsistency(
                    item.label(),
                    "Audio Levels value '" + p.text("value").orElse("") + "' is not a gain; level not applied");
            return new UnknownEffect(name, metadata);
        }
        List<AudioLevel.Keyframe> keys = new ArrayList<>();
        for (XmlNode k : p.children("keyframe")) {
            Optional<Fraction> when = number(k.text("when"));
            Optional<Double> db = gainDb(k.text("value"));
            if (when.isEmpty() || db.isEmpty()) {
                findings.inconsistency(
                        item.label(),
                        "Audio Levels keyframe when '" + k.text("when").orElse("") + "' value '"
                                + k.text("value").orElse("") + "' is not a frame and a gain; level not applied");
                return new UnknownEffect(name, metadata);
            }
            if (!keys.isEmpty() && when.get().compareTo(keys.getLast().record()) <= 0) {
                findings.inconsistency(
                        item.label(),
                        "Audio Levels keyframe at " + when.get() + " does not come after the one at "
                                + keys.getLast().record() + "; level not applied");
                return new UnknownEffect(name, metadata);
            }
            keys.add(new AudioLevel.Keyframe(when.get(), db.get()));
        }
        return new AudioLevel(constant.get(), keys, Metadata.empty());
    }

    /** {@code raw}, whose keyframes are clip item frames counted like {@code in}, moved onto the clip (as a ramp is). */
    static AudioLevel placed(AudioLevel raw, Fraction firstWhen, FrameRate clipRate, FrameRate sourceRate) {
        if (raw.keyframes().isEmpty()) {
            return raw;
        }
        List<AudioLevel.Keyframe> keys = new ArrayList<>();
        for (AudioLevel.Keyframe k : raw.keyframes()) {
            keys.add(new AudioLevel.Keyframe(toSource(k.record().minus(firstWhen), clipRate, sourceRate), k.db()));
        }
        return new AudioLevel(raw.gainDb(), keys, raw.metadata());
    }

    /** A gain factor (FCP 7's level: 1 is 0 dB) as dB; empty when it is not a number at or above 0. */
    private static Optional<Double> gainDb(Optional<String> text) {
        try {
            return text.map(String::strip)
                    .map(BigDecimal::new)
                    .filter(d -> d.signum() >= 0 && Double.isFinite(d.doubleValue()))
                    .map(d -> AudioLevel.dbOf(d.doubleValue()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isAudioLevels(XmlNode effect) {
        return effect.text("effectid")
                        .map(s -> s.equalsIgnoreCase("audiolevels"))
                        .orElse(false)
                || effect.text("name")
                        .map(s -> s.equalsIgnoreCase("Audio Levels"))
                        .orElse(false);
    }

    /**
     * {@code raw}, whose keyframes are in the clip item's own frames, moved onto the clip: record
     * offsets from {@code firstWhen} (the clip frame its first record frame shows), source offsets from
     * {@code sourceStart} (the media frame its source range starts at, counted from the media's first
     * frame), both converted from {@code clipRate} to {@code sourceRate} frames (frames are frames when
     * the two count on the same timecode base, as the reader does for {@code in}).
     */
    static SpeedRamp placed(
            SpeedRamp raw, Fraction firstWhen, Fraction sourceStart, FrameRate clipRate, FrameRate sourceRate) {
        List<SpeedRamp.Keyframe> keys = new ArrayList<>();
        for (SpeedRamp.Keyframe k : raw.keyframes()) {
            keys.add(new SpeedRamp.Keyframe(
                    toSource(k.record().minus(firstWhen), clipRate, sourceRate),
                    toSource(k.source(), clipRate, sourceRate).minus(sourceStart),
                    k.smooth()));
        }
        return new SpeedRamp(keys, raw.metadata());
    }

    private static Fraction toSource(Fraction frames, FrameRate clipRate, FrameRate sourceRate) {
        return clipRate.timecodeBase() == sourceRate.timecodeBase()
                ? frames
                : Fraction.rescaled(frames, clipRate, sourceRate);
    }

    private static Optional<Fraction> number(Optional<String> text) {
        try {
            return text.map(String::strip).map(BigDecimal::new).map(FilterReader::fraction);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Fraction fraction(BigDecimal d) {
        return d.scale() <= 0
                ? Fraction.of(d.toBigIntegerExact(), java.math.BigInteger.ONE)
                : Fraction.of(d.unscaledValue(), java.math.BigInteger.TEN.pow(d.scale()));
    }

    private static boolean isTimeRemap(XmlNode effect) {
        return effect.text("effectid").map(s -> s.equalsIgnoreCase("timeremap")).orElse(false)
                || effect.text("name")
                        .map(s -> s.equalsIgnoreCase("Time Remap"))
                        .orElse(false);
    }

    /** The parameter whose {@code parameterid} (or name) is {@code id}. */
    private static Optional<XmlNode> parameterNode(XmlNode effect, String id) {
        for (XmlNode p : effect.children("parameter")) {
            if (p.text("parameterid").orElse(p.text("name").orElse("")).equalsIgnoreCase(id)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The value of the parameter whose {@code parameterid} (or name) is {@code id}. */
    private static Optional<String> parameter(XmlNode effect, String id) {
        for (XmlNode p : effect.children("parameter")) {
            String pid = p.text("parameterid").orElse(p.text("name").orElse(""));
            if (pid.equalsIgnoreCase(id)) {
                return p.child("value").filter(v -> !v.hasElements()).map(XmlNode::text);
            }
        }
        return Optional.empty();
    }
}
