package gateway.ingest.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryExpiredListener;
import gateway.ingest.cluster.ClusterMember;
import gateway.ingest.fixtures.JobFixture;
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
 * real Hazelcast member on loopback. The time to live each entry carries is checked with a board
 * keeping finished jobs an hour (so a slow machine cannot let an entry expire before it is read);
 * the expiry itself with a second board over the same map keeping them one second.
 */
class FinishedJobTtlIT {
    private static final long LEASE = 60_000;

    @TempDir
    Path dir;

    @Test
    void finishedJobsCarryTheConfiguredTimeToLiveAndOpenOnesNone() throws Exception {
        Path store = Files.createDirectories(dir.resolve("store"));
        JobFixture.Setup config = JobFixture.config(store, 0).withFinishedJobTtl(Duration.ofHours(1));
        assertEquals(Duration.ofHours(1), config.ingest().finishedJobTtl());
        try (ClusterMember member = ClusterMember.start(config.cluster(), "ttl-" + UUID.randomUUID())) {
            ClusterJobBoard board =
                    new ClusterJobBoard(member.hazelcast(), config.ingest().finishedJobTtl());
            IMap<JobKey, Job> map = member.hazelcast().getMap(ClusterJobBoard.MAP);
            Jobs jobs = Jobs.finish(board, "hour");
            assertEquals(
                    Job.QUARANTINED,
                    board.get(jobs.failed.jobId()).orElseThrow().state());
            assertEquals(Job.DONE, board.get(jobs.done.jobId()).orElseThrow().state());
            long hour = 3_600_000L;
            assertEquals(hour, map.getEntryView(JobKey.of(jobs.done.jobId())).getTtl(), "done: an hour to live");
            assertEquals(hour, map.getEntryView(JobKey.of(jobs.failed.jobId())).getTtl(), "quarantined: the same");
            assertEquals(hour, map.getEntryView(JobKey.of(jobs.already.jobId())).getTtl(), "already done: the same");
            long openTtl = map.getEntryView(JobKey.of(jobs.open.jobId())).getTtl();
            assertTrue(openTtl == 0 || openTtl > hour, "a running job has no time to live: ttl " + openTtl);

            // A retried quarantined job is open again: queued, and the finished entry's time to live is gone.
            Job retried = board.apply(jobs.failed.jobId(), new JobCommand.Retry("ana"))
                    .orElseThrow();
            assertEquals(Job.QUEUED, retried.state());
            assertEquals(
                    Job.QUEUED, board.get(jobs.failed.jobId()).orElseThrow().state());
            long retriedTtl = map.getEntryView(JobKey.of(jobs.failed.jobId())).getTtl();
            assertTrue(retriedTtl == 0 || retriedTtl > hour, "a retried job has no time to live: ttl " + retriedTtl);
        }
    }

    @Test
    void finishedJobsExpireAndOpenOnesStay() throws Exception {
        Path store = Files.createDirectories(dir.resolve("store"));
        JobFixture.Setup config = JobFixture.config(store, 0).withFinishedJobTtl(Duration.ofSeconds(1));
        try (ClusterMember member = ClusterMember.start(config.cluster(), "ttl-" + UUID.randomUUID())) {
            ClusterJobBoard board =
                    new ClusterJobBoard(member.hazelcast(), config.ingest().finishedJobTtl());
            IMap<JobKey, Job> map = member.hazelcast().getMap(ClusterJobBoard.MAP);
            CountDownLatch expired = new CountDownLatch(3);
            map.addEntryListener(
                    (EntryExpiredListener<JobKey, Job>) (EntryEvent<JobKey, Job> e) -> {
                        if (!e.getOldValue().spec().assetId().startsWith("second-open")) {
                            expired.countDown();
                        }
                    },
                    true);
            Jobs jobs = Jobs.finish(board, "second");

            // The member's expiry task drops them (it samples every few seconds).
            assertTrue(expired.await(60, TimeUnit.SECONDS), "the finished jobs expired");
            assertTrue(board.get(jobs.done.jobId()).isEmpty());
            assertTrue(board.get(jobs.failed.jobId()).isEmpty());
            assertTrue(board.get(jobs.already.jobId()).isEmpty());
            assertEquals(Job.RUNNING, board.get(jobs.open.jobId()).orElseThrow().state());
            assertEquals(1, board.open().size());
        }
    }

    /** One job done, one quarantined, one already done at enqueue, one still running. */
    private record Jobs(Job done, Job failed, Job open, Job already) {
        static Jobs finish(ClusterJobBoard board, String prefix) {
            Jobs jobs = new Jobs(
                    job(prefix + "-done"),
                    job(prefix + "-failed"),
                    job(prefix + "-open"),
                    Job.alreadyDone(spec(prefix + "-already"), 1, "already ingested", System.currentTimeMillis()));
            for (Job j : new Job[] {jobs.done, jobs.failed, jobs.open, jobs.already}) {
                assertTrue(board.enqueue(j));
            }
            for (Job j : new Job[] {jobs.done, jobs.failed, jobs.open}) {
                board.apply(j.jobId(), new JobCommand.Claim("w", "t-" + j.jobId(), LEASE));
            }
            board.apply(jobs.done.jobId(), new JobCommand.Complete("t-" + jobs.done.jobId(), 1, ""));
            for (int i = 0; i < Job.MAX_FAILURES; i++) {
                board.apply(
                        jobs.failed.jobId(), new JobCommand.Fail("t-" + jobs.failed.jobId(), "CORRUPT", "bad bytes"));
                board.apply(jobs.failed.jobId(), new JobCommand.Claim("w", "t-" + jobs.failed.jobId(), LEASE));
            }
            return jobs;
        }
    }

    private static JobSpec spec(String asset) {
        return new JobSpec("ttl", asset, "/media/" + asset + ".mov", JobSpec.EDIT, 0, 10);
    }

    private static Job job(String asset) {
        return Job.queued(spec(asset), System.currentTimeMillis());
    }
}
