package gateway.relink.read.fcp7;

import gateway.model.timeline.Effect;
import gateway.model.timeline.FreezeFrame;
import gateway.model.timeline.LinearTimeWarp;
import gateway.model.timeline.Metadata;
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
 * negates it) or a {@link FreezeFrame} at speed 0; a variable-speed remap and every other filter
 * is carried as an {@link UnknownEffect} whose metadata ({@value #NAMESPACE}) keeps the effect.
 */
final class FilterReader {
    static final String NAMESPACE = "fcp7_xml";

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
        if (!isTimeRemap(effect) || !filter.flag("enabled", true)) {
            return Optional.of(new UnknownEffect(name, metadata));
        }
        if (parameter(effect, "variablespeed")
                .map(v -> !v.equals("0") && !v.equalsIgnoreCase("FALSE"))
                .orElse(false)) {
            findings.note(
                    item.label(),
                    "variable-speed time remap (speed keyframes) is kept as an effect but not interpreted:"
                            + " the media range assumes a constant speed");
            return Optional.of(new UnknownEffect(name, metadata));
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

    private static boolean isTimeRemap(XmlNode effect) {
        return effect.text("effectid").map(s -> s.equalsIgnoreCase("timeremap")).orElse(false)
                || effect.text("name")
                        .map(s -> s.equalsIgnoreCase("Time Remap"))
                        .orElse(false);
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
