package gateway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.OriginalLocation;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.server.config.GatewayConfig;
import gateway.tiers.EmbeddedS3Tier;
import gateway.tiers.Promotion;
import gateway.tiers.S3Tier;
import gateway.tiers.TierMeter;
import gateway.tiers.TierPlan;
import gateway.tiers.Tiers;
import gateway.tiers.TiersConfig;
import gateway.tiers.embedded.EmbeddedS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./gateway tier plan|promote|status --project P}: what bringing a project's originals back from
 * its storage tiers would move (bytes, time, cost, per tier), bringing them back ({@link Promotion}),
 * and where each original is now. Reads the
 * store's manifests in-process; the tiers, rate and price come from the node's config file.
 */
@Command(
        name = "tier",
        description = {
            "Storage tiers: plans and where originals are.",
            "",
            "plan prints, per tier, the bytes that bringing the whole project back would move,",
            "the time at tiers-plan.rate-mb-per-s and the cost at tiers-plan.price-per-gb;",
            "promote brings the project's released originals back whole to their NAS paths (verified,",
            "resumable: run it again after a failure);",
            "status lists each original's locations and their states."
        },
        subcommands = {TierCommand.Plan.class, TierCommand.Promote.class, TierCommand.Status.class})
final class TierCommand extends CliCommand {
    @Spec
    CommandSpec spec;

    @Override
    int run() {
        throw new ParameterException(spec.commandLine(), "give plan or status (see ./gateway tier --help)");
    }

    /** {@code --project P --store DIR --config FILE}. */
    abstract static class OnProject extends CliCommand {
        @Option(names = "--project", paramLabel = "P", required = true, description = "the project")
        String project;

        @Option(
                names = "--store",
                paramLabel = "DIR",
                description = "the store (default: store.dir of FILE, else ./data)")
        Path store;

        @Option(
                names = "--config",
                paramLabel = "FILE",
                description = "the node's config file (tiers, tiers-plan); default: built-in defaults")
        Path config;

        @Option(names = "--json", description = "JSON instead of a table")
        boolean json;

        GatewayConfig gatewayConfig() {
            GatewayConfig c = config == null ? GatewayConfig.defaults() : GatewayConfig.load(config);
            return store == null ? c : c.withStore(store);
        }

        /**
         * The config's tiers; for a store the demo made, read without its config (no {@code --config}
         * and no tiers), the demo's: its embedded object tier, so the plan names the tier's kind.
         */
        TiersConfig tiersOf(GatewayConfig c) {
            TiersConfig tiers = c.tiers();
            if (tiers.isEmpty()
                    && config == null
                    && Files.isDirectory(c.store().dir().resolve("object-store"))) {
                return DemoSetup.demoTiers();
            }
            return tiers;
        }

        List<Manifest> manifests(GatewayConfig c) {
            Path dir = c.store().dir();
            if (!Files.isDirectory(dir)) {
                throw GatewayException.notFound(
                        "no store at " + dir + " (run ./gateway demo first, or give --store DIR)");
            }
            ProjectId p = new ProjectId(project);
            return new ManifestStore(dir).list(p, e -> err.println("skipping: " + e.getMessage()));
        }
    }

    @Command(name = "plan", description = "bytes, time and cost of bringing project P's originals back, per tier")
    static final class Plan extends OnProject {
        @Override
        int run() {
            GatewayConfig c = gatewayConfig();
            TiersConfig tiers = tiersOf(c);
            TierPlan plan = TierPlan.wholeProject(new ProjectId(project), manifests(c), tiers);
            if (json) {
                out.println(toJson(plan));
                return 0;
            }
            out.println("project " + project + ": bring the whole project back (" + plan.originals() + " original(s))");
            out.printf(
                    Locale.ROOT,
                    "%-14s %-12s %9s %12s %12s %14s%n",
                    "tier",
                    "kind",
                    "originals",
                    "to move",
                    "time",
                    "cost");
            for (TierPlan.Row r : plan.rows()) {
                out.printf(
                        Locale.ROOT,
                        "%-14s %-12s %9d %12s %12s %14s%n",
                        r.tier(),
                        r.kind(),
                        r.originals(),
                        r.moves() ? bytes(r.bytes()) : (r.tier().equals(TierPlan.MISSING) ? "-" : "in place"),
                        r.moves() ? duration(r.time()) : "-",
                        r.moves() ? r.cost().toPlainString() + " " + plan.currency() : "-");
            }
            out.printf(
                    Locale.ROOT,
                    "total: %s in %s at %d MB/s, %s %s at %s %s per GB%n",
                    bytes(plan.bytesToMove()),
                    duration(plan.time()),
                    plan.rateMbPerSecond(),
                    plan.cost().toPlainString(),
                    plan.currency(),
                    plan.pricePerGb().toPlainString(),
                    plan.currency());
            return 0;
        }

        private static String toJson(TierPlan plan) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode()
                    .put("project", plan.project().value())
                    .put("originals", plan.originals())
                    .put("bytes_to_move", plan.bytesToMove())
                    .put("time_s", plan.time().toSeconds())
                    .put("cost", plan.cost().toPlainString())
                    .put("currency", plan.currency())
                    .put("rate_mb_per_s", plan.rateMbPerSecond())
                    .put("price_per_gb", plan.pricePerGb().toPlainString());
            ArrayNode rows = root.putArray("tiers");
            for (TierPlan.Row r : plan.rows()) {
                rows.addObject()
                        .put("tier", r.tier())
                        .put("kind", r.kind())
                        .put("moves", r.moves())
                        .put("originals", r.originals())
                        .put("bytes_to_move", r.bytes())
                        .put("bytes_held", r.heldBytes())
                        .put("time_s", r.time().toSeconds())
                        .put("cost", r.cost().toPlainString());
            }
            return PrettyJson.of(root);
        }
    }

    @Command(
            name = "promote",
            description = {
                "bring project P's released originals back whole from the object tier to their NAS paths:",
                "each verified against its xxh64 and MD5 before it appears; a run cut short resumes"
            })
    static final class Promote extends OnProject {
        @Override
        int run() {
            GatewayConfig c = gatewayConfig();
            Path dir = c.store().dir();
            if (!Files.isDirectory(dir)) {
                throw GatewayException.notFound(
                        "no store at " + dir + " (run ./gateway demo first, or give --store DIR)");
            }
            TiersConfig tiersConfig = tiersOf(c);
            if (tiersConfig.objectTiers().isEmpty()
                    && tiersConfig.embeddedTiers().isEmpty()) {
                throw GatewayException.invalid("tier promote: no object tier is configured; give the node's config"
                        + " file with --config FILE (its tiers section)");
            }
            EmbeddedS3 embedded = null;
            try {
                for (EmbeddedS3Tier e : tiersConfig.embeddedTiers()) {
                    // The node's embedded object store, read where the node keeps it (its data folder).
                    embedded = EmbeddedS3.start(dir.resolve("object-store"));
                    tiersConfig = tiersConfig.withTier(embedded.tier(e.name(), e.bucket(), "", S3Tier.MIN_PART_BYTES));
                }
                try (Tiers tiers = new Tiers(tiersConfig, TierMeter.NONE)) {
                    return promote(new Promotion(tiers, new ManifestStore(dir), Clock.systemUTC()));
                }
            } finally {
                if (embedded != null) {
                    embedded.close();
                }
            }
        }

        private int promote(Promotion promotion) {
            ProjectId p = new ProjectId(project);
            List<Manifest> todo = promotion.pending(p, e -> err.println("skipping: " + e.getMessage()));
            if (todo.isEmpty()) {
                out.println("project " + project + ": no original is released with its object verified on a configured"
                        + " tier; nothing to promote");
                return 0;
            }
            out.println("project " + project + ": promoting " + todo.size() + " original(s)");
            int failed = 0;
            for (Manifest m : todo) {
                long[] shown = {-1};
                try {
                    Manifest back = promotion.run(p, m.assetId(), (done, total) -> {
                        long pct = total <= 0 ? 100 : done * 100 / total;
                        if (pct / 25 != shown[0]) {
                            shown[0] = pct / 25;
                            out.printf(Locale.ROOT, "  %-40s %3d %% of %s%n", m.name(), pct, bytes(total));
                        }
                    });
                    out.println("  " + m.name() + " -> " + back.originalPath() + " (verified)");
                } catch (GatewayException e) {
                    failed++;
                    err.println(
                            "gateway: promotion of " + m.name() + " failed (" + e.reason() + "): " + e.getMessage());
                }
            }
            if (failed > 0) {
                err.println("gateway: " + failed + " of " + todo.size()
                        + " promotion(s) failed; run the same command again to resume them");
                return 1;
            }
            return 0;
        }
    }

    @Command(name = "status", description = "each original of project P: its locations and their states")
    static final class Status extends OnProject {
        @Override
        int run() {
            List<Manifest> manifests = manifests(gatewayConfig());
            if (json) {
                ObjectMapper mapper = new ObjectMapper();
                ArrayNode all = mapper.createArrayNode();
                for (Manifest m : manifests) {
                    ObjectNode o = all.addObject()
                            .put("asset_id", m.assetId().value())
                            .put("name", m.name())
                            .put("original_path", m.originalPath());
                    ArrayNode locs = o.putArray("locations");
                    for (OriginalLocation l : m.locations()) {
                        locs.addObject()
                                .put("tier", l.tier())
                                .put("address", l.address())
                                .put("state", l.state().label())
                                .put("since", l.since().toString());
                    }
                }
                out.println(PrettyJson.of(all));
                return 0;
            }
            if (manifests.isEmpty()) {
                out.println("project " + project + " has no assets in this store");
                return 0;
            }
            for (Manifest m : manifests) {
                out.println(m.name() + "  (" + m.assetId().value() + ")");
                if (m.locations().isEmpty()) {
                    out.println("  " + m.originalPath() + "  (no tier recorded: where ingest found it)");
                }
                for (OriginalLocation l : m.locations()) {
                    out.printf(
                            Locale.ROOT,
                            "  %-10s %-9s %s  since %s%n",
                            l.tier(),
                            l.state().label(),
                            l.address(),
                            l.since().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
                }
            }
            return 0;
        }
    }

    static String bytes(long n) {
        if (n < 1000) {
            return n + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB"};
        double v = n;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    static String duration(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }
}
