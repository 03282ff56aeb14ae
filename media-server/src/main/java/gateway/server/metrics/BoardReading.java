package gateway.server.metrics;

import gateway.ingest.jobs.Job;
import gateway.ingest.jobs.JobBoard;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The open jobs of the board as a scrape sees them, read within a time limit. A read of the board
 * waits on every member that owns a partition of it: while a member is unreachable (a partition, a
 * frozen process) such a read can wait a minute, and a scrape that waits that long is reported by
 * Prometheus as a node that is down. A read that does not answer in {@code limit} leaves the scrape
 * with the last jobs read (counted in {@code gateway_job_board_reads_late_total}); the read goes on
 * in the background, and until it answers every scrape shows the last jobs at once, without waiting.
 * One read at a time.
 */
final class BoardReading {
    private final JobBoard board;
    private final Duration limit;
    private final Metrics.Counter late;
    private CompletableFuture<List<Job>> reading;
    private List<Job> last = List.of();
    /** The read in flight has already made one caller wait its limit. */
    private boolean overdue;

    BoardReading(JobBoard board, Duration limit, Metrics metrics) {
        this.board = board;
        this.limit = limit;
        this.late = metrics.counter(
                "gateway_job_board_reads_late_total",
                "Scrapes that showed the last known job counts because the job board did not answer in time");
    }

    /** The open jobs now, or the last ones read when the board does not answer within the limit. */
    synchronized List<Job> open() {
        if (reading != null && !reading.isDone() && overdue) {
            return last;
        }
        if (reading == null || reading.isDone()) {
            reading = CompletableFuture.supplyAsync(
                    board::open, r -> Thread.ofVirtual().name("job-meters-read").start(r));
            overdue = false;
        }
        try {
            last = reading.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            overdue = true;
            late.inc();
        } catch (ExecutionException e) {
            late.inc();
            System.getLogger(BoardReading.class.getName())
                    .log(System.Logger.Level.DEBUG, "cannot read the job board: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return last;
    }
}
