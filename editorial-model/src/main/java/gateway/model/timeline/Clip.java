package gateway.model.timeline;

import gateway.model.error.GatewayException;
import gateway.model.time.Fraction;
import gateway.model.time.RationalTime;
import gateway.model.time.TimeRange;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A piece of media on a track. {@code sourceRange} is the clip's trimmed range in the media's own
 * time frame (frames since midnight at the media's rate) and its duration is the time the clip takes
 * on the track, as in OTIO; a time effect changes which media frames that duration plays (see
 * {@link #mediaRange()}). A clip has one or more media references, one per {@link Representation},
 * and plays the active one.
 */
public record Clip(
        String name,
        TimeRange sourceRange,
        Map<Representation, MediaReference> references,
        Representation active,
        List<Effect> effects,
        List<Marker> markers,
        boolean enabled,
        Metadata metadata)
        implements Item {

    public Clip {
        name = name == null ? "" : name;
        Objects.requireNonNull(sourceRange, "sourceRange");
        Objects.requireNonNull(active, "active");
        Objects.requireNonNull(references, "references");
        if (!references.containsKey(active)) {
            throw GatewayException.invalid(
                    "clip '" + name + "' activates " + active + " but has references for " + references.keySet());
        }
        EnumMap<Representation, MediaReference> copy = new EnumMap<>(Representation.class);
        copy.putAll(references);
        references = Collections.unmodifiableMap(copy);
        effects = List.copyOf(effects == null ? List.of() : effects);
        markers = List.copyOf(markers == null ? List.of() : markers);
        metadata = metadata == null ? Metadata.empty() : metadata;
    }

    /** An enabled clip playing {@code original} as its ORIGINAL reference. */
    public static Clip of(String name, TimeRange sourceRange, MediaReference original) {
        return new Clip(
                name,
                sourceRange,
                Map.of(Representation.ORIGINAL, original),
                Representation.ORIGINAL,
                List.of(),
                List.of(),
                true,
                Metadata.empty());
    }

    public MediaReference activeReference() {
        return references.get(active);
    }

    public Optional<MediaReference> reference(Representation representation) {
        return Optional.ofNullable(references.get(representation));
    }

    /** A copy with {@code reference} set for {@code representation} (the active one stays active). */
    public Clip withReference(Representation representation, MediaReference reference) {
        Map<Representation, MediaReference> refs = new EnumMap<>(Representation.class);
        refs.putAll(references);
        refs.put(representation, Objects.requireNonNull(reference, "reference"));
        return new Clip(name, sourceRange, refs, active, effects, markers, enabled, metadata);
    }

    /** A copy that plays {@code representation}; fails when the clip has no such reference. */
    public Clip activate(Representation representation) {
        if (!references.containsKey(representation)) {
            throw new GatewayException(
                    gateway.model.error.Reason.FAILED_PRECONDITION,
                    "clip '" + name + "' has no " + representation + " reference to activate");
        }
        return new Clip(name, sourceRange, references, representation, effects, markers, enabled, metadata);
    }

    public Clip withSourceRange(TimeRange range) {
        return new Clip(name, range, references, active, effects, markers, enabled, metadata);
    }

    public Clip withEffects(List<Effect> newEffects) {
        return new Clip(name, sourceRange, references, active, newEffects, markers, enabled, metadata);
    }

    public Clip withMarkers(List<Marker> newMarkers) {
        return new Clip(name, sourceRange, references, active, effects, newMarkers, enabled, metadata);
    }

    public Clip withMetadata(Metadata newMetadata) {
        return new Clip(name, sourceRange, references, active, effects, markers, enabled, newMetadata);
    }

    public Clip withEnabled(boolean on) {
        return new Clip(name, sourceRange, references, active, effects, markers, on, metadata);
    }

    @Override
    public RationalTime duration() {
        return sourceRange.duration();
    }

    /** The combined speed of the clip's time effects: 1 without any, 0 when one of them freezes. */
    public TimeScalar timeScalar() {
        TimeScalar result = TimeScalar.NORMAL;
        for (Effect e : effects) {
            Optional<TimeScalar> s = e.timeScalar();
            if (s.isPresent()) {
                result = TimeScalar.of(
                        Math.multiplyExact(result.numerator(), s.get().numerator()),
                        Math.multiplyExact(result.denominator(), s.get().denominator()));
            }
        }
        return result;
    }

    /**
     * The media frames the clip plays with {@code before} record frames shown ahead of it and {@code
     * after} behind it (a transition's handles): a ramp's line continued over them, else {@link
     * #mediaRange()} grown by as many frames.
     */
    public TimeRange mediaRange(long before, long after) {
        Optional<SpeedRamp> ramp = speedRamp();
        long frames = sourceRange.durationFrames();
        if (ramp.isEmpty() || frames + before + after <= 0) {
            return mediaRange().extendedBy(before, after);
        }
        long[] bounds = ramp.get().sourceOffsetBounds(-before, frames + after);
        return TimeRange.of(sourceRange.start().plusFrames(bounds[0]), bounds[1] - bounds[0] + 1);
    }

    /** The clip's variable speed, when it has one (it then decides alone which frames the clip plays). */
    public Optional<SpeedRamp> speedRamp() {
        for (Effect e : effects) {
            if (e instanceof SpeedRamp r) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** The clip's sound levels ({@link AudioLevel}), in the order the edit applied them. */
    public List<AudioLevel> audioLevels() {
        return effects.stream()
                .filter(AudioLevel.class::isInstance)
                .map(AudioLevel.class::cast)
                .toList();
    }

    /** The clip's sound levels as one ({@link AudioLevel#combined}), empty when it has none. */
    public Optional<AudioLevel> audioLevel() {
        List<AudioLevel> levels = audioLevels();
        return levels.isEmpty() ? Optional.empty() : Optional.of(AudioLevel.combined(levels));
    }

    /**
     * The clip's sound level in dB at record offset {@code record} (frames since its first frame on
     * its track, at its source range's rate): the sum of its levels, 0 without any.
     */
    public double levelDbAt(Fraction record) {
        double db = 0;
        for (AudioLevel level : audioLevels()) {
            db += level.dbAt(record);
        }
        return db;
    }

    /**
     * The media frames the clip plays, in the media's time frame: the source range without a time
     * effect; its first frame for a freeze; {@code duration x |speed|} frames (rounded up) from the
     * source start for a speed change, reverse included; for a {@link SpeedRamp}, the lowest to the
     * highest frame its record frames show.
     */
    public TimeRange mediaRange() {
        Optional<SpeedRamp> ramp = speedRamp();
        if (ramp.isPresent()) {
            if (sourceRange.isEmpty()) {
                return sourceRange;
            }
            long[] bounds = ramp.get().sourceOffsetBounds(0, sourceRange.durationFrames());
            return TimeRange.of(sourceRange.start().plusFrames(bounds[0]), bounds[1] - bounds[0] + 1);
        }
        TimeScalar s = timeScalar();
        if (s.equals(TimeScalar.NORMAL)) {
            return sourceRange;
        }
        if (s.isFreeze()) {
            return TimeRange.of(sourceRange.start(), sourceRange.isEmpty() ? 0 : 1);
        }
        long frames = TimeScalar.of(Math.abs(s.numerator()), s.denominator())
                .times(sourceRange.durationFrames(), RoundingMode.CEILING);
        return TimeRange.of(sourceRange.start(), frames);
    }
}
