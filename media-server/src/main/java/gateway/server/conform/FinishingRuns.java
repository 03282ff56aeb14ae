package gateway.server.conform;

import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.relink.report.QcSection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The conforms whose follow-up work (consolidate, render) runs on this node: one at a time (each
 * reads whole originals from the facility's storage), each with its latest progress and the
 * watchers that want every change. Finished runs are kept for {@code keepFinished} so a watcher
 * that comes late still learns the outcome.
 */
public final class FinishingRuns implements AutoCloseable {
    /** One progress report. */
    public record Update(FinishingProgress.Stage stage, int percent, String message, Finished finished) {
        public Update(FinishingProgress.Stage stage, int percent, String message) {
            this(stage, percent, message, null);
        }

        public boolean isFinal() {
            return stage == FinishingProgress.Stage.DONE || stage == FinishingProgress.Stage.FAILED;
        }
    }

    private static final class Run {
        final ProjectId project;
        final List<Consumer<Update>> watchers = new CopyOnWriteArrayList<>();
        volatile Update last;
        volatile Instant finishedAt;

        Run(ProjectId project, Update first) {
            this.project = project;
            this.last = first;
        }

        synchronized void publish(Update u) {
            if (last.isFinal()) {
                return;
            }
            last = u;
            watchers.forEach(w -> w.accept(u));
        }
    }

    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "conform-finishing");
        t.setDaemon(true);
        return t;
    });
    private final Clock clock;
    private final Duration keepFinished;

    public FinishingRuns(Clock clock, Duration keepFinished) {
        this.clock = clock;
        this.keepFinished = keepFinished;
    }

    /**
     * Queues {@code work} for conform {@code id} of {@code project}. The work reports through the
     * progress it is given; it ends DONE with {@code work}'s message, or FAILED with its error.
     */
    public void submit(String id, ProjectId project, Work work) {
        forgetOldRuns();
        Run run = new Run(project, new Update(FinishingProgress.Stage.CONSOLIDATING, 0, "queued"));
        runs.put(id, run);
        executor.submit(() -> {
            try {
                Finished done = work.run((stage, percent, message) -> run.publish(new Update(stage, percent, message)));
                run.publish(new Update(FinishingProgress.Stage.DONE, 100, done.message(), done));
            } catch (GatewayException e) {
                run.publish(new Update(FinishingProgress.Stage.FAILED, 100, e.reason() + ": " + e.getMessage()));
            } catch (RuntimeException e) {
                run.publish(new Update(FinishingProgress.Stage.FAILED, 100, "INTERNAL: " + e));
            } finally {
                run.finishedAt = clock.instant();
            }
        });
    }

    /** The follow-up work of one conform; returns what the DONE report shows. */
    @FunctionalInterface
    public interface Work {
        Finished run(FinishingProgress progress);
    }

    /**
     * What finished work made: the DONE line, and with conform QC its section (null without QC)
     * so a watcher can add it to its own copy of the reports.
     */
    public record Finished(String message, QcSection qc) {}

    /** The project of a conform this node runs or ran recently; empty when it knows no such conform. */
    public Optional<ProjectId> projectOf(String id) {
        Run run = runs.get(id);
        return run == null ? Optional.empty() : Optional.of(run.project);
    }

    /**
     * Sends the latest report and then every change to {@code watcher} until a final one; returns
     * the way to stop watching.
     */
    public Runnable watch(String id, Consumer<Update> watcher) {
        Run run = runs.get(id);
        if (run == null) {
            throw GatewayException.notFound("no conform " + id + " on this node");
        }
        synchronized (run) {
            watcher.accept(run.last);
            if (!run.last.isFinal()) {
                run.watchers.add(watcher);
            }
        }
        return () -> run.watchers.remove(watcher);
    }

    private void forgetOldRuns() {
        Instant cutoff = clock.instant().minus(keepFinished);
        runs.values().removeIf(r -> r.finishedAt != null && r.finishedAt.isBefore(cutoff));
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
