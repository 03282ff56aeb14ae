package gateway.ingest.jobs;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The table of jobs every claimer and coordinator shares: the cluster's job map on a node or
 * worker ({@link ClusterJobBoard}), a map in this process for the command line ({@link
 * LocalJobBoard}). Changes go through {@link #apply}, which runs the command atomically where the
 * entry lives.
 */
public interface JobBoard {
    /** Adds {@code job} unless a job with its id exists; true when added. */
    boolean enqueue(Job job);

    Optional<Job> get(String jobId);

    /** Applies {@code command} to the job atomically; the job as it is afterwards, or empty when there is none. */
    Optional<Job> apply(String jobId, JobCommand command);

    /** Jobs that are queued or running (the candidates for a claim). */
    List<Job> open();

    /** Every job of {@code project} still on the board: open ones and those finished within the time to live. */
    List<Job> ofProject(String project);

    /** Calls {@code onChange} with every job that is added or changed, until the returned handle is closed. */
    AutoCloseable listen(Consumer<Job> onChange);
}
