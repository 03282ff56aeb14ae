package gateway.server.config;

import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.tiers.CredentialSource;
import gateway.tiers.EmbeddedS3Tier;
import gateway.tiers.PosixTier;
import gateway.tiers.S3Tier;
import gateway.tiers.Tier;
import gateway.tiers.TierPolicy;
import gateway.tiers.TiersConfig;
import io.helidon.config.Config;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the storage tiers ({@code tiers.<name>}), the per-project policies ({@code tiers-policy.<project>})
 * and the plan's assumptions ({@code tiers-plan}) into a {@link TiersConfig}; every refusal names the
 * key. Credentials are never read from here: a tier names where they are ({@code credentials-env} or
 * {@code credentials-file}).
 */
final class TiersSection {
    private static final Set<String> POSIX_KEYS = Set.of("kind", "path");
    private static final Set<String> S3_KEYS = Set.of(
            "kind",
            "endpoint",
            "bucket",
            "prefix",
            "region",
            "path-style",
            "part-size-mb",
            "credentials-env",
            "credentials-file");
    private static final Set<String> EMBEDDED_KEYS = Set.of("kind", "bucket");
    private static final Set<String> POLICY_KEYS = Set.of("demote-to", "release-after-d");

    private TiersSection() {}

    static TiersConfig read(Config c) {
        Map<String, Tier> tiers = new LinkedHashMap<>();
        for (Config n : children(c.get("tiers"))) {
            Tier t = tier(n);
            tiers.put(t.name(), t);
        }
        Map<ProjectId, TierPolicy> policies = new LinkedHashMap<>();
        for (Config n : children(c.get("tiers-policy"))) {
            String key = "config key tiers-policy." + n.name();
            if (!ProjectId.isValid(n.name())) {
                throw GatewayException.invalid(key + ": '" + n.name() + "' is not a project id");
            }
            unknownKeys(n, POLICY_KEYS, key);
            String target = n.get("demote-to")
                    .asString()
                    .orElseThrow(() -> GatewayException.invalid(key + ".demote-to is missing"));
            int days = (int) whole(n.get("release-after-d"), key + ".release-after-d", TierPolicy.KEEP_FOREVER);
            ProjectId project = new ProjectId(n.name());
            policies.put(project, new TierPolicy(project, target, days));
        }
        TiersConfig d = TiersConfig.none();
        Config plan = c.get("tiers-plan");
        String price =
                plan.get("price-per-gb").asString().orElse(d.planPricePerGb().toPlainString());
        BigDecimal pricePerGb;
        try {
            pricePerGb = new BigDecimal(price.strip());
        } catch (NumberFormatException e) {
            throw GatewayException.invalid(
                    "config key tiers-plan.price-per-gb must be a decimal number (e.g. 0.09), not '" + price + "'");
        }
        return new TiersConfig(
                tiers,
                policies,
                Duration.ofSeconds(c.get("tiers-sweep-interval-s")
                        .asLong()
                        .orElse(d.sweepInterval().toSeconds())),
                plan.get("rate-mb-per-s").asLong().orElse(d.planRateMbPerSecond()),
                pricePerGb,
                plan.get("currency").asString().orElse(d.planCurrency()));
    }

    private static Tier tier(Config n) {
        String name = Tier.requireName(n.name());
        String key = "config key tiers." + name;
        String kind = n.get("kind")
                .asString()
                .orElseThrow(() -> GatewayException.invalid(key + ".kind is missing (posix, s3 or embedded-s3)"));
        return switch (kind) {
            case "posix" -> {
                unknownKeys(n, POSIX_KEYS, key);
                yield new PosixTier(
                        name,
                        Path.of(n.get("path")
                                .asString()
                                .orElseThrow(() -> GatewayException.invalid(key + ".path is missing"))));
            }
            case "embedded-s3" -> {
                unknownKeys(n, EMBEDDED_KEYS, key);
                yield new EmbeddedS3Tier(name, n.get("bucket").asString().orElse("originals"));
            }
            case "s3" -> {
                unknownKeys(n, S3_KEYS, key);
                yield new S3Tier(
                        name,
                        n.get("endpoint")
                                .asString()
                                .map(e -> uri(e, key + ".endpoint"))
                                .orElse(null),
                        n.get("bucket").asString().orElse(null),
                        n.get("prefix").asString().orElse(""),
                        n.get("region").asString().orElse(S3Tier.DEFAULT_REGION),
                        n.get("path-style").asBoolean().orElse(false),
                        whole(n.get("part-size-mb"), key + ".part-size-mb", S3Tier.DEFAULT_PART_BYTES >> 20) << 20,
                        credentials(n, name, key));
            }
            default ->
                throw GatewayException.invalid(key + ".kind must be posix, s3 or embedded-s3, not '" + kind + "'");
        };
    }

    private static CredentialSource credentials(Config n, String name, String key) {
        var env = n.get("credentials-env").asString().asOptional();
        var file = n.get("credentials-file").asString().asOptional();
        if (env.isPresent() == file.isPresent()) {
            throw GatewayException.invalid(
                    key + ": give exactly one of credentials-env (an environment variable "
                            + "prefix) and credentials-file (a file readable by the node only); secrets never go in the config");
        }
        return env.isPresent()
                ? CredentialSource.environment(name, env.get())
                : CredentialSource.file(name, Path.of(file.get()));
    }

    private static List<Config> children(Config section) {
        if (!section.exists()) {
            return List.of();
        }
        return section.asNodeList().orElse(List.of());
    }

    private static void unknownKeys(Config n, Set<String> known, String key) {
        for (Config child : children(n)) {
            if (!known.contains(child.name())) {
                throw GatewayException.invalid(key + "." + child.name() + " is not a key of this tier kind (known: "
                        + known.stream().sorted().toList() + ")");
            }
        }
    }

    private static long whole(Config n, String key, long fallback) {
        if (!n.exists()) {
            return fallback;
        }
        String value = n.asString().orElse("").strip();
        if (!value.matches("-?\\d+")) {
            throw GatewayException.invalid(key + " is a whole number (the unit is in the key), not '" + value + "'");
        }
        return Long.parseLong(value);
    }

    private static URI uri(String text, String key) {
        try {
            return new URI(text.strip());
        } catch (URISyntaxException e) {
            throw GatewayException.invalid(key + " is not a URL: '" + text + "'");
        }
    }
}
