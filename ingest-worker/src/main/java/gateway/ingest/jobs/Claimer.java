package gateway.ingest.jobs;

import gateway.ingest.config.IngestConfig;
import gateway.ingest.offload.CardOffload;
import gateway.ingest.process.WorkerProcess;
import gateway.model.asset.ManifestStore;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Takes one claimable job at a time (queued first, then those whose lease lapsed, oldest first)
 * with a {@link JobCommand.Claim} that runs where the entry lives, so two claimers never both
 * win, and runs it as a {@link JobRun}.
 */
final class Claimer {
    private final JobBoard board;
    private final ManifestStore store;
    private final WorkerProcess child;
    private final IngestConfig config;
    private final String workerId;
    private final BooleanSupplier stopping;
    private final Consumer<JobRun> running;

    Claimer(
            JobBoard board,
            ManifestStore store,
            WorkerProcess child,
            IngestConfig config,
            String workerId,
            BooleanSupplier stopping,
            Consumer<JobRun> running) {
        this.board = board;
        this.store = store;
        this.child = child;
        this.config = config;
        this.workerId = workerId;
        this.stopping = stopping;
        this.running = running;
    }

    /** Claims and runs one job; false when there was nothing to claim. */
    boolean runOne() {
        long now = System.currentTimeMillis();
        List<Job> candidates = board.open().stream()
                .filter(j -> j.claimableAt(now))
                .sorted(Comparator.comparing((Job j) -> j.state().equals(Job.RUNNING))
                        .thenComparingLong(Job::updatedAtMillis))
                .toList();
        for (Job candidate : candidates) {
            if (stopping.getAsBoolean()) {
                return false;
            }
            String token = UUID.randomUUID().toString();
            Optional<Job> after = board.apply(
                    candidate.jobId(),
                    new JobCommand.Claim(workerId, token, config.jobLease().toMillis()));
            if (after.isEmpty()) {
                continue;
            }
            Job claimed = after.get();
            if (claimed.heldBy(token)) {
                JobRun run = new JobRun(board, store, child, config, claimed, token, stopping);
                running.accept(run);
                run.run();
                return true;
            }
            if (claimed.state().equals(Job.QUARANTINED) && claimed.lapses() >= Job.MAX_LAPSES) {
                quarantinedForLapses(claimed);
            }
        }
        return false;
    }

    private void quarantinedForLapses(Job job) {
        var assetDir = store.assetDir(job.spec().projectId(), job.spec().asset());
        JobIntent.quarantined(assetDir, job.spec(), job.errorReason(), job.errorMessage());
        JobRun.sweepStaging(assetDir);
        // A run killed in its copy phase leaves a partial copy beside the original's place.
        CardOffload.sweepTemps(java.nio.file.Path.of(job.spec().originalPath()));
    }
}
