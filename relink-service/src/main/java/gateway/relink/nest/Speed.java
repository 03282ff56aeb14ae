package gateway.relink.nest;

import gateway.model.timeline.Clip;
import gateway.model.timeline.Effect;
import gateway.model.timeline.FreezeFrame;
import gateway.model.timeline.SpeedRamp;
import gateway.model.timeline.TimeScalar;
import gateway.model.timeline.UnknownEffect;
import java.util.Locale;

/**
 * The speed a nest clip plays its nest at, when flattening can compose it: a constant forward speed,
 * or a freeze ({@link #freezes}: the nest's frame at the clip's in point, held). A reverse or a time
 * warp (variable speed: a {@link SpeedRamp}, or one a reader kept as an unknown effect) is refused
 * with the reason.
 */
final class Speed {
    private Speed() {}

    /** The nest clip holds one frame of its nest (a freeze frame, or a speed of zero) and nothing else warps time. */
    static boolean freezes(Clip nestClip) {
        if (hasTimeWarp(nestClip)) {
            return false;
        }
        return nestClip.timeScalar().isFreeze() || nestClip.effects().stream().anyMatch(e -> e instanceof FreezeFrame);
    }

    /** The constant speed of a nest clip that does not {@link #freezes freeze}. */
    static TimeScalar of(Clip nestClip) {
        for (Effect e : nestClip.effects()) {
            if (e instanceof FreezeFrame) {
                throw new NotFlattened("nested sequence with a freeze frame: not flattened");
            }
        }
        if (hasTimeWarp(nestClip)) {
            throw new NotFlattened("nested sequence with a time warp (variable speed): not flattened");
        }
        TimeScalar s = nestClip.timeScalar();
        if (s.isFreeze()) {
            throw new NotFlattened("nested sequence with a freeze frame: not flattened");
        }
        if (s.isReverse()) {
            throw new NotFlattened("nested sequence played in reverse (speed " + s + "): not flattened");
        }
        return s;
    }

    /** A variable speed: a {@link SpeedRamp}, or FCP 7's Time Remap / FCPXML's timeMap kept uninterpreted. */
    static boolean hasTimeWarp(Clip clip) {
        return clip.speedRamp().isPresent() || hasUninterpretedTimeWarp(clip);
    }

    /** A variable speed a reader kept as an unknown effect: its frames cannot be told. */
    static boolean hasUninterpretedTimeWarp(Clip clip) {
        for (Effect e : clip.effects()) {
            if (e instanceof UnknownEffect u
                    && !"FALSE"
                            .equals(u.metadata()
                                    .namespace("fcp7_xml")
                                    .string("enabled")
                                    .orElse(""))) {
                String n = u.name().toLowerCase(Locale.ROOT).replace(" ", "");
                if (n.contains("timeremap")
                        || n.contains("timemap")
                        || n.contains("timewarp")
                        || u.metadata()
                                .namespace("fcpxml")
                                .get("variable_speed")
                                .isPresent()) {
                    return true;
                }
            }
        }
        return false;
    }
}
