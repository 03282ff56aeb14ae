package gateway.relink.read.fcpxml;

import gateway.model.time.FrameRate;
import gateway.model.timeline.AudioLevel;
import gateway.model.timeline.Effect;
import gateway.model.timeline.Metadata;
import gateway.model.timeline.UnknownEffect;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The sound adjustments of a story item, for its sound clip. {@code adjust-volume} becomes an
 * {@link AudioLevel}: its {@code amount} ("-6dB") or, with a {@code param name="amount"} and its
 * {@code keyframeAnimation}, keyframes whose {@code time} is in the clip's local time (the time its
 * {@code start} counts in), placed at record offsets from the clip's first sound frame. The other
 * sound adjustments and audio filters ({@code adjust-panner}, {@code adjust-EQ}, {@code
 * filter-audio} ...), and every adjustment inside an {@code audio-channel-source} or {@code
 * audio-role-source} (a level of one channel or role), are kept as effects by name: the render
 * does not apply them and says so.
 */
final class Volume {
    private static final List<String> OTHER_ADJUSTMENTS = List.of(
            "adjust-panner",
            "adjust-EQ",
            "adjust-matchEQ",
            "adjust-loudness",
            "adjust-noiseReduction",
            "adjust-humReduction");

    private Volume() {}

    /**
     * The item's sound effects: its level, then the adjustments and filters kept by name. {@code
     * local} is the local time of the clip's first sound frame, {@code rate} the rate its frames count
     * at, {@code effectName} names a {@code filter-audio}'s effect reference; {@code problem} receives
     * what cannot be read (the level is then kept by name, not played).
     */
    static List<Effect> of(
            FcpElement item,
            FcpTime local,
            FrameRate rate,
            java.util.function.Function<String, String> effectName,
            Consumer<String> problem) {
        List<Effect> out = new ArrayList<>();
        for (FcpElement volume : item.children("adjust-volume")) {
            Optional<AudioLevel> level = level(volume, local, rate, problem);
            out.add(
                    level.isPresent()
                            ? level.get()
                            : new UnknownEffect(
                                    "adjust-volume",
                                    Metadata.empty().with("fcpxml", Map.of("element", "adjust-volume"))));
        }
        for (String tag : OTHER_ADJUSTMENTS) {
            for (FcpElement ignored : item.children(tag)) {
                out.add(new UnknownEffect(tag, Metadata.empty().with("fcpxml", Map.of("element", tag))));
            }
        }
        // per-channel and per-role adjustments (FCPXML 1.7+): not applied, named with the source they adjust
        for (String source : List.of("audio-channel-source", "audio-role-source")) {
            for (FcpElement src : item.children(source)) {
                String which =
                        source + " " + src.attr("srcCh", src.attr("role", "")).strip();
                for (FcpElement adjustment : src.children()) {
                    if (adjustment.name().startsWith("adjust-")
                            || adjustment.name().equals("filter-audio")) {
                        out.add(new UnknownEffect(
                                adjustment.name() + " (" + which.strip() + ")",
                                Metadata.empty()
                                        .with("fcpxml", Map.of("element", adjustment.name(), "source", which))));
                    }
                }
            }
        }
        for (FcpElement filter : item.children("filter-audio")) {
            String name = filter.attr("name");
            if (name == null || name.isBlank()) {
                name = effectName.apply(filter.attr("ref", ""));
            }
            out.add(new UnknownEffect(
                    name == null || name.isBlank() ? "filter-audio" : name,
                    Metadata.empty().with("fcpxml", Map.of("element", "filter-audio"))));
        }
        return out;
    }

    private static Optional<AudioLevel> level(
            FcpElement volume, FcpTime local, FrameRate rate, Consumer<String> problem) {
        String amount = volume.attr("amount", "0dB");
        Optional<Double> constant = db(amount);
        if (constant.isEmpty()) {
            problem.accept("adjust-volume amount '" + amount + "' is not a level in dB; level not applied");
            return Optional.empty();
        }
        List<AudioLevel.Keyframe> keys = new ArrayList<>();
        for (FcpElement param : volume.children("param")) {
            if (!"amount".equals(param.attr("name"))) {
                continue;
            }
            for (FcpElement animation : param.children("keyframeAnimation")) {
                for (FcpElement k : animation.children("keyframe")) {
                    Optional<Double> value = db(k.attr("value", ""));
                    Optional<FcpTime> time;
                    try {
                        time = k.time("time");
                    } catch (RuntimeException e) {
                        time = Optional.empty();
                    }
                    if (time.isEmpty() || value.isEmpty()) {
                        problem.accept("adjust-volume keyframe time '" + k.attr("time", "") + "' value '"
                                + k.attr("value", "") + "' is not a time and a level in dB; level not applied");
                        return Optional.empty();
                    }
                    AudioLevel.Keyframe key =
                            new AudioLevel.Keyframe(time.get().minus(local).inFrames(rate), value.get());
                    if (!keys.isEmpty() && key.record().compareTo(keys.getLast().record()) <= 0) {
                        problem.accept("adjust-volume keyframe at " + k.attr("time")
                                + " does not come after the one before; level not applied");
                        return Optional.empty();
                    }
                    keys.add(key);
                }
            }
        }
        return Optional.of(new AudioLevel(constant.get(), keys, Metadata.empty()));
    }

    /** "-6dB", "-6 dB", "0", "-inf dB" as dB; empty when it is not a level. */
    static Optional<Double> db(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.endsWith("db")) {
            t = t.substring(0, t.length() - 2).strip();
        }
        if (t.equals("-inf") || t.equals("-infinity")) {
            return Optional.of(Double.NEGATIVE_INFINITY);
        }
        if (!t.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)")) {
            return Optional.empty();
        }
        double db = Double.parseDouble(t);
        return Double.isInfinite(db) ? Optional.empty() : Optional.of(db);
    }
}
