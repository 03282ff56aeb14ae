package gateway.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.ingest.jobs.Job;
import gateway.ingest.jobs.JobCommand;
import gateway.ingest.jobs.JobSpec;
import gateway.ingest.jobs.LocalJobBoard;
import gateway.model.asset.AssetId;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * One job's life on a board with its own clock, as {@code /metrics} shows it: queue depth, held and
 * lapsed leases, the wait and run phases, failures by reason, frames committed.
 */
class JobMetersTest {
    @Test
    void aJobsLifeIsMeteredFromTheBoardsChanges() {
        AtomicLong clock = new AtomicLong(1_000);
        LocalJobBoard board = new LocalJobBoard(Duration.ofHours(1), clock::get);
        Metrics metrics = new Metrics();
        try (JobMeters meters = JobMeters.register(metrics, board, clock::get, job -> 250)) {
            JobSpec spec = new JobSpec("p1", AssetId.random().value(), "/cards/A001.mov", "edit", 0, 10);
            board.enqueue(Job.queued(spec, clock.get()));
            Map<String, String> m = samples(metrics);
            assertEquals("1", m.get("gateway_jobs_queued"));
            assertEquals("0", m.get("gateway_ingest_failures_total{reason=\"CORRUPT\"}"), "every reason from 0");

            clock.set(4_000); // waited 3 s
            board.apply(spec.jobId(), new JobCommand.Claim("w1", "t1", 30_000));
            m = samples(metrics);
            assertEquals("0", m.get("gateway_jobs_queued"));
            assertEquals("1", m.get("gateway_jobs_running"));
            assertEquals("1", m.get("gateway_job_leases{state=\"held\"}"));

            clock.set(40_000); // the lease ran out at 34 s
            assertEquals("1", samples(metrics).get("gateway_job_leases{state=\"lapsed\"}"));
            board.apply(spec.jobId(), new JobCommand.Fail("t1", "CORRUPT", "bad frame")); // ran 36 s

            clock.set(41_000); // waited 1 s
            board.apply(spec.jobId(), new JobCommand.Claim("w2", "t2", 30_000));
            clock.set(51_000); // ran 10 s
            board.apply(spec.jobId(), new JobCommand.Complete("t2", 1, ""));

            m = samples(metrics);
            assertEquals("1", m.get("gateway_ingest_failures_total{reason=\"CORRUPT\"}"));
            assertEquals("0", m.get("gateway_ingest_failures_total{reason=\"INTERNAL\"}"));
            assertEquals("1", m.get("gateway_job_failures_total"));
            assertEquals("1", m.get("gateway_jobs_done_total"));
            assertEquals("250", m.get("gateway_ingest_frames_total"));
            assertEquals("2", m.get("gateway_ingest_phase_seconds_count{phase=\"wait\"}"));
            assertEquals("4.0", m.get("gateway_ingest_phase_seconds_sum{phase=\"wait\"}"));
            assertEquals("2", m.get("gateway_ingest_phase_seconds_count{phase=\"run\"}"));
            assertEquals("46.0", m.get("gateway_ingest_phase_seconds_sum{phase=\"run\"}"));
            assertEquals("1", m.get("gateway_ingest_phase_seconds_bucket{phase=\"run\",le=\"10.0\"}"));
            assertEquals("2", m.get("gateway_ingest_phase_seconds_bucket{phase=\"run\",le=\"60.0\"}"));
            assertEquals("0", m.get("gateway_jobs_running"));
        }
        String text = metrics.render();
        assertEquals(1, count(text, "# TYPE gateway_ingest_phase_seconds histogram"), "one header per family");
        assertTrue(text.contains("# HELP gateway_ingest_failures_total Failed ingest attempts by reason\n"), text);
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void aScrapeDoesNotWaitForABoardThatDoesNotAnswer() throws Exception {
        AtomicLong clock = new AtomicLong(1_000);
        LocalJobBoard local = new LocalJobBoard(Duration.ofHours(1), clock::get);
        java.util.concurrent.CountDownLatch partitioned = new java.util.concurrent.CountDownLatch(0);
        java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CountDownLatch> cut =
                new java.util.concurrent.atomic.AtomicReference<>(partitioned);
        // The board as a member sees it while the owner of a partition cannot be reached: reads wait.
        gateway.ingest.jobs.JobBoard board = new gateway.ingest.jobs.JobBoard() {
            public boolean enqueue(Job job) {
                return local.enqueue(job);
            }

            public java.util.Optional<Job> get(String jobId) {
                return local.get(jobId);
            }

            public java.util.Optional<Job> apply(String jobId, JobCommand command) {
                return local.apply(jobId, command);
            }

            public java.util.List<Job> open() {
                try {
                    cut.get().await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return local.open();
            }

            public java.util.List<Job> ofProject(String project) {
                return local.ofProject(project);
            }

            public AutoCloseable listen(java.util.function.Consumer<Job> onChange) {
                return local.listen(onChange);
            }
        };
        Metrics metrics = new Metrics();
        try (JobMeters meters = JobMeters.register(metrics, board, clock::get, job -> 0)) {
            JobSpec spec = new JobSpec("p1", AssetId.random().value(), "/cards/A001.mov", "edit", 0, 10);
            board.enqueue(Job.queued(spec, clock.get()));
            assertEquals("1", samples(metrics).get("gateway_jobs_queued"));

            java.util.concurrent.CountDownLatch heal = new java.util.concurrent.CountDownLatch(1);
            cut.set(heal);
            board.enqueue(Job.queued(
                    new JobSpec("p1", AssetId.random().value(), "/cards/A002.mov", "edit", 0, 10), clock.get()));
            long started = System.nanoTime();
            Map<String, String> during = samples(metrics);
            double seconds = (System.nanoTime() - started) / 1e9;
            assertTrue(seconds < 5, "the scrape waited " + seconds + " s for the board");
            assertEquals("1", during.get("gateway_jobs_queued"), "the last count read, not a wait");
            started = System.nanoTime();
            Map<String, String> next = samples(metrics);
            seconds = (System.nanoTime() - started) / 1e9;
            assertTrue(seconds < 1, "the next scrape waited again, " + seconds + " s");
            assertEquals("1", next.get("gateway_job_board_reads_late_total"), next.toString());

            heal.countDown();
            cut.set(partitioned);
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
            while (!"2".equals(samples(metrics).get("gateway_jobs_queued")) && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
            }
            assertEquals("2", samples(metrics).get("gateway_jobs_queued"), "the board's answer once it is back");
        }
    }

    private static Map<String, String> samples(Metrics metrics) {
        Map<String, String> out = new HashMap<>();
        for (String line : metrics.render().split("\n")) {
            if (!line.startsWith("#")) {
                int space = line.lastIndexOf(' ');
                out.put(line.substring(0, space), line.substring(space + 1));
            }
        }
        return out;
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
