package gateway.model.timeline;

import gateway.model.error.GatewayException;
import gateway.model.time.Fraction;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;

/**
 * A clip's sound level (FCP 7 Audio Levels, FCPXML {@code adjust-volume}, AAF Audio Gain): a
 * constant gain in dB, or, when it has keyframes, a level envelope. A keyframe's time is a record
 * offset, exact frames (a fraction when the edit placed it between frames) since the clip's first
 * frame on its track, at the rate of the clip's source range, as {@link SpeedRamp} counts; its
 * level is in dB. Between keyframes the level moves in a straight line in dB; before the first and
 * after the last it holds. With keyframes, {@code gainDb} is what the edit wrote as the constant
 * value and is not played. Silence is {@link Double#NEGATIVE_INFINITY}. Several levels on one clip
 * add up (in dB: their gains multiply).
 */
public record AudioLevel(double gainDb, List<Keyframe> keyframes, Metadata metadata) implements Effect {

    /** One point of the envelope: the level {@code db} at record offset {@code record} (frames). */
    public record Keyframe(Fraction record, double db) {
        public Keyframe {
            Objects.requireNonNull(record, "record");
            requireLevel(db, "keyframe at record offset " + record);
        }
    }

    public AudioLevel {
        requireLevel(gainDb, "gain");
        keyframes = List.copyOf(Objects.requireNonNull(keyframes, "keyframes"));
        for (int i = 1; i < keyframes.size(); i++) {
            if (keyframes.get(i).record().compareTo(keyframes.get(i - 1).record()) <= 0) {
                throw GatewayException.invalid("audio level keyframe " + (i + 1) + " at record offset "
                        + keyframes.get(i).record() + " does not come after keyframe " + i + " at "
                        + keyframes.get(i - 1).record() + "; keyframes must be in record order, one per instant");
            }
        }
        metadata = metadata == null ? Metadata.empty() : metadata;
    }

    /** A constant gain of {@code db} dB. */
    public static AudioLevel constant(double db) {
        return new AudioLevel(db, List.of(), Metadata.empty());
    }

    /** A level envelope through {@code keyframes}. */
    public static AudioLevel keyframed(List<Keyframe> keyframes) {
        if (keyframes.isEmpty()) {
            throw GatewayException.invalid("a keyframed audio level needs at least one keyframe");
        }
        return new AudioLevel(keyframes.get(0).db(), keyframes, Metadata.empty());
    }

    /**
     * One level that plays as {@code levels} together (their dB added): constant when all are,
     * else keyframes at every instant one of them has a keyframe (exact where each moves in a
     * straight line in dB, which is everywhere but next to a keyframe at silence).
     */
    public static AudioLevel combined(List<AudioLevel> levels) {
        if (levels.size() == 1) {
            return levels.get(0);
        }
        java.util.TreeSet<Fraction> times = new java.util.TreeSet<>();
        double gain = 0;
        for (AudioLevel l : levels) {
            gain += l.gainDb();
            l.keyframes().forEach(k -> times.add(k.record()));
        }
        if (times.isEmpty()) {
            return constant(gain);
        }
        return keyframed(times.stream()
                .map(t -> new Keyframe(
                        t, levels.stream().mapToDouble(l -> l.dbAt(t)).sum()))
                .toList());
    }

    /** The level in dB at record offset {@code record} (frames since the clip's first frame on its track). */
    public double dbAt(Fraction record) {
        if (keyframes.isEmpty()) {
            return gainDb;
        }
        Keyframe first = keyframes.get(0);
        if (record.compareTo(first.record()) <= 0) {
            return first.db();
        }
        for (int i = 1; i < keyframes.size(); i++) {
            Keyframe b = keyframes.get(i);
            if (record.compareTo(b.record()) < 0) {
                Keyframe a = keyframes.get(i - 1);
                if (a.db() == Double.NEGATIVE_INFINITY || b.db() == Double.NEGATIVE_INFINITY) {
                    return linearDb(a, b, record);
                }
                double t =
                        fraction(record.minus(a.record()).dividedBy(b.record().minus(a.record())));
                return a.db() + (b.db() - a.db()) * t;
            }
        }
        return keyframes.getLast().db();
    }

    /** The gain factor at record offset {@code record}: 10^(dB / 20), 0 for silence. */
    public double factorAt(Fraction record) {
        return factorOf(dbAt(record));
    }

    /** True when the level changes nothing: 0 dB without keyframes, or every keyframe at 0 dB. */
    public boolean isUnity() {
        return keyframes.isEmpty() ? gainDb == 0 : keyframes.stream().allMatch(k -> k.db() == 0);
    }

    /**
     * The same level for the clip trimmed by {@code headFrames} record frames at its head: every
     * record frame left plays at the level it had.
     */
    public AudioLevel trimmed(Fraction headFrames) {
        if (keyframes.isEmpty() || headFrames.signum() == 0) {
            return this;
        }
        return new AudioLevel(
                gainDb,
                keyframes.stream()
                        .map(k -> new Keyframe(k.record().minus(headFrames), k.db()))
                        .toList(),
                metadata);
    }

    /** In words, for a report or a warning: "level -6 dB", "level: 3 keyframes, -inf dB to 0 dB". */
    public String describe() {
        if (keyframes.isEmpty()) {
            return "level " + text(gainDb);
        }
        double low = keyframes.stream().mapToDouble(Keyframe::db).min().orElse(0);
        double high = keyframes.stream().mapToDouble(Keyframe::db).max().orElse(0);
        return "level: " + keyframes.size() + (keyframes.size() == 1 ? " keyframe, " : " keyframes, ")
                + (low == high ? text(low) : text(low) + " to " + text(high));
    }

    /** A gain factor as dB: 20 log10(factor); 0 is silence ({@link Double#NEGATIVE_INFINITY}). */
    public static double dbOf(double factor) {
        if (!(factor >= 0) || Double.isInfinite(factor)) {
            throw GatewayException.invalid("gain factor " + factor + " is not a finite number at or above 0");
        }
        return factor == 0 ? Double.NEGATIVE_INFINITY : 20 * Math.log10(factor);
    }

    /** A level in dB as a gain factor: 10^(dB / 20); silence is 0. */
    public static double factorOf(double db) {
        return db == Double.NEGATIVE_INFINITY ? 0 : Math.pow(10, db / 20);
    }

    /** "-6 dB", "-4.5 dB", "-inf dB": dB to two decimals, trailing zeros dropped. */
    public static String text(double db) {
        if (db == Double.NEGATIVE_INFINITY) {
            return "-inf dB";
        }
        BigDecimal d =
                BigDecimal.valueOf(db).setScale(2, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return (d.signum() == 0 ? "0" : d.toPlainString()) + " dB";
    }

    /** Between a keyframe at silence and another: a straight line in the gain factor, as dB. */
    private static double linearDb(Keyframe a, Keyframe b, Fraction record) {
        double t = fraction(record.minus(a.record()).dividedBy(b.record().minus(a.record())));
        double fa = factorOf(a.db());
        double fb = factorOf(b.db());
        return dbOf(fa + (fb - fa) * t);
    }

    private static double fraction(Fraction f) {
        return new BigDecimal(f.numerator())
                .divide(new BigDecimal(f.denominator()), java.math.MathContext.DECIMAL64)
                .doubleValue();
    }

    private static void requireLevel(double db, String what) {
        if (Double.isNaN(db) || db == Double.POSITIVE_INFINITY) {
            throw GatewayException.invalid("audio level " + what + " is " + db + " dB: not a level");
        }
    }
}
