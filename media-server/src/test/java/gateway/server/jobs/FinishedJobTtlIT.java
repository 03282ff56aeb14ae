package gateway.server.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryExpiredListener;
import gateway.server.cluster.ClusterMember;
import gateway.server.config.GatewayConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finished jobs leave the cluster's job map after {@code jobs.finished-ttl-s}; open jobs stay. A
 * real Hazelcast member on loopback, a TTL of one second.
 */
class FinishedJobTtlIT {
    private static final long LEASE = 60_000;

    @TempDir
    Path dir;

    @Test
    void finishedJobsExpireAndOpenOnesStay() throws Exception {
        Path store = Files.createDirectories(dir.resolve("store"));
        GatewayConfig config = JobFixture.config(store, 0).withFinishedJobTtl(Duration.ofSeconds(1));
        assertEquals(Duration.ofSeconds(1), config.finishedJobTtl());
        try (ClusterMember member = ClusterMember.start(config, "ttl-" + UUID.randomUUID())) {
            ClusterJobBoard board = new ClusterJobBoard(member.hazelcast(), config.finishedJobTtl());
            IMap<JobKey, Job> map = member.hazelcast().getMap(ClusterJobBoard.MAP);
            Job done = job("asset-done");
            Job failed = job("asset-failed");
            Job open = job("asset-open");
            Job already = Job.alreadyDone(spec("asset-already"), 1, "already ingested", System.currentTimeMillis());
            CountDownLatch expired = new CountDownLatch(3);
            map.addEntryListener(
                    (EntryExpiredListener<JobKey, Job>) (EntryEvent<JobKey, Job> e) -> {
                        if (!e.getOldValue().spec().assetId().equals("asset-open")) {
                            expired.countDown();
                        }
                    },
                    true);
            for (Job j : new Job[] {done, failed, open, already}) {
                assertTrue(board.enqueue(j));
            }
            for (Job j : new Job[] {done, failed, open}) {
                board.apply(j.jobId(), new JobCommand.Claim("w", "t-" + j.jobId(), LEASE));
            }
            board.apply(done.jobId(), new JobCommand.Complete("t-" + done.jobId(), 1, ""));
            for (int i = 0; i < Job.MAX_FAILURES; i++) {
                board.apply(failed.jobId(), new JobCommand.Fail("t-" + failed.jobId(), "CORRUPT", "bad bytes"));
                board.apply(failed.jobId(), new JobCommand.Claim("w", "t-" + failed.jobId(), LEASE));
            }
            assertEquals(
                    Job.QUARANTINED, board.get(failed.jobId()).orElseThrow().state());

            assertEquals(1_000, map.getEntryView(JobKey.of(done.jobId())).getTtl(), "done: one second to live");
            assertEquals(1_000, map.getEntryView(JobKey.of(failed.jobId())).getTtl(), "quarantined: the same");
            assertEquals(1_000, map.getEntryView(JobKey.of(already.jobId())).getTtl(), "already done: the same");
            long openTtl = map.getEntryView(JobKey.of(open.jobId())).getTtl();
            assertTrue(openTtl == 0 || openTtl > 3_600_000L, "a running job stays: ttl " + openTtl);

            // The member's expiry task drops them (it samples every few seconds).
            assertTrue(expired.await(60, TimeUnit.SECONDS), "the finished jobs expired");
            assertTrue(board.get(done.jobId()).isEmpty());
            assertTrue(board.get(failed.jobId()).isEmpty());
            assertTrue(board.get(already.jobId()).isEmpty());
            assertEquals(Job.RUNNING, board.get(open.jobId()).orElseThrow().state());
            assertEquals(1, board.open().size());
        }
    }

    private static JobSpec spec(String asset) {
        return new JobSpec("ttl", asset, "/media/" + asset + ".mov", JobSpec.EDIT, 0, 10);
    }

    private static Job job(String asset) {
        return Job.queued(spec(asset), System.currentTimeMillis());
    }
}
