package gateway.cli;

import com.sun.net.httpserver.HttpServer;
import gateway.ingest.jobs.ClaimerPool;
import gateway.ingest.jobs.Job;
import gateway.ingest.jobs.JobBoard;
import gateway.model.error.GatewayException;
import gateway.server.metrics.Metrics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * What a {@code gateway worker} process shows Prometheus at {@code GET /metrics} (the node's
 * {@link Metrics} and text format, on a small HTTP server of its own): the jobs its claimers
 * finished, failed and handed back, the jobs running now and how long the oldest has run, its slots,
 * claimer restarts, the cluster members it sees, and how long ago a claimer last came back from the
 * board (grows without bound when the claimers are stuck; while every slot runs a job it grows too,
 * so read it with {@code gateway_worker_jobs_running}).
 */
final class WorkerMeters implements AutoCloseable {
    /** A job a claimer of this worker runs: when it was first seen RUNNING here, and its failures then. */
    private record Held(long sinceMillis, int failures) {}

    private final String workerName;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final Metrics.Counter done;
    private final Metrics.Counter failed;
    private final Metrics.Counter handedBack;
    private final AutoCloseable listening;
    private final HttpServer server;

    private WorkerMeters(String workerName, Metrics metrics, JobBoard board, HttpServer server) {
        this.workerName = workerName;
        this.server = server;
        String jobs = "gateway_worker_jobs_total";
        String help = "Jobs this worker's claimers ran, by outcome: done, failed (the attempt failed), handed_back"
                + " (its lease lapsed and another worker took the job)";
        this.done = metrics.counter(jobs, help, "outcome", "done");
        this.failed = metrics.counter(jobs, help, "outcome", "failed");
        this.handedBack = metrics.counter(jobs, help, "outcome", "handed_back");
        this.listening = board.listen(this::changed);
    }

    /**
     * Meters {@code pool} (claimers named {@code workerName-<slot>}) and serves them on {@code host:port}
     * (0: any free port). The server runs until {@link #close}.
     */
    static WorkerMeters serve(
            String workerName, JobBoard board, ClaimerPool pool, IntSupplier members, String host, int port) {
        Metrics metrics = new Metrics();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw GatewayException.io(
                    "worker: cannot serve /metrics on " + host + ":" + port + " (--metrics-port): " + e.getMessage(),
                    e);
        }
        WorkerMeters meters = new WorkerMeters(workerName, metrics, board, server);
        metrics.gauge("gateway_worker_slots", "Jobs this worker runs at a time", pool::size);
        metrics.gauge("gateway_worker_jobs_running", "Jobs this worker's claimers run now", pool::running);
        metrics.gauge(
                "gateway_worker_oldest_job_seconds",
                "How long the oldest job this worker runs now has run (0 when none)",
                meters::oldestSeconds);
        metrics.gauge(
                "gateway_worker_claimer_restarts",
                "Claimers that died and were started again since the worker started",
                pool::restarts);
        metrics.gauge(
                "gateway_worker_last_look_age_seconds",
                "Seconds since a claimer last came back from the job board (idle claimers look every ingest.poll-ms)",
                ageSeconds(pool::lastLookMillis));
        metrics.gauge("gateway_worker_cluster_members", "Cluster members this worker sees", members::getAsInt);
        server.createContext("/metrics", exchange -> {
            try (exchange) {
                if (!exchange.getRequestMethod().equals("GET")) {
                    exchange.sendResponseHeaders(405, -1);
                    return;
                }
                byte[] body = metrics.render().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.setExecutor(null);
        server.start();
        return meters;
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static LongSupplier ageSeconds(LongSupplier millis) {
        return () -> Math.max(0, (System.currentTimeMillis() - millis.getAsLong()) / 1000);
    }

    private long oldestSeconds() {
        long now = System.currentTimeMillis();
        return held.values().stream()
                .mapToLong(h -> (now - h.sinceMillis()) / 1000)
                .max()
                .orElse(0);
    }

    private boolean mine(Job job) {
        return job.workerId() != null && job.workerId().startsWith(workerName + "-");
    }

    private void changed(Job job) {
        boolean runningHere = job.state().equals(Job.RUNNING) && mine(job);
        if (runningHere) {
            held.putIfAbsent(job.jobId(), new Held(System.currentTimeMillis(), job.failures()));
            return;
        }
        Held was = held.remove(job.jobId());
        if (was == null) {
            return;
        }
        if (job.state().equals(Job.DONE)) {
            done.inc();
        } else if (job.failures() > was.failures()) {
            failed.inc();
        } else {
            handedBack.inc();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        try {
            listening.close();
        } catch (Exception e) {
            // the board is closing with the worker; nothing is listened to any more
        }
    }
}
