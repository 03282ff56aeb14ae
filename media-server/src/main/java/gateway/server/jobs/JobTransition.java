package gateway.server.jobs;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.io.IOException;
import java.util.Map;

/**
 * Runs one {@link JobCommand} on the member that owns the job's entry (the computation moves to
 * the data: no get-modify-put race). Returns the job as it is afterwards, or null when there is no
 * such job. Written as {@link DataSerializable} (Hazelcast's own format, never Java serialisation,
 * which Helidon's JVM-wide filter refuses): an entry processor is {@code Serializable}, so
 * zero-config Compact does not pick it up; the command inside is a Compact record.
 */
public final class JobTransition implements EntryProcessor<JobKey, Job, Job>, DataSerializable {
    private JobCommand command;

    /** For Hazelcast, which creates the processor by its class before {@link #readData}. */
    public JobTransition() {}

    JobTransition(JobCommand command) {
        this.command = command;
    }

    @Override
    public Job process(Map.Entry<JobKey, Job> entry) {
        Job before = entry.getValue();
        if (before == null) {
            return null;
        }
        Job after = command.applyTo(before, System.currentTimeMillis());
        if (!after.equals(before)) {
            entry.setValue(after);
        }
        return after;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeObject(command);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        command = in.readObject();
    }
}
