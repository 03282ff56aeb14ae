package gateway.ingest.jobs;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one {@link JobCommand} on the member that owns the job's entry (the computation moves to
 * the data: no get-modify-put race). Returns the job as it is afterwards, or null when there is no
 * such job. Written as {@link DataSerializable} (Hazelcast's own format, never Java serialisation,
 * which Helidon's JVM-wide filter refuses): an entry processor is {@code Serializable}, so
 * zero-config Compact does not pick it up; the command inside is a Compact record.
 */
public final class JobTransition implements EntryProcessor<JobKey, Job, Job>, DataSerializable {
    private JobCommand command;
    private long finishedTtlMillis;

    /** For Hazelcast, which creates the processor by its class before {@link #readData}. */
    public JobTransition() {}

    /** {@code finishedTtlMillis}: how long the entry lives once this command finishes the job (0: for ever). */
    JobTransition(JobCommand command, long finishedTtlMillis) {
        this.command = command;
        this.finishedTtlMillis = finishedTtlMillis;
    }

    @Override
    public Job process(Map.Entry<JobKey, Job> entry) {
        Job before = entry.getValue();
        if (before == null) {
            return null;
        }
        Job after = command.applyTo(before, System.currentTimeMillis());
        if (after.equals(before)) {
            return after;
        }
        if (after.isFinished() && finishedTtlMillis > 0 && entry instanceof ExtendedMapEntry<JobKey, Job> e) {
            // Finished jobs are kept for callers to read, then dropped by the map itself.
            e.setValue(after, finishedTtlMillis, TimeUnit.MILLISECONDS);
        } else if (before.isFinished() && entry instanceof ExtendedMapEntry<JobKey, Job> e) {
            // A retried job lives again: the finished entry's time to live no longer applies (-1: the map's default).
            e.setValue(after, -1, TimeUnit.MILLISECONDS);
        } else {
            entry.setValue(after);
        }
        return after;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeObject(command);
        out.writeLong(finishedTtlMillis);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        command = in.readObject();
        finishedTtlMillis = in.readLong();
    }
}
