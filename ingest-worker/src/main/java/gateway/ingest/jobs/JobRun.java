package gateway.ingest.jobs;

import gateway.ingest.config.IngestConfig;
import gateway.ingest.offload.CardOffload;
import gateway.ingest.offload.OriginalSource;
import gateway.ingest.offload.OriginalsIntake;
import gateway.ingest.process.WorkerProcess;
import gateway.ingest.task.ManifestLine;
import gateway.model.asset.DurableFiles;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.Rendition;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * One claimed run of a job. The child JVM writes every output into a staging folder private to
 * this run ({@code <asset>/.job-<lease token>/}); only a run that still holds the lease moves them
 * to their final names (atomic renames) and then, last, commits the manifest derived from the
 * job's base version, which {@link ManifestStore} refuses once another run committed. A run that
 * lost its lease, or whose process is stopping, commits nothing and leaves no files behind.
 */
final class JobRun {
    private static final System.Logger LOG = System.getLogger(JobRun.class.getName());

    private final JobBoard board;
    private final ManifestStore store;
    private final WorkerProcess child;
    private final IngestConfig config;
    private final Job job;
    private final String token;
    private final BooleanSupplier stopping;
    private final JobSpec spec;
    private final Path assetDir;
    private final Path staging;

    JobRun(
            JobBoard board,
            ManifestStore store,
            WorkerProcess child,
            IngestConfig config,
            Job job,
            String token,
            BooleanSupplier stopping) {
        this.board = board;
        this.store = store;
        this.child = child;
        this.config = config;
        this.job = job;
        this.token = token;
        this.stopping = stopping;
        this.spec = job.spec();
        this.assetDir = store.assetDir(spec.projectId(), spec.asset());
        this.staging = assetDir.resolve(JobSpec.STAGING_PREFIX + token);
    }

    /** The folder this run's child writes into; its path marks the child's command line. */
    Path staging() {
        return staging;
    }

    void run() {
        String marker = staging.toString();
        try (LeaseKeeper lease = new LeaseKeeper(
                board, job.jobId(), token, config.jobLease(), () -> WorkerProcess.killChildrenNaming(marker))) {
            try {
                Files.createDirectories(staging);
                Phases phases = Phases.of(OriginalSource.read(assetDir));
                intake(lease, phases);
                lease.progress(Job.PROXYING, phases.proxyingFrom());
                String json = child.run(
                        taskArgs(),
                        config.jobTimeout(spec.mediaSeconds()),
                        pct -> lease.progress(Job.PROXYING, phases.proxying(pct)),
                        lease::frames);
                if (!lease.lost() && !stopping.getAsBoolean()) {
                    commit(json, lease);
                } else {
                    giveUp(lease);
                }
            } catch (GatewayException e) {
                failed(lease, e.reason(), e.getMessage());
            } catch (IOException e) {
                failed(lease, Reason.IO, "cannot prepare " + staging + ": " + e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "job " + job.jobId() + " failed unexpectedly", e);
                failed(lease, Reason.INTERNAL, e.toString());
            }
        } finally {
            deleteTree(staging);
        }
    }

    /**
     * The copy and hashing phases, when the original's intake is still to be done (a new file; or
     * a run that died in them: the copy is redone from the start, its temp files swept first). The
     * checksums and the MHL generation land in the asset folder's {@code original-source.json}
     * before the proxying phase starts, so a run that dies later does not copy again.
     */
    private void intake(LeaseKeeper lease, Phases phases) {
        Map<String, String> planned = OriginalSource.read(assetDir);
        if (spec.baseVersion() > 0 || !OriginalsIntake.pending(planned)) {
            return;
        }
        OriginalsIntake intake = new OriginalsIntake(
                store.root().resolve("originals"),
                new CardOffload(CardOffload.BeforeVerify.NONE, config.intakeBytesPerSecond()),
                Clock.systemUTC());
        Map<String, String> done =
                intake.complete(spec.projectId(), Path.of(spec.originalPath()), planned, (phase, read, total) -> {
                    if (lease.lost() || stopping.getAsBoolean()) {
                        throw new GatewayException(
                                Reason.UNAVAILABLE,
                                "job " + job.jobId() + ": stopped "
                                        + phase.name().toLowerCase(java.util.Locale.ROOT)
                                        + " (the lease was lost or the process is stopping)");
                    }
                    lease.progress(phase.name(), phases.intake(phase, read, total));
                });
        OriginalSource.write(assetDir, done);
    }

    private List<String> taskArgs() {
        List<String> args = new ArrayList<>(List.of(
                "ingest",
                spec.project(),
                spec.assetId(),
                spec.originalPath(),
                staging.toString(),
                config.probeDefaultTimecodeRate().toString()));
        // The intake already hashed the original: the worker reuses that unless the file changed since.
        Map<String, String> intake = OriginalSource.read(assetDir);
        if (intake.containsKey(OriginalSource.META_INTAKE_XXH64)) {
            args.addAll(List.of(
                    intake.get(OriginalSource.META_INTAKE_XXH64),
                    intake.get(OriginalSource.META_INTAKE_MD5),
                    intake.get(OriginalSource.META_INTAKE_SIZE),
                    intake.get(OriginalSource.META_INTAKE_MTIME)));
        }
        return args;
    }

    private void commit(String json, LeaseKeeper lease) throws IOException {
        Manifest made = ManifestLine.decode(json, "worker result for " + spec.originalPath());
        if (!made.assetId().equals(spec.asset()) || !made.project().equals(spec.projectId())) {
            throw new GatewayException(
                    Reason.INTERNAL,
                    "worker made asset " + made.assetId() + " of " + made.project() + " for job " + job.jobId());
        }
        Optional<Manifest> current = store.read(spec.projectId(), spec.asset());
        long currentVersion = current.map(Manifest::version).orElse(0L);
        if (currentVersion != spec.baseVersion()) {
            superseded(currentVersion);
            return;
        }
        if (!leaseConfirmed(lease)) {
            return;
        }
        moveOutputs(made);
        Manifest committed;
        List<ProjectConflicts.Conflict> conflicts;
        try {
            Manifest next = merged(current, made);
            try (Stream<Manifest> project = store.stream(spec.projectId())) {
                conflicts = ProjectConflicts.find(next, project);
            }
            committed = store.commit(ProjectConflicts.withConflicts(next, conflicts));
        } catch (GatewayException e) {
            if (e.reason() != Reason.FAILED_PRECONDITION) {
                throw e;
            }
            superseded(store.read(spec.projectId(), spec.asset())
                    .map(Manifest::version)
                    .orElse(0L));
            return;
        }
        warnOthers(conflicts);
        // Tidy before the job turns DONE: whoever hears DONE finds the asset folder final.
        JobIntent.remove(assetDir);
        sweepStaging(assetDir);
        board.apply(
                job.jobId(),
                new JobCommand.Complete(
                        token,
                        committed.version(),
                        String.join("\n", committed.media().warnings())));
    }

    /**
     * Renews the lease before the commit: true when it is still this run's. A board that does not
     * answer (the member holding the job unreachable: a network partition) confirms nothing, so the
     * run commits nothing and leaves the lease to lapse, the job to be run again, without counting a
     * failure of the job (two such partitions would otherwise quarantine it).
     */
    private boolean leaseConfirmed(LeaseKeeper lease) {
        try {
            return lease.renewNow();
        } catch (GatewayException e) {
            if (e.reason() != Reason.UNAVAILABLE) {
                throw e;
            }
            LOG.log(
                    System.Logger.Level.WARNING,
                    "job " + job.jobId() + ": cannot confirm its lease before committing, so not committing; the"
                            + " lease will lapse and the job run again: " + e.getMessage());
            return false;
        }
    }

    /**
     * Adds each conflict's warning to the other asset's manifest (a new version of it), so both
     * carry it; the node re-indexes them with this asset ({@link ProjectConflicts#META_CONFLICTS}).
     * An asset that changed meanwhile keeps its newer version: its own next commit finds the conflict.
     */
    private void warnOthers(List<ProjectConflicts.Conflict> conflicts) {
        for (ProjectConflicts.Conflict c : conflicts) {
            try {
                store.read(c.other().project(), c.other().assetId())
                        .flatMap(m -> ProjectConflicts.warned(m, c.warningThere()))
                        .ifPresent(store::commit);
            } catch (GatewayException e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "cannot add the conflict warning to asset "
                                + c.other().assetId().value() + ": " + e.getMessage());
            }
        }
    }

    /** Another run committed first: this run's outputs are discarded, the job is done. */
    private void superseded(long version) {
        deleteTree(staging);
        board.apply(
                job.jobId(),
                new JobCommand.Complete(
                        token, version, "asset already committed at version " + version + " by another run"));
    }

    private void moveOutputs(Manifest made) throws IOException {
        for (Rendition r : made.renditions()) {
            Path from = staging.resolve(r.path()).normalize();
            Path to = assetDir.resolve(r.path()).normalize();
            if (!from.startsWith(staging) || !to.startsWith(assetDir)) {
                throw new GatewayException(
                        Reason.INTERNAL, "rendition path " + r.path() + " leaves the asset folder " + assetDir);
            }
            Files.createDirectories(to.getParent());
            DurableFiles.moveIntoPlace(from, to);
        }
    }

    /** The worker's manifest on top of the current one: its renditions replace those of the same profile. */
    private Manifest merged(Optional<Manifest> current, Manifest made) throws IOException {
        Path original = Path.of(spec.originalPath());
        Map<String, String> meta = new HashMap<>(current.map(Manifest::metadata).orElse(Map.of()));
        meta.putAll(made.metadata());
        // How the original got here (copy mode: its source; both modes: the ASC MHL generation).
        meta.putAll(OriginalSource.read(assetDir));
        meta.put(JobSpec.META_SIZE, Long.toString(Files.size(original)));
        meta.put(
                JobSpec.META_MTIME,
                Long.toString(Files.getLastModifiedTime(original).toMillis()));
        List<Rendition> renditions = new ArrayList<>();
        Set<String> remade = new HashSet<>();
        made.renditions().forEach(r -> remade.add(r.profile()));
        current.ifPresent(m -> m.renditions().stream()
                .filter(r -> !remade.contains(r.profile()))
                .forEach(renditions::add));
        renditions.addAll(made.renditions());
        return new Manifest(
                made.schemaVersion(),
                spec.baseVersion(),
                made.assetId(),
                made.project(),
                made.name(),
                made.originalPath(),
                made.media(),
                made.checksums(),
                renditions,
                meta,
                current.map(Manifest::ingestedAt).orElse(made.ingestedAt()),
                // A re-run keeps where the original lives (storage tiers) as the manifest said.
                current.map(Manifest::locations).orElse(made.locations()));
    }

    private void failed(LeaseKeeper lease, Reason reason, String message) {
        if (lease.lost() || stopping.getAsBoolean()) {
            giveUp(lease);
            return;
        }
        String name = Path.of(spec.originalPath()).getFileName().toString();
        String said = message.contains(name) ? message : name + ": " + message;
        if (job.failures() + 1 >= Job.MAX_FAILURES) {
            // This failure quarantines the job: make that durable and tidy first, so whoever hears
            // QUARANTINED finds the asset folder final, and a restart does not try it again.
            LOG.log(
                    System.Logger.Level.WARNING,
                    "job " + job.jobId() + " quarantined after " + (job.failures() + 1) + " failures: " + said);
            sweepStaging(assetDir);
            try {
                JobIntent.quarantined(assetDir, spec, reason.name(), said);
            } catch (GatewayException e) {
                // A full store (the usual cause) must not keep the failure off the board: the claimer
                // would die, the lease lapse, and the job be quarantined for "lost its worker" instead.
                LOG.log(
                        System.Logger.Level.WARNING,
                        "job " + job.jobId() + ": cannot record the quarantine in " + assetDir
                                + " (a restart may try it once more): " + e.getMessage());
            }
        } else {
            deleteTree(staging);
        }
        board.apply(job.jobId(), new JobCommand.Fail(token, reason.name(), said));
    }

    /** A run that lost its lease leaves the job alone; one that is stopping hands it back untried. */
    private void giveUp(LeaseKeeper lease) {
        if (!lease.lost()) {
            board.apply(job.jobId(), new JobCommand.Release(token));
        }
    }

    /** Removes every run's staging folder in {@code assetDir} (runs that crashed leave theirs). */
    static void sweepStaging(Path assetDir) {
        if (!Files.isDirectory(assetDir)) {
            return;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(assetDir, JobSpec.STAGING_PREFIX + "*")) {
            for (Path p : s) {
                deleteTree(p);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot sweep staging folders in " + assetDir, e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot remove " + dir, e);
        }
    }
}
