package gateway.ingest.jobs;

import gateway.ingest.config.IngestConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The jobs of one process (the command line without a server): the same transitions as the
 * cluster's board, applied atomically with {@link ConcurrentMap#compute}. A finished job is
 * dropped once it has been finished for the time to live (checked whenever the board is used).
 */
public final class LocalJobBoard implements JobBoard {
    private final ConcurrentMap<String, Job> jobs = new ConcurrentHashMap<>();
    private final List<Consumer<Job>> listeners = new CopyOnWriteArrayList<>();
    private final long finishedTtlMillis;
    private final LongSupplier clockMillis;

    public LocalJobBoard() {
        this(IngestConfig.DEFAULT_FINISHED_JOB_TTL, System::currentTimeMillis);
    }

    /**
     * @param finishedTtl how long a job stays once done or quarantined ({@code jobs.finished-ttl-s})
     * @param clockMillis the board's clock, epoch milliseconds (the jobs' {@code updatedAtMillis})
     */
    public LocalJobBoard(Duration finishedTtl, LongSupplier clockMillis) {
        this.finishedTtlMillis = finishedTtl.toMillis();
        this.clockMillis = clockMillis;
    }

    @Override
    public boolean enqueue(Job job) {
        dropExpired();
        boolean added = jobs.putIfAbsent(job.jobId(), job) == null;
        if (added) {
            announce(job);
        }
        return added;
    }

    @Override
    public Optional<Job> get(String jobId) {
        dropExpired();
        return Optional.ofNullable(jobs.get(jobId));
    }

    @Override
    public Optional<Job> apply(String jobId, JobCommand command) {
        dropExpired();
        boolean[] changed = {false};
        Job after = jobs.computeIfPresent(jobId, (id, before) -> {
            Job next = command.applyTo(before, clockMillis.getAsLong());
            changed[0] = !next.equals(before);
            return next;
        });
        if (changed[0]) {
            announce(after);
        }
        return Optional.ofNullable(after);
    }

    @Override
    public List<Job> ofProject(String project) {
        dropExpired();
        return jobs.values().stream()
                .filter(j -> j.spec().project().equals(project))
                .toList();
    }

    @Override
    public List<Job> open() {
        dropExpired();
        return jobs.values().stream()
                .filter(j -> j.state().equals(Job.QUEUED) || j.state().equals(Job.RUNNING))
                .toList();
    }

    @Override
    public AutoCloseable listen(Consumer<Job> onChange) {
        listeners.add(onChange);
        return () -> listeners.remove(onChange);
    }

    private void dropExpired() {
        long now = clockMillis.getAsLong();
        jobs.values().removeIf(j -> j.isFinished() && now - j.updatedAtMillis() >= finishedTtlMillis);
    }

    private void announce(Job job) {
        listeners.forEach(l -> l.accept(job));
    }
}
