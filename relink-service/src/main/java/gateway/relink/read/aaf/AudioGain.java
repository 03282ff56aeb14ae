package gateway.relink.read.aaf;

import gateway.model.time.Fraction;
import gateway.model.timeline.AudioLevel;
import gateway.model.timeline.Clip;
import gateway.model.timeline.Effect;
import gateway.model.timeline.Item;
import gateway.model.timeline.Metadata;
import gateway.model.timeline.Track;
import gateway.model.timeline.TrackKind;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A clip or track gain: an OperationGroup whose operation is an audio gain ("Mono Audio Gain",
 * "Stereo Audio Gain", "Audio Gain") with its amplitude parameter ("Amplitude multiplier", a
 * rational gain factor: 1 is 0 dB), constant or varying. A varying amplitude's control points are
 * at fractions of the group's length (0 its first frame, 1 its end) and become keyframes at those
 * record offsets; they are played as straight lines in dB between points.
 */
final class AudioGain {
    private AudioGain() {}

    /** True when {@code operation} names a gain. */
    static boolean isGain(String operation) {
        String op = operation.toLowerCase(Locale.ROOT);
        return op.contains("audio gain") || op.equals("gain");
    }

    /** The level of the gain group {@code group} of {@code length} frames; empty when its amplitude cannot be read. */
    static Optional<AudioLevel> of(AafObject group, String operation, AafDictionary dictionary, long length) {
        if (!isGain(operation)) {
            return Optional.empty();
        }
        Metadata md = Metadata.empty().with("aaf", Map.of("operation", operation));
        for (AafObject p : group.children(Pid.OPERATION_PARAMETERS)) {
            byte[] def = p.raw(Pid.PARAMETER_DEF);
            String name = def == null || def.length < 16
                    ? ""
                    : dictionary.name(HexFormat.of().formatHex(def, 0, 16)).orElse("");
            if (!name.toLowerCase(Locale.ROOT).contains("amplitude")) {
                continue;
            }
            if (p.type() == AafClass.CONSTANT_VALUE) {
                return factor(p.raw(Pid.CONSTANT_VALUE), p).map(f -> new AudioLevel(AudioLevel.dbOf(f), List.of(), md));
            }
            List<AudioLevel.Keyframe> keys = new ArrayList<>();
            for (AafObject point : p.children(Pid.VARYING_POINTS)) {
                long[] t = point.rational(Pid.CONTROL_POINT_TIME);
                Optional<Double> f = factor(point.raw(Pid.CONTROL_POINT_VALUE), point);
                if (t == null || t[1] == 0 || f.isEmpty()) {
                    return Optional.empty();
                }
                Fraction at = Fraction.of(t[0], t[1]).times(Fraction.of(length));
                if (!keys.isEmpty() && at.compareTo(keys.getLast().record()) <= 0) {
                    return Optional.empty();
                }
                keys.add(new AudioLevel.Keyframe(at, AudioLevel.dbOf(f.get())));
            }
            return keys.isEmpty()
                    ? Optional.empty()
                    : Optional.of(new AudioLevel(keys.get(0).db(), keys, md));
        }
        return Optional.empty();
    }

    /**
     * {@code items} with each clip also playing {@code gains}, gains of the whole track: their
     * keyframes move from track offsets to the clip's own record offsets.
     */
    static List<Item> onClips(List<Item> items, List<AudioLevel> gains, String trackName) {
        if (gains.isEmpty()) {
            return items;
        }
        Track track = new Track(trackName, TrackKind.AUDIO, items, true, Metadata.empty());
        List<Item> out = new ArrayList<>(items);
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof Clip clip) {
                Fraction start =
                        Fraction.of(track.rangeOf(i, RoundingMode.FLOOR).start().value());
                List<Effect> effects = new ArrayList<>(clip.effects());
                gains.forEach(g -> effects.add(g.trimmed(start)));
                out.set(i, clip.withEffects(effects));
            }
        }
        return out;
    }

    /** An indirect rational amplitude as a gain factor; empty when it is not a rational at or above 0. */
    private static Optional<Double> factor(byte[] value, AafObject owner) {
        return AafDictionary.indirectRational(value, owner.order())
                .filter(r -> r[1] != 0 && (r[0] >= 0) == (r[1] > 0))
                .map(r -> (double) r[0] / r[1]);
    }
}
