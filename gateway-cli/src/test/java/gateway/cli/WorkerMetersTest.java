package gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.ingest.jobs.ClaimerPool;
import gateway.ingest.jobs.Job;
import gateway.ingest.jobs.JobCommand;
import gateway.ingest.jobs.JobSpec;
import gateway.ingest.jobs.LocalJobBoard;
import gateway.ingest.process.WorkerProcess;
import gateway.model.asset.ManifestStore;
import gateway.model.error.Reason;
import gateway.server.config.GatewayConfig;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerMetersTest {
    private static final String WORKER = "worker-7@host";

    @TempDir
    Path store;

    @Test
    void aScrapeCountsThisWorkersJobsByOutcomeAndNotOtherWorkers() throws Exception {
        LocalJobBoard board = new LocalJobBoard();
        try (ClaimerPool pool = new ClaimerPool(
                        board,
                        new ManifestStore(store),
                        WorkerProcess.mediaTasks(),
                        GatewayConfig.defaults().ingest(),
                        WORKER,
                        0);
                WorkerMeters meters = WorkerMeters.serve(WORKER, board, pool, () -> 3, "127.0.0.1", 0)) {
            run(board, "a", WORKER + "-0", new JobCommand.Complete("t-a", 1, ""));
            run(board, "b", WORKER + "-0", new JobCommand.Fail("t-b", Reason.CORRUPT.name(), "b.mov: truncated"));
            run(board, "c", "node-1@host-0", new JobCommand.Complete("t-c", 1, ""));
            Job running = job("d");
            board.enqueue(running);
            board.apply(running.jobId(), new JobCommand.Claim(WORKER + "-1", "t-d", 60_000));

            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + meters.port() + "/metrics")
                    .toURL()
                    .openConnection();
            c.setConnectTimeout(10_000);
            c.setReadTimeout(10_000);
            String body;
            try (InputStream in = c.getInputStream()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }

            assertEquals(200, c.getResponseCode());
            assertTrue(c.getContentType().startsWith("text/plain"), c.getContentType());
            List<String> lines = body.lines().toList();
            assertTrue(lines.contains("gateway_worker_jobs_total{outcome=\"done\"} 1"), body);
            assertTrue(lines.contains("gateway_worker_jobs_total{outcome=\"failed\"} 1"), body);
            assertTrue(lines.contains("gateway_worker_jobs_total{outcome=\"handed_back\"} 0"), body);
            assertTrue(lines.contains("gateway_worker_cluster_members 3"), body);
            assertTrue(lines.contains("gateway_worker_slots 0"), body);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("gateway_worker_oldest_job_seconds ")), body);
            assertTrue(lines.contains("# TYPE gateway_worker_jobs_total counter"), body);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("gateway_worker_last_look_age_seconds ")), body);
        }
    }

    private static Job job(String asset) {
        return Job.queued(
                new JobSpec(
                        "p",
                        "00000000-0000-0000-0000-00000000000" + asset.charAt(0),
                        "/cards/" + asset + ".mov",
                        JobSpec.EDIT,
                        0,
                        1),
                System.currentTimeMillis());
    }

    private static void run(LocalJobBoard board, String asset, String worker, JobCommand end) {
        Job queued = job(asset);
        board.enqueue(queued);
        String token = "t-" + asset;
        board.apply(queued.jobId(), new JobCommand.Claim(worker, token, 60_000));
        board.apply(queued.jobId(), end);
    }
}
