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
