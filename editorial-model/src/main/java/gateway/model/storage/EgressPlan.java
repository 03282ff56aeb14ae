package gateway.model.storage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a restore would move out of each storage tier, worked out before any byte moves: per tier,
 * the bytes with range-exact restore (only the frames used, their sound and the container's header
 * and index) and with whole-file restore, the time each takes at the tier's rate (bytes / rate,
 * rounded up to the whole second) and what each costs at its price per decimal gigabyte (exact).
 * Originals that can only be restored whole are listed with the reason.
 */
public final class EgressPlan {
    private static final BigDecimal BYTES_PER_GB = BigDecimal.valueOf(1_000_000_000L);

    /** One original the restore reads: its tier, the bytes of its ranges and its whole size. */
    public record Original(
            String original, StorageTier tier, long rangeBytes, long wholeFileBytes, String wholeFileReason) {
        public Original {
            Objects.requireNonNull(original, "original");
            Objects.requireNonNull(tier, "tier");
            if (rangeBytes < 0 || wholeFileBytes < 0) {
                throw new IllegalArgumentException(
                        original + ": negative byte counts " + rangeBytes + " / " + wholeFileBytes);
            }
        }
    }

    /** One tier's totals. */
    public record Tier(
            String name,
            int originals,
            long rangeBytes,
            long wholeFileBytes,
            Duration rangeTime,
            Duration wholeFileTime,
            BigDecimal rangeCost,
            BigDecimal wholeFileCost) {
        /** Bytes range-exact restore does not move. */
        public long savedBytes() {
            return wholeFileBytes - rangeBytes;
        }
    }

    private final List<Tier> tiers;
    private final List<Original> wholeOnly;

    private EgressPlan(List<Tier> tiers, List<Original> wholeOnly) {
        this.tiers = List.copyOf(tiers);
        this.wholeOnly = List.copyOf(wholeOnly);
    }

    /** The plan of {@code originals}, tiers in the order they first appear. */
    public static EgressPlan of(List<Original> originals) {
        Map<String, List<Original>> byTier = new LinkedHashMap<>();
        for (Original o : originals) {
            byTier.computeIfAbsent(o.tier().name(), t -> new ArrayList<>()).add(o);
        }
        List<Tier> tiers = new ArrayList<>();
        for (var e : byTier.entrySet()) {
            StorageTier tier = e.getValue().get(0).tier();
            long range = 0;
            long whole = 0;
            for (Original o : e.getValue()) {
                range = Math.addExact(range, o.rangeBytes());
                whole = Math.addExact(whole, o.wholeFileBytes());
            }
            tiers.add(new Tier(
                    e.getKey(),
                    e.getValue().size(),
                    range,
                    whole,
                    timeAt(range, tier.bytesPerSecond()),
                    timeAt(whole, tier.bytesPerSecond()),
                    costOf(range, tier.pricePerGb()),
                    costOf(whole, tier.pricePerGb())));
        }
        return new EgressPlan(
                tiers,
                originals.stream().filter(o -> o.wholeFileReason() != null).toList());
    }

    /** {@code bytes} at {@code bytesPerSecond}: whole seconds, rounded up. */
    public static Duration timeAt(long bytes, long bytesPerSecond) {
        return Duration.ofSeconds(Math.ceilDiv(bytes, bytesPerSecond));
    }

    /** {@code bytes} in decimal gigabytes times {@code pricePerGb}, exactly. */
    public static BigDecimal costOf(long bytes, BigDecimal pricePerGb) {
        return BigDecimal.valueOf(bytes)
                .divide(BYTES_PER_GB)
                .multiply(pricePerGb)
                .stripTrailingZeros();
    }

    public List<Tier> tiers() {
        return tiers;
    }

    /** The originals restored whole, each with its reason. */
    public List<Original> wholeFileOnly() {
        return wholeOnly;
    }

    public long rangeBytes() {
        return tiers.stream().mapToLong(Tier::rangeBytes).sum();
    }

    public long wholeFileBytes() {
        return tiers.stream().mapToLong(Tier::wholeFileBytes).sum();
    }

    /** A cost for people: two decimals, rounded half up (the exact figure stays in {@link Tier}). */
    public static String money(BigDecimal cost) {
        return cost.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    /** A time for people: "0 s", "42 s", "3 min 05 s", "2 h 07 min". */
    public static String time(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format("%d min %02d s", s / 60, s % 60);
        }
        long minutes = Math.ceilDiv(s, 60);
        return String.format("%d h %02d min", minutes / 60, minutes % 60);
    }
}
