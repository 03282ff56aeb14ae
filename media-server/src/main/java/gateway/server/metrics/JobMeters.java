package gateway.server.metrics;

import gateway.ingest.jobs.Job;
import gateway.ingest.jobs.JobBoard;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ingest jobs of the cluster's board at {@code /metrics}: queued and running right now (asked
 * of the board at each scrape), and jobs done, quarantined and failed attempts as counters of the
 * changes this node has seen since it started (a failed attempt is queued again until the job is
 * quarantined).
 */
public final class JobMeters implements AutoCloseable {
    private final Metrics.Counter done;
    private final Metrics.Counter quarantined;
    private final Metrics.Counter failures;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private final AutoCloseable listening;

    private record Seen(String state, int failures) {}

    private JobMeters(Metrics metrics, JobBoard board) {
        metrics.gauge("gateway_jobs_queued", "Ingest jobs waiting for a worker", () -> count(board, Job.QUEUED));
        metrics.gauge("gateway_jobs_running", "Ingest jobs a worker holds now", () -> count(board, Job.RUNNING));
        this.done = metrics.counter("gateway_jobs_done_total", "Ingest jobs finished");
        this.quarantined =
                metrics.counter("gateway_jobs_quarantined_total", "Ingest jobs set aside after repeated failures");
        this.failures = metrics.counter("gateway_job_failures_total", "Failed ingest attempts");
        this.listening = board.listen(this::changed);
    }

    public static JobMeters register(Metrics metrics, JobBoard board) {
        return new JobMeters(metrics, board);
    }

    private static long count(JobBoard board, String state) {
        return board.open().stream().filter(j -> j.state().equals(state)).count();
    }

    private void changed(Job job) {
        Seen now = new Seen(job.state(), job.failures());
        Seen before = seen.put(job.jobId(), now);
        int failedBefore = before == null ? 0 : before.failures();
        if (now.failures() > failedBefore) {
            failures.add(now.failures() - failedBefore);
        }
        if (before == null || !before.state().equals(now.state())) {
            if (now.state().equals(Job.DONE)) {
                done.inc();
            } else if (now.state().equals(Job.QUARANTINED)) {
                quarantined.inc();
            }
        }
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
