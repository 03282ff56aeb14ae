package gateway.model.timeline;

/** Something applied to a clip. Time effects change which source frames a clip plays. */
public sealed interface Effect permits LinearTimeWarp, FreezeFrame, SpeedRamp, AudioLevel, UnknownEffect {
    Metadata metadata();

    /**
     * The constant speed this effect plays its clip at, or empty for effects that do not change time
     * and for a {@link SpeedRamp}, whose speed varies ({@link Clip#speedRamp()}).
     */
    default java.util.Optional<TimeScalar> timeScalar() {
        return java.util.Optional.empty();
    }
}
