package gateway.tiers;

import gateway.model.asset.Manifest;
import gateway.model.asset.OriginalLocation;
import gateway.model.asset.OriginalLocation.State;
import gateway.model.asset.ProjectId;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * "Bring the whole project back", planned before any byte moves: for each tier the project's
 * originals would come from, how many, how many bytes, the time at the configured rate and the cost
 * at the configured price per GB. An original whose NAS copy is present moves nothing; one whose
 * NAS copy was released comes back whole from the object tier that holds it verified; one that no
 * tier holds is counted as missing.
 *
 * @param rows one per tier, then {@link #MISSING} when some original is on no tier
 */
public record TierPlan(
        ProjectId project, List<Row> rows, long rateMbPerSecond, BigDecimal pricePerGb, String currency) {
    /** The row of originals no tier holds. */
    public static final String MISSING = "(missing)";

    /** The manifest metadata key ingest records the original's size under. */
    public static final String META_SIZE = "original_size_bytes";

    /**
     * One tier's share of the plan.
     *
     * @param kind {@code posix}, {@code s3}, {@code embedded-s3}, or {@code -} when the tier is not configured
     * @param moves false for originals already on a fast POSIX tier (nothing to move)
     * @param bytes bytes to move from this tier (0 when nothing moves)
     * @param time the bytes at the plan's rate
     * @param cost the bytes at the plan's price per GB (10^9 bytes), 2 decimals
     */
    public record Row(
            String tier,
            String kind,
            boolean moves,
            int originals,
            long bytes,
            long heldBytes,
            Duration time,
            BigDecimal cost) {}

    /** The plan for {@code manifests} (one project's) under {@code config}'s rate and price. */
    public static TierPlan wholeProject(ProjectId project, List<Manifest> manifests, TiersConfig config) {
        Map<String, long[]> byTier = new LinkedHashMap<>(); // tier -> {originals, bytes to move, bytes held}
        Map<String, Boolean> moves = new LinkedHashMap<>();
        for (Manifest m : manifests) {
            long size = sizeOf(m);
            String source = null;
            boolean move = false;
            if (Tiers.onItsPath(m, config)) {
                source = config.posixTierOf(Path.of(m.originalPath()))
                        .map(PosixTier::name)
                        .orElse(Tiers.LOCAL);
            } else {
                for (OriginalLocation l : m.locations()) {
                    if (l.state() == State.VERIFIED) {
                        source = l.tier();
                        move = true;
                        break;
                    }
                }
            }
            if (source == null) {
                source = MISSING;
            }
            long[] t = byTier.computeIfAbsent(source, k -> new long[3]);
            t[0]++;
            t[2] += size;
            if (move) {
                t[1] += size;
            }
            moves.merge(source, move, Boolean::logicalOr);
        }
        List<Row> rows = new ArrayList<>();
        byTier.forEach((tier, t) -> {
            String kind = tier.equals(MISSING)
                    ? "-"
                    : config.tier(tier).map(Tier::kind).orElse(tier.equals(Tiers.LOCAL) ? "posix" : "-");
            rows.add(new Row(
                    tier,
                    kind,
                    moves.get(tier),
                    (int) t[0],
                    t[1],
                    t[2],
                    timeAt(t[1], config.planRateMbPerSecond()),
                    costOf(t[1], config.planPricePerGb())));
        });
        return new TierPlan(
                project,
                List.copyOf(rows),
                config.planRateMbPerSecond(),
                config.planPricePerGb(),
                config.planCurrency());
    }

    public long bytesToMove() {
        return rows.stream().mapToLong(Row::bytes).sum();
    }

    public Duration time() {
        return rows.stream().map(Row::time).reduce(Duration.ZERO, Duration::plus);
    }

    public BigDecimal cost() {
        return rows.stream().map(Row::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    public int originals() {
        return rows.stream().mapToInt(Row::originals).sum();
    }

    static Duration timeAt(long bytes, long mbPerSecond) {
        long perSecond = mbPerSecond * 1_000_000L;
        return Duration.ofSeconds((bytes + perSecond - 1) / perSecond);
    }

    static BigDecimal costOf(long bytes, BigDecimal pricePerGb) {
        return pricePerGb
                .multiply(BigDecimal.valueOf(bytes))
                .divide(BigDecimal.valueOf(1_000_000_000L), 2, RoundingMode.HALF_UP);
    }

    private static long sizeOf(Manifest m) {
        String recorded = m.metadata().get(META_SIZE);
        if (recorded != null && recorded.matches("\\d+")) {
            return Long.parseLong(recorded);
        }
        if (m.originalPath() != null) {
            try {
                return Files.size(Path.of(m.originalPath()));
            } catch (IOException e) {
                return 0;
            }
        }
        return 0;
    }
}
