package gateway.tiers;

import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The storage tiers and the per-project policies (config sections {@code tiers} and
 * {@code tiers-policy}), checked together: every policy demotes to a configured object tier.
 *
 * @param tiers the tiers by name, in config order
 * @param policies the policies by project
 * @param sweepInterval how often the node looks for originals to demote or release ({@code tiers-sweep-interval-s})
 * @param planRateMbPerSecond the transfer rate a plan assumes ({@code tiers-plan.rate-mb-per-s}, MB = 10^6 bytes)
 * @param planPricePerGb the egress price a plan assumes per GB ({@code tiers-plan.price-per-gb}, GB = 10^9 bytes)
 * @param planCurrency how prices print ({@code tiers-plan.currency})
 */
public record TiersConfig(
        Map<String, Tier> tiers,
        Map<ProjectId, TierPolicy> policies,
        Duration sweepInterval,
        long planRateMbPerSecond,
        BigDecimal planPricePerGb,
        String planCurrency) {
    public static final Duration DEFAULT_SWEEP = Duration.ofSeconds(30);
    public static final long DEFAULT_RATE_MB_PER_S = 100;
    public static final BigDecimal DEFAULT_PRICE_PER_GB = new BigDecimal("0.09");
    public static final String DEFAULT_CURRENCY = "USD";

    public TiersConfig {
        tiers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tiers));
        policies = Map.copyOf(policies);
        for (var e : tiers.entrySet()) {
            if (!e.getKey().equals(e.getValue().name())) {
                throw new IllegalArgumentException("tier " + e.getValue().name() + " filed as " + e.getKey());
            }
        }
        for (TierPolicy p : policies.values()) {
            Tier target = tiers.get(p.demoteTo());
            if (!(target instanceof S3Tier) && !(target instanceof EmbeddedS3Tier)) {
                throw GatewayException.invalid("config key tiers-policy."
                        + p.project().value() + ".demote-to names "
                        + (target == null ? "no configured tier" : "a " + target.kind() + " tier") + " '"
                        + p.demoteTo() + "': it must name an s3 tier under tiers (configured: " + tiers.keySet() + ")");
            }
        }
        if (sweepInterval == null || sweepInterval.isNegative() || sweepInterval.isZero()) {
            throw GatewayException.invalid("config key tiers-sweep-interval-s must be at least 1");
        }
        if (planRateMbPerSecond <= 0) {
            throw GatewayException.invalid(
                    "config key tiers-plan.rate-mb-per-s must be at least 1, is " + planRateMbPerSecond);
        }
        if (planPricePerGb == null || planPricePerGb.signum() < 0) {
            throw GatewayException.invalid("config key tiers-plan.price-per-gb must be 0 or more");
        }
        if (planCurrency == null || planCurrency.isBlank()) {
            planCurrency = DEFAULT_CURRENCY;
        }
    }

    /** No tiers, no policies: originals stay where ingest put them. */
    public static TiersConfig none() {
        return new TiersConfig(
                Map.of(), Map.of(), DEFAULT_SWEEP, DEFAULT_RATE_MB_PER_S, DEFAULT_PRICE_PER_GB, DEFAULT_CURRENCY);
    }

    public boolean isEmpty() {
        return tiers.isEmpty();
    }

    public Optional<TierPolicy> policy(ProjectId project) {
        return Optional.ofNullable(policies.get(project));
    }

    public Optional<Tier> tier(String name) {
        return Optional.ofNullable(tiers.get(name));
    }

    /** The object tier {@code name}; INVALID_ARGUMENT naming the configured ones when it is not one. */
    public S3Tier objectTier(String name) {
        if (tiers.get(name) instanceof S3Tier s3) {
            return s3;
        }
        throw GatewayException.invalid("no s3 tier named '" + name + "' is configured (tiers: " + tiers.keySet() + ")");
    }

    public List<S3Tier> objectTiers() {
        return tiers.values().stream()
                .filter(S3Tier.class::isInstance)
                .map(S3Tier.class::cast)
                .toList();
    }

    /** The tiers the node serves itself (replaced by the S3 tiers that reach them once started). */
    public List<EmbeddedS3Tier> embeddedTiers() {
        return tiers.values().stream()
                .filter(EmbeddedS3Tier.class::isInstance)
                .map(EmbeddedS3Tier.class::cast)
                .toList();
    }

    /** The POSIX tier whose folder holds {@code file}, if one does. */
    public Optional<PosixTier> posixTierOf(java.nio.file.Path file) {
        return tiers.values().stream()
                .filter(PosixTier.class::isInstance)
                .map(PosixTier.class::cast)
                .filter(t -> t.holds(file))
                .findFirst();
    }

    /** The same configuration with {@code tier} added (or replacing the one of its name). */
    public TiersConfig withTier(Tier tier) {
        Map<String, Tier> next = new LinkedHashMap<>(tiers);
        next.put(tier.name(), tier);
        return new TiersConfig(next, policies, sweepInterval, planRateMbPerSecond, planPricePerGb, planCurrency);
    }

    /** The same configuration with {@code policy} for its project. */
    public TiersConfig withPolicy(TierPolicy policy) {
        Map<ProjectId, TierPolicy> next = new LinkedHashMap<>(policies);
        next.put(policy.project(), policy);
        return new TiersConfig(tiers, next, sweepInterval, planRateMbPerSecond, planPricePerGb, planCurrency);
    }

    /** The same configuration sweeping every {@code interval}. */
    public TiersConfig withSweepInterval(Duration interval) {
        return new TiersConfig(tiers, policies, interval, planRateMbPerSecond, planPricePerGb, planCurrency);
    }
}
