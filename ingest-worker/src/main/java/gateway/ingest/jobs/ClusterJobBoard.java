package gateway.ingest.jobs;

import com.hazelcast.config.IndexConfig;
import com.hazelcast.config.IndexType;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.OperationTimeoutException;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.query.Predicates;
import gateway.ingest.config.IngestConfig;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The jobs in the cluster's {@code ingest-jobs} map (Compact values, keyed by project), shared by
 * every node and worker. Coordination only: the committed manifests stay the source of truth, and
 * the {@link Reconciler} re-queues what a full restart lost.
 */
public final class ClusterJobBoard implements JobBoard {
    static final String MAP = "ingest-jobs";

    private final IMap<JobKey, Job> jobs;
    private final long finishedTtlMillis;

    /** Finished jobs stay {@link IngestConfig#DEFAULT_FINISHED_JOB_TTL}. */
    public ClusterJobBoard(HazelcastInstance hazelcast) {
        this(hazelcast, IngestConfig.DEFAULT_FINISHED_JOB_TTL);
    }

    /**
     * @param finishedTtl how long a job stays in the map once done or quarantined
     *     ({@code jobs.finished-ttl-s}); the map drops it then (Hazelcast's per-entry time to live)
     */
    public ClusterJobBoard(HazelcastInstance hazelcast, Duration finishedTtl) {
        this.jobs = hazelcast.getMap(MAP);
        this.finishedTtlMillis = finishedTtl.toMillis();
    }

    /**
     * The job map's configuration, given to every member at start ({@code ClusterMember}): its index
     * on the state is declared there, so every member builds it the same way from the start.
     */
    public static MapConfig mapConfig() {
        return new MapConfig(MAP).addIndexConfig(new IndexConfig(IndexType.HASH, "state"));
    }

    @Override
    public boolean enqueue(Job job) {
        JobKey key = JobKey.of(job.jobId());
        try {
            return (job.isFinished()
                            ? jobs.putIfAbsent(key, job, finishedTtlMillis, TimeUnit.MILLISECONDS)
                            : jobs.putIfAbsent(key, job))
                    == null;
        } catch (OperationTimeoutException e) {
            throw unanswered("queue job " + job.jobId(), e);
        }
    }

    @Override
    public Optional<Job> get(String jobId) {
        try {
            return Optional.ofNullable(jobs.get(JobKey.of(jobId)));
        } catch (OperationTimeoutException e) {
            throw unanswered("read job " + jobId, e);
        }
    }

    @Override
    public Optional<Job> apply(String jobId, JobCommand command) {
        try {
            return Optional.ofNullable(
                    jobs.executeOnKey(JobKey.of(jobId), new JobTransition(command, finishedTtlMillis)));
        } catch (OperationTimeoutException e) {
            throw unanswered("change job " + jobId, e);
        }
    }

    @Override
    public List<Job> open() {
        try {
            return List.copyOf(jobs.values(Predicates.in("state", Job.QUEUED, Job.RUNNING)));
        } catch (OperationTimeoutException e) {
            throw unanswered("list the open jobs", e);
        }
    }

    @Override
    public List<Job> ofProject(String project) {
        try {
            // The key carries the project (it partitions the map): a key predicate, no value scan.
            return List.copyOf(jobs.values(Predicates.equal("__key.project", project)));
        } catch (OperationTimeoutException e) {
            throw unanswered("list the jobs of project " + project, e);
        }
    }

    /**
     * A call to the member holding the entries that went unanswered for Hazelcast's call timeout
     * and then its operation heartbeat timeout (that member unreachable: a network partition, a
     * frozen process): UNAVAILABLE, worth trying again, rather than Hazelcast's invocation dump.
     */
    static GatewayException unanswered(String what, OperationTimeoutException e) {
        return new GatewayException(
                Reason.UNAVAILABLE,
                "job board: cannot " + what + ": the cluster member holding it did not answer (unreachable, or"
                        + " frozen); try again",
                e);
    }

    @Override
    public AutoCloseable listen(Consumer<Job> onChange) {
        UUID id = jobs.addEntryListener(new Listener(onChange), true);
        return () -> jobs.removeEntryListener(id);
    }

    private record Listener(Consumer<Job> onChange)
            implements EntryAddedListener<JobKey, Job>, EntryUpdatedListener<JobKey, Job> {
        @Override
        public void entryAdded(EntryEvent<JobKey, Job> event) {
            onChange.accept(event.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<JobKey, Job> event) {
            onChange.accept(event.getValue());
        }
    }
}
