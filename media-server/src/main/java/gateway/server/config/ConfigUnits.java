package gateway.server.config;

import gateway.model.error.GatewayException;
import io.helidon.config.Config;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keys carry their unit ({@code ingest.lease-s}); this refuses, naming the key, what would
 * otherwise be read silently wrong or not at all: a known key written with another unit
 * ({@code ingest.lease-ms: 30000}, which the loader would ignore, leaving the default), and a unit
 * written into the value of a key that has one ({@code ingest.lease-s: 30s}).
 */
final class ConfigUnits {
    /** A unit at the end of a key, and what it means. */
    private static final Pattern UNIT = Pattern.compile("-(mb-per-s|per-s|per-min|ms|s|min|h|d|mb|kb|gb|bytes)$");

    private static final Map<String, String> UNIT_NAMES = Map.ofEntries(
            Map.entry("mb-per-s", "MB per second"),
            Map.entry("per-s", "per second"),
            Map.entry("per-min", "per minute"),
            Map.entry("ms", "milliseconds"),
            Map.entry("s", "seconds"),
            Map.entry("min", "minutes"),
            Map.entry("h", "hours"),
            Map.entry("d", "days"),
            Map.entry("mb", "megabytes"),
            Map.entry("kb", "kilobytes"),
            Map.entry("gb", "gigabytes"),
            Map.entry("bytes", "bytes"));

    /** Every key the node reads that carries a unit. */
    static final List<String> KEYS_WITH_UNITS = List.of(
            "server.rate-limit.calls-per-s",
            "cluster.max-clock-skew-s",
            "ingest.job-timeout-min-s",
            "ingest.job-timeout-per-media-s",
            "ingest.lease-s",
            "ingest.poll-ms",
            "ingest.intake-mb-per-s",
            "jobs.finished-ttl-s",
            "catalog.reconcile-interval-s",
            "tiers-sweep-interval-s",
            "tiers-plan.rate-mb-per-s",
            "auth.login-attempts-per-min",
            "auth.refresh-token-ttl-h",
            "auth.key-rotation-interval-h",
            "auth.revocation-check-interval-s",
            "auth.access-token-ttl-s");

    private ConfigUnits() {}

    static void check(Config root) {
        root.traverse().filter(Config::isLeaf).forEach(node -> {
            String key = node.key().toString();
            if (KEYS_WITH_UNITS.contains(key)) {
                requireNumber(key, node);
            } else {
                otherUnitOf(key).ifPresent(known -> {
                    throw GatewayException.invalid("config key " + key + " has the wrong unit: the node reads " + known
                            + " (" + unitName(known) + "); rename it and give the value in that unit");
                });
            }
        });
    }

    private static void requireNumber(String key, Config node) {
        String value = node.asString().orElse("").trim();
        if (!value.matches("-?\\d+")) {
            throw GatewayException.invalid("config key " + key + " is a whole number of " + unitName(key)
                    + " (the unit is in the key), not '" + value + "'");
        }
    }

    /** The known key that {@code key} names with another unit, if any. */
    private static Optional<String> otherUnitOf(String key) {
        Optional<String> stem = stem(key);
        if (stem.isEmpty()) {
            return Optional.empty();
        }
        return KEYS_WITH_UNITS.stream().filter(k -> stem(k).equals(stem)).findFirst();
    }

    private static Optional<String> stem(String key) {
        Matcher m = UNIT.matcher(key);
        return m.find() ? Optional.of(key.substring(0, m.start())) : Optional.empty();
    }

    private static String unitName(String key) {
        Matcher m = UNIT.matcher(key);
        return m.find() ? UNIT_NAMES.get(m.group(1)) : "units";
    }
}
