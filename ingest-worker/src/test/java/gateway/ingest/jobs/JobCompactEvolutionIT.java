package gateway.ingest.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import com.hazelcast.nio.serialization.genericrecord.GenericRecordBuilder;
import gateway.ingest.cluster.ClusterMember;
import gateway.ingest.fixtures.JobFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job and a renewal written by a member built before {@code framesDone} / {@code framesTotal}
 * existed (their Compact schema lacks the fields) read on a current member with 0 frames: a
 * rolling upgrade of the cluster does not break the job map.
 */
class JobCompactEvolutionIT {
    @TempDir
    static Path dir;

    @Test
    @Timeout(120)
    void anEntryAndACommandWithoutFramesReadWithZeroFrames() throws Exception {
        Path storeDir = Files.createDirectories(dir.resolve("store"));
        try (ClusterMember member =
                ClusterMember.start(JobFixture.config(storeDir, 0).cluster(), "evolution")) {
            IMap<String, Object> map = member.hazelcast().getMap("evolution");
            GenericRecord spec = GenericRecordBuilder.compact(JobSpec.class.getName())
                    .setString("project", "feature")
                    .setString("assetId", "asset-0001")
                    .setString("originalPath", "/media/A001C003.mov")
                    .setString("profiles", "edit")
                    .setInt64("baseVersion", 0)
                    .setInt64("mediaSeconds", 40)
                    .build();
            GenericRecord oldJob = GenericRecordBuilder.compact(Job.class.getName())
                    .setGenericRecord("spec", spec)
                    .setString("state", Job.RUNNING)
                    .setInt32("percent", 42)
                    .setString("workerId", "w1")
                    .setString("leaseToken", "t1")
                    .setInt64("leaseUntilMillis", 5_000)
                    .setInt32("attempts", 1)
                    .setInt32("failures", 0)
                    .setInt32("lapses", 0)
                    .setString("errorReason", "")
                    .setString("errorMessage", "")
                    .setString("warnings", "")
                    .setInt64("committedVersion", 0)
                    .setInt64("updatedAtMillis", 1_000)
                    .setString("phase", Job.PROXYING)
                    .build();
            map.put("job", oldJob);
            Job read = (Job) map.get("job");
            assertEquals(42, read.percent());
            assertEquals(Job.PROXYING, read.phase());
            assertEquals(0, read.framesDone());
            assertEquals(0, read.framesTotal());

            GenericRecord oldRenew = GenericRecordBuilder.compact(JobCommand.Renew.class.getName())
                    .setString("token", "t1")
                    .setInt64("leaseMillis", 60_000)
                    .setInt32("percent", 50)
                    .setString("phase", "")
                    .build();
            map.put("renew", oldRenew);
            JobCommand.Renew renew = (JobCommand.Renew) map.get("renew");
            assertEquals(50, renew.percent());
            assertEquals(0, renew.framesDone());
            assertEquals(0, renew.framesTotal());
        }
    }
}
