package gateway.ingest.jobs;

import gateway.ingest.config.IngestConfig;
import gateway.ingest.process.WorkerProcess;
import gateway.model.asset.ManifestStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The claimers of one process (a node's {@code ingest.local-workers}, or a {@code gateway worker}),
 * each a thread that claims a job, runs it in a child JVM, and claims the next. A supervisor
 * restarts a claimer that dies (a bug, the cluster going away) after a pause. Claimers look for
 * work every {@code ingest.poll-ms}, and at once when a job is queued. Closing stops claiming,
 * kills running children and hands their jobs back.
 */
public final class ClaimerPool implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ClaimerPool.class.getName());
    private static final long RESTART_PAUSE_MS = 1000;

    private final JobBoard board;
    private final ManifestStore store;
    private final WorkerProcess child;
    private final IngestConfig config;
    private final String name;
    private final List<Thread> threads = new ArrayList<>();
    private final Map<Integer, JobRun> runs = new ConcurrentHashMap<>();
    private final Semaphore wake = new Semaphore(0);
    private final AtomicInteger restarts = new AtomicInteger();
    private final AutoCloseable listening;
    private volatile boolean closed;
    private volatile long lastLookMillis = System.currentTimeMillis();

    /** Starts {@code count} claimers named {@code name-0}, {@code name-1} ... */
    public ClaimerPool(
            JobBoard board, ManifestStore store, WorkerProcess child, IngestConfig config, String name, int count) {
        this.board = board;
        this.store = store;
        this.child = child;
        this.config = config;
        this.name = name;
        this.listening = count == 0
                ? () -> {}
                : board.listen(j -> {
                    if (j.state().equals(Job.QUEUED)) {
                        wake.release(count);
                    }
                });
        for (int i = 0; i < count; i++) {
            int slot = i;
            Thread t = new Thread(() -> supervise(slot), "claimer-" + name + "-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** A worker name unique in the cluster: {@code prefix-<pid>@<host>}. */
    public static String uniqueName(String prefix) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        return prefix + "-" + ProcessHandle.current().pid() + "@" + host;
    }

    /** How often a claimer died and was started again. */
    public int restarts() {
        return restarts.get();
    }

    public int size() {
        return threads.size();
    }

    /**
     * When a claimer last came back from the board (found no job, or finished one): a claimer that
     * is alive and idle does so every {@code ingest.poll-ms}; while every slot runs a job it does not.
     */
    public long lastLookMillis() {
        return lastLookMillis;
    }

    /** Jobs this pool's claimers run now. */
    public int running() {
        return runs.size();
    }

    private void supervise(int slot) {
        String workerId = name + "-" + slot;
        while (!closed) {
            try {
                Claimer claimer =
                        new Claimer(board, store, child, config, workerId, () -> closed, run -> runs.put(slot, run));
                while (!closed) {
                    boolean ran = claimer.runOne();
                    lastLookMillis = System.currentTimeMillis();
                    runs.remove(slot);
                    if (!ran) {
                        pause(config.jobPoll().toMillis());
                    }
                }
            } catch (Throwable t) {
                runs.remove(slot);
                if (closed) {
                    return;
                }
                restarts.incrementAndGet();
                LOG.log(System.Logger.Level.WARNING, "claimer " + workerId + " died; starting it again", t);
                pause(RESTART_PAUSE_MS);
            }
        }
    }

    private void pause(long millis) {
        try {
            if (wake.tryAcquire(millis, TimeUnit.MILLISECONDS)) {
                wake.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        wake.release(threads.size() + 1);
        runs.values().forEach(r -> WorkerProcess.killChildrenNaming(r.staging().toString()));
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            listening.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot stop listening to the job board", e);
        }
    }
}
