package gateway.server.tiers;

import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.OriginalLocation;
import gateway.model.asset.ProjectId;
import gateway.model.asset.UsageStore;
import gateway.model.error.GatewayException;
import gateway.server.auth.AuditLog;
import gateway.server.auth.CallInfo;
import gateway.server.metrics.Metrics;
import gateway.tiers.Demotion;
import gateway.tiers.DemotionEvents;
import gateway.tiers.EmbeddedS3Tier;
import gateway.tiers.Promotion;
import gateway.tiers.S3Tier;
import gateway.tiers.Tiers;
import gateway.tiers.TiersConfig;
import gateway.tiers.embedded.EmbeddedS3;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The node's demotion jobs. After ingest commits an asset of a project with a tier policy, and on a
 * sweep of every such project every {@code tiers-sweep-interval-s}, each original with a step to go
 * is queued and run, one at a time, on this desk's own thread: uploaded, verified, its NAS copy
 * released when due ({@link Demotion}). Each job's progress is kept ({@link #jobs()}), every demotion,
 * release and abandoned upload is appended to the audit log, and {@code /metrics} carries the bytes
 * per tier and project, the demotions and releases, and the backlog per project.
 *
 * <p>A run that fails for a reason a retry can fix (the store unreachable) is retried on the next
 * sweep, resuming its upload; after {@link #MAX_ATTEMPTS} failures, or one that a retry cannot fix
 * (a tampered object, refused credentials), its upload is aborted and the job is failed until the
 * node restarts. The NAS copy stays in every failure.
 */
public final class TierDesk implements AutoCloseable {
    static final int MAX_ATTEMPTS = 5;
    private static final System.Logger LOG = System.getLogger(TierDesk.class.getName());
    private static final String SUBJECT = "gateway-tiers";

    /** Told of every manifest a demotion commits (the node's index and change feed). */
    private final Consumer<Manifest> recorded;

    private final Tiers tiers;
    private final ManifestStore store;
    private final Demotion demotion;
    private final AuditLog audit;
    private final Clock clock;
    private final Optional<EmbeddedS3> embedded;
    private final ScheduledExecutorService worker;
    private final Map<String, DemotionJob> jobs = new ConcurrentHashMap<>();
    private final Map<ProjectId, AtomicLong> backlog = new ConcurrentHashMap<>();
    private final Metrics metrics;
    private final List<Consumer<DemotionJob>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Promotion promotion;
    private final Map<String, PromotionJob> promotions = new ConcurrentHashMap<>();
    private final List<Consumer<PromotionJob>> promotionListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private TierDesk(
            Tiers tiers,
            ManifestStore store,
            UsageStore usage,
            Metrics metrics,
            AuditLog audit,
            Clock clock,
            Optional<EmbeddedS3> embedded,
            Consumer<Manifest> recorded) {
        this.recorded = recorded;
        this.tiers = tiers;
        this.store = store;
        this.demotion = new Demotion(tiers, store, usage, clock);
        this.promotion = new Promotion(tiers, store, clock);
        this.metrics = metrics;
        this.audit = audit;
        this.clock = clock;
        this.embedded = embedded;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gateway-tiers");
            t.setDaemon(true);
            return t;
        });
        for (ProjectId p : tiers.config().policies().keySet()) {
            AtomicLong n = backlog.computeIfAbsent(p, k -> new AtomicLong());
            metrics.gauge(
                    "gateway_tier_demotion_backlog",
                    "Originals of a project with a demotion step to go (upload, read back or NAS release)",
                    "project",
                    p.value(),
                    n::get);
        }
    }

    /**
     * The desk for {@code config}, or empty when no tier is configured. Starts the embedded S3 server of
     * an {@code embedded-s3} tier (data under {@code storeDir/object-store/<tier>}), reads each object
     * tier's credentials (a refusal stops the node, naming the key) and checks its bucket (a store that
     * cannot be reached is logged; demotions wait for it).
     */
    public static Optional<TierDesk> start(
            TiersConfig config,
            Path storeDir,
            ManifestStore store,
            UsageStore usage,
            Metrics metrics,
            AuditLog audit,
            Clock clock,
            Consumer<String> log,
            Consumer<Manifest> recorded) {
        if (config.isEmpty()) {
            return Optional.empty();
        }
        TiersConfig resolved = config;
        Optional<EmbeddedS3> embedded = Optional.empty();
        for (EmbeddedS3Tier e : config.embeddedTiers()) {
            if (embedded.isPresent()) {
                throw GatewayException.invalid("config key tiers." + e.name() + ": one embedded-s3 tier per node ("
                        + resolved.embeddedTiers() + ")");
            }
            EmbeddedS3 s3 = EmbeddedS3.start(storeDir.resolve("object-store"));
            s3.createBucket(e.bucket());
            embedded = Optional.of(s3);
            resolved = resolved.withTier(s3.tier(e.name(), e.bucket(), "", S3Tier.MIN_PART_BYTES));
            log.accept("tier \"" + e.name() + "\": embedded S3 server on " + s3.endpoint() + " (loopback only), bucket "
                    + e.bucket() + ", data in " + s3.dataDir());
        }
        Tiers tiers = new Tiers(resolved, new TierMeters(metrics));
        try {
            for (S3Tier t : resolved.objectTiers()) {
                var client = tiers.store(t.name());
                try {
                    client.checkBucket();
                    log.accept(t + ": bucket reachable");
                } catch (GatewayException ex) {
                    if (ex.reason() != gateway.model.error.Reason.UNAVAILABLE) {
                        throw ex;
                    }
                    log.accept(ex.getMessage() + "; demotions wait for it");
                }
            }
        } catch (RuntimeException ex) {
            tiers.close();
            embedded.ifPresent(EmbeddedS3::close);
            throw ex;
        }
        resolved.policies()
                .values()
                .forEach(p -> log.accept("project " + p.project() + ": originals demoted to tier \"" + p.demoteTo()
                        + "\", NAS copy released "
                        + (p.releases() ? "after " + p.releaseAfterDays() + " day(s) without use" : "never")));
        TierDesk desk = new TierDesk(tiers, store, usage, metrics, audit, clock, embedded, recorded);
        long every = resolved.sweepInterval().toMillis();
        desk.worker.scheduleWithFixedDelay(desk::sweep, 0, every, TimeUnit.MILLISECONDS);
        return Optional.of(desk);
    }

    public Tiers tiers() {
        return tiers;
    }

    /** The embedded S3 server this node runs, if any (the demo's object tier). */
    public Optional<EmbeddedS3> embeddedS3() {
        return embedded;
    }

    /** Called when ingest committed {@code m}: queues its demotion if its project's policy asks for one. */
    public void committed(Manifest m) {
        // The newest version decides: ingest may announce a commit again after a demotion moved on.
        try {
            store.read(m.project(), m.assetId()).filter(demotion::pending).ifPresent(this::enqueue);
        } catch (GatewayException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "cannot read asset " + m.assetId() + " to demote it: " + e.getMessage());
        }
    }

    /** Every demotion job this node knows of, by project and name. */
    public List<DemotionJob> jobs() {
        List<DemotionJob> all = new ArrayList<>(jobs.values());
        all.sort(Comparator.comparing((DemotionJob j) -> j.project().value()).thenComparing(DemotionJob::name));
        return all;
    }

    /**
     * Queues the promotion of every original of {@code project} whose NAS copy was released (its
     * object brought back whole to its path, verified; see {@link Promotion}); returns the jobs
     * queued. A job that failed (the store went away) is queued again and resumes from the bytes its
     * earlier run kept; one queued or running is left as it is.
     */
    public List<PromotionJob> promote(ProjectId project) {
        List<PromotionJob> queued = new ArrayList<>();
        for (Manifest m : promotion.pending(project, e -> LOG.log(System.Logger.Level.WARNING, e.getMessage()))) {
            String key = key(m.project(), m.assetId());
            PromotionJob before = promotions.get(key);
            if (before != null && !before.finished()) {
                queued.add(before);
                continue;
            }
            PromotionJob job = new PromotionJob(
                    m.project(), m.assetId(), m.name(), PromotionJob.QUEUED, 0, 0, "", clock.instant());
            promotions.put(key, job);
            queued.add(job);
            promoted(key);
            worker.execute(() -> runPromotion(m.project(), m.assetId()));
        }
        return queued;
    }

    /** Every promotion job this node knows of, by project and name. */
    public List<PromotionJob> promotions() {
        List<PromotionJob> all = new ArrayList<>(promotions.values());
        all.sort(Comparator.comparing((PromotionJob j) -> j.project().value()).thenComparing(PromotionJob::name));
        return all;
    }

    /** Tells {@code listener} every change of every promotion job from now on; on the desk's thread. */
    public void watchPromotions(Consumer<PromotionJob> listener) {
        promotionListeners.add(listener);
    }

    private void promoted(String key) {
        PromotionJob j = promotions.get(key);
        if (j == null) {
            return;
        }
        for (Consumer<PromotionJob> l : promotionListeners) {
            try {
                l.accept(j);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a promotion job listener failed: " + e.getMessage(), e);
            }
        }
    }

    private void runPromotion(ProjectId project, AssetId asset) {
        String key = key(project, asset);
        promotions.computeIfPresent(key, (k, j) -> j.with(PromotionJob.RUNNING, clock.instant()));
        promoted(key);
        long[] lastPercent = {-1};
        try {
            Manifest m = promotion.run(project, asset, (done, total) -> {
                long pct = total <= 0 ? 100 : done * 100 / total;
                if (pct != lastPercent[0]) {
                    lastPercent[0] = pct;
                    promotions.computeIfPresent(key, (k, j) -> j.progress(done, total, clock.instant()));
                    promoted(key);
                }
            });
            recorded.accept(m);
            String tier = tiers.posixTierName(java.nio.file.Path.of(m.originalPath()));
            metrics.counter(
                            "gateway_tier_promotions_total",
                            "Originals brought back whole to their POSIX tier",
                            "tier",
                            tier)
                    .inc();
            audit.record(
                    SUBJECT,
                    "tier.promote",
                    project.value(),
                    asset.value(),
                    true,
                    m.name() + " -> " + m.location(tier).map(Object::toString).orElse(m.originalPath()),
                    CallInfo.NONE);
            promotions.computeIfPresent(key, (k, j) -> j.with(PromotionJob.DONE, clock.instant()));
        } catch (RuntimeException e) {
            String why = e instanceof GatewayException g ? g.reason() + ": " + g.getMessage() : "INTERNAL: " + e;
            LOG.log(
                    System.Logger.Level.WARNING,
                    "promotion of " + asset + " in project " + project + " failed: " + why);
            audit.record(SUBJECT, "tier.promote", project.value(), asset.value(), false, why, CallInfo.NONE);
            promotions.computeIfPresent(key, (k, j) -> j.failed(why, clock.instant()));
        }
        promoted(key);
    }

    /** Tells {@code listener} every change of every job (state, progress) from now on; on the desk's thread. */
    public void watch(Consumer<DemotionJob> listener) {
        listeners.add(listener);
    }

    private void changed(String key) {
        DemotionJob j = jobs.get(key);
        if (j == null) {
            return;
        }
        for (Consumer<DemotionJob> l : listeners) {
            try {
                l.accept(j);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a demotion job listener failed: " + e.getMessage(), e);
            }
        }
    }

    /** Queues a sweep now (tests and tools that do not want to wait for the interval). */
    public void sweepNow() {
        worker.execute(this::sweep);
    }

    private void sweep() {
        try {
            for (ProjectId project : tiers.config().policies().keySet()) {
                long pending = 0;
                for (Manifest m : store.list(project, e -> LOG.log(System.Logger.Level.WARNING, e.getMessage()))) {
                    if (demotion.pending(m)) {
                        pending++;
                        enqueue(m);
                    }
                }
                backlog.get(project).set(pending);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "tier sweep failed: " + e.getMessage(), e);
        }
    }

    private void enqueue(Manifest m) {
        String key = key(m.project(), m.assetId());
        DemotionJob before = jobs.get(key);
        if (before != null
                && (before.state().equals(DemotionJob.QUEUED)
                        || before.state().equals(DemotionJob.RUNNING)
                        || before.state().equals(DemotionJob.FAILED))) {
            return;
        }
        // A job queued again (a retry, a release whose days came) keeps what it did so far.
        jobs.put(
                key,
                before == null
                        ? new DemotionJob(
                                m.project(), m.assetId(), m.name(), DemotionJob.QUEUED, 0, 0, 0, "", clock.instant())
                        : before.with(DemotionJob.QUEUED, clock.instant()));
        changed(key);
        worker.execute(() -> run(m.project(), m.assetId()));
    }

    private void run(ProjectId project, AssetId asset) {
        String key = key(project, asset);
        jobs.computeIfPresent(key, (k, j) -> j.with(DemotionJob.RUNNING, clock.instant()));
        changed(key);
        try {
            Demotion.Outcome out = demotion.run(project, asset, events(key));
            jobs.computeIfPresent(key, (k, j) -> j.with(DemotionJob.DONE, clock.instant()));
            changed(key);
            LOG.log(System.Logger.Level.DEBUG, "demotion of " + out);
        } catch (GatewayException e) {
            failed(project, asset, key, e);
        } catch (RuntimeException e) {
            failed(
                    project,
                    asset,
                    key,
                    new GatewayException(
                            gateway.model.error.Reason.INTERNAL, "demotion of " + asset + " failed: " + e, e));
        }
    }

    private void failed(ProjectId project, AssetId asset, String key, GatewayException e) {
        DemotionJob j = jobs.get(key);
        int attempts = j == null ? 1 : j.attempts() + 1;
        boolean giveUp = !e.reason().sometimesRetriable() || attempts >= MAX_ATTEMPTS;
        LOG.log(
                System.Logger.Level.WARNING,
                "demotion of " + asset + " in project " + project + " failed (attempt " + attempts + "): "
                        + e.getMessage() + (giveUp ? "; giving up" : "; retried on the next sweep"));
        if (giveUp) {
            try {
                demotion.abandon(project, asset, e.getMessage(), events(key));
            } catch (GatewayException abort) {
                LOG.log(System.Logger.Level.WARNING, "cannot abort the upload of " + asset + ": " + abort.getMessage());
            }
        }
        // RETRY: the next sweep finds it pending and runs it again (resuming its upload), not a tight loop.
        jobs.computeIfPresent(
                key,
                (k, x) -> x.failed(giveUp ? DemotionJob.FAILED : DemotionJob.RETRY, e.getMessage(), clock.instant()));
        changed(key);
    }

    private DemotionEvents events(String key) {
        return new DemotionEvents() {
            @Override
            public void uploaded(Manifest m, long done, long total) {
                jobs.computeIfPresent(key, (k, j) -> j.progress(done, total, clock.instant()));
                changed(key);
            }

            @Override
            public void demoted(Manifest m, OriginalLocation object) {
                recorded.accept(m);
                metrics.counter(
                                "gateway_tier_demotions_total",
                                "Originals uploaded to an object tier and verified by reading them back",
                                "tier",
                                object.tier())
                        .inc();
                audit.record(
                        SUBJECT,
                        "tier.demote",
                        m.project().value(),
                        m.assetId().value(),
                        true,
                        m.name() + " -> " + object,
                        CallInfo.NONE);
            }

            @Override
            public void released(Manifest m, OriginalLocation released) {
                recorded.accept(m);
                metrics.counter(
                                "gateway_tier_releases_total",
                                "NAS copies released after their object was verified",
                                "tier",
                                released.tier())
                        .inc();
                audit.record(
                        SUBJECT,
                        "tier.release",
                        m.project().value(),
                        m.assetId().value(),
                        true,
                        m.name() + ": " + released,
                        CallInfo.NONE);
            }

            @Override
            public void abandoned(Manifest m, String tier, String address, String why) {
                audit.record(
                        SUBJECT,
                        "tier.abandon",
                        m.project().value(),
                        m.assetId().value(),
                        false,
                        m.name() + ": upload to tier \"" + tier + "\" " + address + " aborted: " + why,
                        CallInfo.NONE);
            }
        };
    }

    private static String key(ProjectId project, AssetId asset) {
        return project.value() + "/" + asset.value();
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tiers.close();
        embedded.ifPresent(EmbeddedS3::close);
    }
}
