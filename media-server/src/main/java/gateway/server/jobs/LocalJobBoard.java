package gateway.server.jobs;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The jobs of one process (the command line without a server): the same transitions as the
 * cluster's board, applied atomically with {@link ConcurrentMap#compute}.
 */
public final class LocalJobBoard implements JobBoard {
    private final ConcurrentMap<String, Job> jobs = new ConcurrentHashMap<>();
    private final List<Consumer<Job>> listeners = new CopyOnWriteArrayList<>();

    @Override
    public boolean enqueue(Job job) {
        boolean added = jobs.putIfAbsent(job.jobId(), job) == null;
        if (added) {
            announce(job);
        }
        return added;
    }

    @Override
    public Optional<Job> get(String jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }

    @Override
    public Optional<Job> apply(String jobId, JobCommand command) {
        boolean[] changed = {false};
        Job after = jobs.computeIfPresent(jobId, (id, before) -> {
            Job next = command.applyTo(before, System.currentTimeMillis());
            changed[0] = !next.equals(before);
            return next;
        });
        if (changed[0]) {
            announce(after);
        }
        return Optional.ofNullable(after);
    }

    @Override
    public List<Job> open() {
        return jobs.values().stream()
                .filter(j -> j.state().equals(Job.QUEUED) || j.state().equals(Job.RUNNING))
                .toList();
    }

    @Override
    public AutoCloseable listen(Consumer<Job> onChange) {
        listeners.add(onChange);
        return () -> listeners.remove(onChange);
    }

    private void announce(Job job) {
        listeners.forEach(l -> l.accept(job));
    }
}
