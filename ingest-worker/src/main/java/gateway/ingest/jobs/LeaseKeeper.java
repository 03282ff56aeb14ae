package gateway.ingest.jobs;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Holds a claimed job's lease while it runs: renews it every quarter of the lease, and sooner when
 * the progress moved (percent, phase or frames; at most every {@value #PROGRESS_TICK_MS} ms), so progress flows back through
 * the job map. When a renewal finds the job held by someone else (the lease lapsed and another
 * claimer took it), the lease is lost for good and {@code onLost} runs once.
 */
final class LeaseKeeper implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LeaseKeeper.class.getName());
    static final long PROGRESS_TICK_MS = 500;

    private final JobBoard board;
    private final String jobId;
    private final String token;
    private final long leaseMillis;
    private final Runnable onLost;
    private final ScheduledExecutorService timer;
    private volatile int percent;
    private volatile String phase = "";
    private volatile long framesDone;
    private volatile long framesTotal;
    private long sentFrames;
    private int sentPercent;
    private String sentPhase = "";
    private long sentAtNanos = System.nanoTime();
    private volatile boolean lost;

    LeaseKeeper(JobBoard board, String jobId, String token, Duration lease, Runnable onLost) {
        this.board = board;
        this.jobId = jobId;
        this.token = token;
        this.leaseMillis = lease.toMillis();
        this.onLost = onLost;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lease-" + jobId);
            t.setDaemon(true);
            return t;
        });
        long tick = Math.max(50, Math.min(PROGRESS_TICK_MS, leaseMillis / 4));
        timer.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    void progress(int pct) {
        percent = pct;
    }

    /** The run moved on: {@code pct} of the whole job, now in {@code newPhase} (see {@link Job#phase()}). */
    void progress(String newPhase, int pct) {
        phase = newPhase;
        percent = pct;
    }

    /** The run has decoded {@code done} of the original's {@code total} pictures (0: not known). */
    void frames(long done, long total) {
        framesDone = done;
        framesTotal = total;
    }

    boolean lost() {
        return lost;
    }

    /** Renews now; true when the lease is still held (the caller may go on to commit). */
    synchronized boolean renewNow() {
        if (lost) {
            return false;
        }
        boolean held = board.apply(
                        jobId, new JobCommand.Renew(token, leaseMillis, percent, phase, framesDone, framesTotal))
                .map(j -> j.heldBy(token))
                .orElse(false);
        sentPercent = percent;
        sentPhase = phase;
        sentFrames = framesDone;
        sentAtNanos = System.nanoTime();
        if (!held) {
            lose();
        }
        return held;
    }

    private synchronized void tick() {
        if (lost) {
            return;
        }
        long sinceMillis = (System.nanoTime() - sentAtNanos) / 1_000_000;
        if (percent == sentPercent
                && phase.equals(sentPhase)
                && framesDone == sentFrames
                && sinceMillis < leaseMillis / 4) {
            return;
        }
        try {
            renewNow();
        } catch (RuntimeException e) {
            // The cluster may be re-balancing after a member left; the next tick tries again.
            LOG.log(System.Logger.Level.DEBUG, "cannot renew the lease of job " + jobId + " yet", e);
        }
    }

    private void lose() {
        lost = true;
        LOG.log(
                System.Logger.Level.WARNING,
                "job " + jobId + ": lease " + token + " lost to another claimer; abandoning this run");
        onLost.run();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
