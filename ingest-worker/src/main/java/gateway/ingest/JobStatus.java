package gateway.ingest;

import gateway.ingest.jobs.Job;

/**
 * Where one ingest job stands, as callers (gRPC WatchJobs, the CLI, the demo) see it: a view of
 * the job map's {@link Job}. {@code warnings} is newline-separated; {@code errorReason} is a
 * {@code Reason} name, set once the job was quarantined (and, while a job that failed once waits
 * for its second try, the first failure's). {@code phase} is the running job's step ({@code
 * COPYING}, {@code HASHING}, {@code PROXYING}; empty when not running) and {@code percent} is of the
 * whole job. {@code worker} names the claimer that runs or ran it ({@code node-<pid>@<host>-<slot>},
 * {@code worker-...} for a {@code gateway worker}); empty before the first claim. {@code framesDone}
 * of {@code framesTotal}: while RUNNING, the pictures decoded so far and the original's count (0:
 * not known, or not decoding pictures now); 0 once the job stopped running.
 */
public record JobStatus(
        String jobId,
        String project,
        String path,
        String state,
        int percent,
        String assetId,
        String errorReason,
        String errorMessage,
        String warnings,
        long updatedAtMillis,
        String phase,
        String worker,
        long framesDone,
        long framesTotal) {

    public static final String QUEUED = Job.QUEUED;
    public static final String RUNNING = Job.RUNNING;
    public static final String DONE = Job.DONE;
    /** Failed twice on the same input (or lost its worker too often): never tried again. */
    public static final String QUARANTINED = Job.QUARANTINED;
    /** Not produced by the job queue, which quarantines instead; kept for callers that compare against it. */
    public static final String FAILED = "FAILED";

    public static final String COPYING = Job.COPYING;
    public static final String HASHING = Job.HASHING;
    public static final String PROXYING = Job.PROXYING;

    public static JobStatus of(Job job) {
        return new JobStatus(
                job.jobId(),
                job.spec().project(),
                job.spec().originalPath(),
                job.state(),
                job.percent(),
                job.spec().assetId(),
                job.state().equals(Job.DONE) ? "" : job.errorReason(),
                job.state().equals(Job.DONE) ? "" : job.errorMessage(),
                job.warnings(),
                job.updatedAtMillis(),
                job.state().equals(Job.RUNNING) ? job.phase() : "",
                job.workerId(),
                job.state().equals(Job.RUNNING) ? job.framesDone() : 0,
                job.state().equals(Job.RUNNING) ? job.framesTotal() : 0);
    }

    /** This status with each of {@code more} that it lacks added to its warnings. */
    public JobStatus withWarnings(java.util.List<String> more) {
        java.util.List<String> lines = new java.util.ArrayList<>(
                warnings.isEmpty() ? java.util.List.of() : java.util.List.of(warnings.split("\n")));
        more.stream().filter(w -> !lines.contains(w)).forEach(lines::add);
        return new JobStatus(
                jobId,
                project,
                path,
                state,
                percent,
                assetId,
                errorReason,
                errorMessage,
                String.join("\n", lines),
                updatedAtMillis,
                phase,
                worker,
                framesDone,
                framesTotal);
    }

    public boolean isFinished() {
        return state.equals(DONE) || state.equals(QUARANTINED) || state.equals(FAILED);
    }
}
