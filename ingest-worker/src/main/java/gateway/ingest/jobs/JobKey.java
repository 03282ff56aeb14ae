package gateway.ingest.jobs;

import com.hazelcast.partition.PartitionAware;

/**
 * The job map's key: partitioned by project, so a project's jobs live on one member and its
 * entry processors run there. Compact-serialised.
 */
record JobKey(String project, String jobId) implements PartitionAware<String> {
    static JobKey of(String jobId) {
        return new JobKey(JobSpec.projectOf(jobId).value(), jobId);
    }

    @Override
    public String getPartitionKey() {
        return project;
    }
}
