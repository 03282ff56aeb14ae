package gateway.server.metrics;

import gateway.ingest.jobs.Job;
import gateway.ingest.jobs.JobBoard;
import gateway.model.error.Reason;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * The ingest jobs of the cluster's board at {@code /metrics}. Gauges are asked of the board at each
 * scrape: jobs queued and running, and the leases of running jobs, held (renewed in time) or lapsed
 * (the worker stopped renewing: the job is claimable again). Counters and histograms count the
 * changes this node has seen since it started; every node hears every change of the board, so these
 * are cluster-wide figures as one node saw them (take the max across nodes, not the sum): jobs done
 * and quarantined, failed attempts by reason, the frames of media committed, and how long a job
 * waited in the queue ({@code phase="wait"}: queued until claimed) and ran ({@code phase="run"}:
 * claimed until done or failed).
 */
public final class JobMeters implements AutoCloseable {
    static final String FAILURES = "gateway_ingest_failures_total";
    static final String PHASE = "gateway_ingest_phase_seconds";
    /** How long a scrape waits for the board before it shows the last counts (Prometheus times out at 10 s by default). */
    static final java.time.Duration READ_LIMIT = java.time.Duration.ofSeconds(2);

    private final Metrics metrics;
    private final Metrics.Counter done;
    private final Metrics.Counter quarantined;
    private final Metrics.Counter failures;
    private final Metrics.Counter frames;
    private final Metrics.Histogram waited;
    private final Metrics.Histogram ran;
    private final ToLongFunction<Job> framesOf;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private final AutoCloseable listening;

    /** What this node last saw of a job: its state, failures, and when it was queued and claimed (board ms). */
    private record Seen(String state, int failures, long queuedAtMillis, long claimedAtMillis) {}

    private JobMeters(Metrics metrics, JobBoard board, LongSupplier nowMillis, ToLongFunction<Job> framesOf) {
        this.metrics = metrics;
        this.framesOf = framesOf;
        BoardReading reading = new BoardReading(board, READ_LIMIT, metrics);
        metrics.gauge("gateway_jobs_queued", "Ingest jobs waiting for a worker", () -> count(reading, Job.QUEUED));
        metrics.gauge("gateway_jobs_running", "Ingest jobs a worker holds now", () -> count(reading, Job.RUNNING));
        String leases = "Leases of running ingest jobs: held (renewed in time) or lapsed (claimable again)";
        metrics.gauge("gateway_job_leases", leases, "state", "held", () -> leases(reading, nowMillis, true));
        metrics.gauge("gateway_job_leases", leases, "state", "lapsed", () -> leases(reading, nowMillis, false));
        this.done = metrics.counter("gateway_jobs_done_total", "Ingest jobs finished");
        this.quarantined =
                metrics.counter("gateway_jobs_quarantined_total", "Ingest jobs set aside after repeated failures");
        this.failures = metrics.counter("gateway_job_failures_total", "Failed ingest attempts");
        this.frames =
                metrics.counter("gateway_ingest_frames_total", "Frames of media in the assets ingest jobs committed");
        // Every reason from the start at 0, so a rate over a reason's first failure is right.
        for (Reason r : Reason.values()) {
            failuresBy(r.name());
        }
        this.waited = phase("wait");
        this.ran = phase("run");
        this.listening = board.listen(this::changed);
    }

    /** Meters the board's jobs; {@code framesOf} gives the frames a finished job committed (0 when unknown). */
    public static JobMeters register(Metrics metrics, JobBoard board, ToLongFunction<Job> framesOf) {
        return new JobMeters(metrics, board, System::currentTimeMillis, framesOf);
    }

    /** The same, with the board's clock given (tests). */
    static JobMeters register(Metrics metrics, JobBoard board, LongSupplier nowMillis, ToLongFunction<Job> framesOf) {
        return new JobMeters(metrics, board, nowMillis, framesOf);
    }

    private Metrics.Histogram phase(String name) {
        return metrics.histogram(
                PHASE,
                "How long ingest jobs spent in each phase: wait (queued until claimed), run (claimed until done or failed)",
                Metrics.WORK_BUCKETS_S,
                "phase",
                name);
    }

    private static long count(BoardReading board, String state) {
        return board.open().stream().filter(j -> j.state().equals(state)).count();
    }

    private static long leases(BoardReading board, LongSupplier nowMillis, boolean held) {
        long now = nowMillis.getAsLong();
        List<Job> open = board.open();
        return open.stream()
                .filter(j -> j.state().equals(Job.RUNNING))
                .filter(j -> (j.leaseUntilMillis() > now) == held)
                .count();
    }

    private void changed(Job job) {
        Seen before = seen.get(job.jobId());
        long queuedAt = before == null ? -1 : before.queuedAtMillis();
        long claimedAt = before == null ? -1 : before.claimedAtMillis();
        boolean stateChanged = before == null || !before.state().equals(job.state());
        if (job.state().equals(Job.QUEUED) && stateChanged) {
            queuedAt = job.updatedAtMillis();
        }
        if (job.state().equals(Job.RUNNING) && stateChanged) {
            claimedAt = job.updatedAtMillis();
            if (queuedAt >= 0) {
                waited.observeNanos(TimeUnit.MILLISECONDS.toNanos(claimedAt - queuedAt));
            }
        }
        int failedBefore = before == null ? 0 : before.failures();
        if (job.failures() > failedBefore) {
            failures.add(job.failures() - failedBefore);
            failuresBy(reasonOf(job)).add(job.failures() - failedBefore);
        }
        boolean ranAndStopped = claimedAt >= 0 && !job.state().equals(Job.RUNNING) && stateChanged;
        if (ranAndStopped) {
            ran.observeNanos(TimeUnit.MILLISECONDS.toNanos(job.updatedAtMillis() - claimedAt));
            claimedAt = -1;
        }
        if (stateChanged && job.state().equals(Job.DONE)) {
            done.inc();
            if (job.attempts() > 0) {
                frames.add(Math.max(0, framesOf.applyAsLong(job)));
            }
        } else if (stateChanged && job.state().equals(Job.QUARANTINED)) {
            quarantined.inc();
        }
        // Finished jobs stay known, so a repeated event of a finished job is not counted twice.
        seen.put(job.jobId(), new Seen(job.state(), job.failures(), queuedAt, claimedAt));
    }

    private Metrics.Counter failuresBy(String reason) {
        return metrics.counter(FAILURES, "Failed ingest attempts by reason", "reason", reason);
    }

    /** The failure's reason as the job board holds it (a {@link Reason} name; INTERNAL when none is given). */
    private static String reasonOf(Job job) {
        return job.errorReason().isEmpty() ? Reason.INTERNAL.name() : job.errorReason();
    }

    @Override
    public void close() {
        try {
            listening.close();
        } catch (Exception e) {
            System.getLogger(JobMeters.class.getName())
                    .log(System.Logger.Level.DEBUG, "cannot stop listening to the job board: " + e.getMessage());
        }
    }
}
