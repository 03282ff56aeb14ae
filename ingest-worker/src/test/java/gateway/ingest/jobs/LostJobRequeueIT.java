package gateway.ingest.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import gateway.ingest.IngestCoordinator;
import gateway.ingest.JobStatus;
import gateway.ingest.cluster.ClusterMember;
import gateway.ingest.fixtures.JobFixture;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.ProjectId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job the cluster acknowledged and its map then lost (as a partitioned member's entry can be lost
 * when it merges back, or an entry and its backup when two members vanish) comes back from its
 * intent on the store without a node restart: a status request for it re-queues it instead of
 * answering NOT_FOUND, and a member leaving makes the oldest member sweep the store. A real
 * Hazelcast cluster on loopback (two members in this JVM); the merge itself is not reproduced here
 * (it takes a partition of minutes: {@code ./gateway bench --faults --fault freeze}), the sweep it
 * triggers is.
 */
class LostJobRequeueIT {
    private static final ProjectId PROJECT = new ProjectId("lost");

    @TempDir
    Path dir;

    @Test
    void aLostJobIsQueuedAgainFromItsIntentOnStatusAndWhenAMemberLeaves() throws Exception {
        Path store = Files.createDirectories(dir.resolve("store"));
        Path card = Files.createDirectories(dir.resolve("card"));
        Files.write(card.resolve("A001C001.mov"), new byte[] {0, 0, 0, 8, 'f', 't', 'y', 'p'});
        JobFixture.Setup config = JobFixture.config(store, 0);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        try (ClusterMember first = ClusterMember.start(config.cluster(), "lost-first-" + suffix);
                IngestCoordinator ingest =
                        IngestCoordinator.clustered(config.ingest(), new ManifestStore(store), first, m -> {})) {
            List<JobStatus> queued = ingest.submit(List.of(card), PROJECT);
            String jobId = queued.get(0).jobId();
            IMap<JobKey, Job> map = first.hazelcast().getMap(ClusterJobBoard.MAP);
            assertTrue(map.containsKey(JobKey.of(jobId)), "acknowledged: on the board");

            map.delete(JobKey.of(jobId));
            JobStatus asked =
                    ingest.status(jobId).orElseThrow(() -> new AssertionError("lost job answered as unknown"));
            assertEquals(JobStatus.QUEUED, asked.state());
            assertEquals(queued.get(0).assetId(), asked.assetId());
            assertTrue(map.containsKey(JobKey.of(jobId)), "queued again on the board");

            // Nothing the store calls finished or unknown is made up.
            assertTrue(ingest.status("lost:" + UUID.randomUUID() + ":0").isEmpty());
            assertTrue(ingest.status("no-colons-here").isEmpty());

            map.delete(JobKey.of(jobId));
            CountDownLatch back = new CountDownLatch(1);
            map.addEntryListener(
                    (EntryAddedListener<JobKey, Job>) (EntryEvent<JobKey, Job> e) -> {
                        if (e.getKey().equals(JobKey.of(jobId))) {
                            back.countDown();
                        }
                    },
                    false);
            try (ClusterMember second = ClusterMember.start(config.cluster(), "lost-second-" + suffix)) {
                assertEquals(2, first.memberCount());
                assertFalse(map.containsKey(JobKey.of(jobId)));
            }
            assertTrue(back.await(60, TimeUnit.SECONDS), "the oldest member re-queued the lost job when a member left");
            assertEquals(Job.QUEUED, map.get(JobKey.of(jobId)).state());
        }
    }

    @Test
    void aMergeSweepsAndAMemberLeavingSweepsOnlyOnTheOldestMember() throws Exception {
        AtomicInteger sweeps = new AtomicInteger();
        CountDownLatch swept = new CountDownLatch(1);
        boolean[] oldest = {false};
        try (LostJobSweep sweep = new LostJobSweep(
                () -> {
                    sweeps.incrementAndGet();
                    swept.countDown();
                    return 0;
                },
                () -> oldest[0])) {
            sweep.lifecycle(LifecycleEvent.LifecycleState.STARTED);
            sweep.lifecycle(LifecycleEvent.LifecycleState.MERGING);
            sweep.memberLeft("127.0.0.1:5702");
            sweep.lifecycle(LifecycleEvent.LifecycleState.MERGED);
            assertTrue(swept.await(30, TimeUnit.SECONDS), "a merge sweeps");
            // The sweeps run in request order on one thread: the requests before the merge's asked for none.
            assertEquals(1, sweeps.get());

            CountDownLatch second = new CountDownLatch(1);
            try (LostJobSweep onOldest = new LostJobSweep(
                    () -> {
                        second.countDown();
                        return 0;
                    },
                    () -> true)) {
                onOldest.memberLeft("127.0.0.1:5703");
                assertTrue(second.await(30, TimeUnit.SECONDS), "the oldest member sweeps when a member leaves");
            }
        }
    }
}
