package gateway.ingest.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import org.junit.jupiter.api.Test;

class JobTest {
    private static final long LEASE = 2_000;
    private static final JobSpec SPEC = new JobSpec("feature", "asset-0001", "/media/A001C003.mov", "edit", 0, 10);

    private static Job queued() {
        return Job.queued(SPEC, 1_000);
    }

    @Test
    void aClaimHoldsTheJobUntilTheLeaseLapses() {
        Job running = queued().claim("w1", "t1", 1_000, LEASE);
        assertEquals(Job.RUNNING, running.state());
        assertTrue(running.heldBy("t1"));
        assertEquals(1, running.attempts());
        assertEquals(3_000, running.leaseUntilMillis());
        // A second claimer loses while the lease holds ...
        assertSame(running, running.claim("w2", "t2", 2_999, LEASE));
        // ... and wins once it lapsed, which counts a lapse, not a failure.
        Job taken = running.claim("w2", "t2", 3_000, LEASE);
        assertTrue(taken.heldBy("t2"));
        assertFalse(taken.heldBy("t1"));
        assertEquals(1, taken.lapses());
        assertEquals(0, taken.failures());
        assertEquals(2, taken.attempts());
    }

    @Test
    void onlyTheHolderRenewsCompletesFailsOrReleases() {
        Job running = queued().claim("w1", "t1", 1_000, LEASE);
        assertSame(running, running.renew("other", 2_000, LEASE, 50));
        assertSame(running, running.complete("other", 1, "", 2_000));
        assertSame(running, running.fail("other", Reason.CORRUPT, "x", 2_000));
        assertSame(running, running.release("other", 2_000));
        Job renewed = running.renew("t1", 2_500, LEASE, 40);
        assertEquals(4_500, renewed.leaseUntilMillis());
        assertEquals(40, renewed.percent());
        Job done = renewed.complete("t1", 1, "a warning", 2_600);
        assertEquals(Job.DONE, done.state());
        assertEquals(1, done.committedVersion());
        assertTrue(done.isFinished());
        assertSame(done, done.claim("w3", "t3", 1_000_000, LEASE), "a finished job is never claimed again");
    }

    @Test
    void aSecondFailureQuarantinesWithItsReason() {
        Job once = queued().claim("w1", "t1", 1_000, LEASE).fail("t1", Reason.CORRUPT, "bad atom", 1_500);
        assertEquals(Job.QUEUED, once.state());
        assertEquals(1, once.failures());
        assertEquals("CORRUPT", once.errorReason());
        Job twice = once.claim("w2", "t2", 1_600, LEASE).fail("t2", Reason.UNSUPPORTED, "no demuxer", 1_700);
        assertEquals(Job.QUARANTINED, twice.state());
        assertEquals("UNSUPPORTED", twice.errorReason());
        assertEquals("no demuxer", twice.errorMessage());
        assertFalse(twice.claimableAt(Long.MAX_VALUE));
    }

    @Test
    void aRetryQueuesAQuarantinedJobWithItsCountsClearedAndNothingElse() {
        Job twice = queued().claim("w1", "t1", 1_000, LEASE)
                .fail("t1", Reason.CORRUPT, "bad atom", 1_500)
                .claim("w2", "t2", 1_600, LEASE)
                .fail("t2", Reason.CORRUPT, "bad atom", 1_700);
        assertEquals(Job.QUARANTINED, twice.state());

        Job again = new JobCommand.Retry("ana").applyTo(twice, 2_000);

        assertEquals(Job.QUEUED, again.state());
        assertEquals(0, again.failures());
        assertEquals(0, again.lapses());
        assertEquals(2_000, again.updatedAtMillis());
        assertTrue(again.claimableAt(2_000));
        assertEquals("CORRUPT", again.errorReason(), "the last error stays until the new run replaces it");
        // It gets two more tries before it is quarantined again.
        Job failedOnce = again.claim("w3", "t3", 2_100, LEASE).fail("t3", Reason.CORRUPT, "bad atom", 2_200);
        assertEquals(Job.QUEUED, failedOnce.state());
        Job running = queued().claim("w1", "t1", 1_000, LEASE);
        assertSame(running, running.retry(1_100), "only a quarantined job is retried");
        Job done = running.complete("t1", 1, "", 1_200);
        assertSame(done, done.retry(1_300));
    }

    @Test
    void aJobThatKeepsLosingItsWorkerIsQuarantinedNotLooped() {
        Job j = queued();
        long now = 1_000;
        for (int i = 0; i < Job.MAX_LAPSES; i++) {
            j = j.claim("w" + i, "t" + i, now, LEASE);
            now += LEASE;
        }
        assertEquals(Job.RUNNING, j.state());
        Job last = j.claim("w9", "t9", now, LEASE);
        assertEquals(Job.QUARANTINED, last.state());
        assertEquals(Reason.RESOURCE_LIMIT.name(), last.errorReason());
        assertEquals(Job.MAX_LAPSES, last.lapses());
    }

    @Test
    void aLateButAliveHolderDoesNotCountAsALostWorker() {
        // A loaded machine renews after the lease, each time after another claimer took the job:
        // every late holder speaks again under its token, so none of the lapses stays counted.
        Job j = queued().claim("w0", "t0", 1_000, LEASE);
        long now = 1_000 + LEASE;
        for (int i = 1; i <= Job.MAX_LAPSES + 2; i++) {
            Job taken = j.claim("w" + i, "t" + i, now, LEASE);
            assertEquals(Job.RUNNING, taken.state(), "claim " + i);
            assertEquals(1, taken.lapses());
            Job late = taken.renew("t" + (i - 1), now + 100, LEASE, 50);
            assertEquals(0, late.lapses(), "the late holder was alive: its lapse is taken back");
            assertTrue(late.heldBy("t" + i), "the late holder does not get the job back");
            assertFalse(late.heldBy("t" + (i - 1)));
            assertSame(late, late.renew("t" + (i - 1), now + 200, LEASE, 50), "taken back once only");
            j = late;
            now += LEASE;
        }
        assertEquals(Job.RUNNING, j.state());
    }

    @Test
    void anyWordFromALapsedHolderShowsItAlive() {
        Job taken = queued().claim("w1", "t1", 1_000, LEASE).claim("w2", "t2", 1_000 + LEASE, LEASE);
        assertEquals(1, taken.lapses());
        assertEquals(0, taken.complete("t1", 1, "", 4_000).lapses());
        assertEquals(0, taken.fail("t1", Reason.CORRUPT, "x", 4_000).lapses());
        assertEquals(0, taken.release("t1", 4_000).lapses());
        assertTrue(taken.fail("t1", Reason.CORRUPT, "x", 4_000).heldBy("t2"), "a stale failure changes nothing else");
        assertEquals(0, taken.fail("t1", Reason.CORRUPT, "x", 4_000).failures());
    }

    @Test
    void holdersThatReallyDiedStillQuarantineTheJob() {
        // t0 dies (never speaks again), t1 is late but alive, t2 and t3 die: three lost workers.
        Job j = queued().claim("w0", "t0", 1_000, LEASE);
        j = j.claim("w1", "t1", 3_000, LEASE);
        j = j.claim("w2", "t2", 5_000, LEASE).renew("t1", 5_100, LEASE, 10);
        assertEquals(1, j.lapses(), "t0's lapse stays, t1's is taken back");
        j = j.claim("w3", "t3", 7_100, LEASE);
        assertEquals(Job.RUNNING, j.state());
        Job last = j.claim("w4", "t4", 9_100, LEASE);
        assertEquals(Job.QUARANTINED, last.state());
        assertEquals(Job.MAX_LAPSES, last.lapses());
        assertTrue(last.errorMessage().contains("lost its worker 3 times"), last.errorMessage());
        assertSame(last, last.renew("t3", 9_200, LEASE, 10), "a word after the quarantine does not undo it");
    }

    @Test
    void aLeaseKeeperRenewingLateGivesUpTheRunWithoutCountingALostWorker() {
        long[] now = {10_000};
        LocalJobBoard board = new LocalJobBoard(java.time.Duration.ofMinutes(1), () -> now[0]);
        board.enqueue(Job.queued(SPEC, now[0]));
        board.apply(SPEC.jobId(), new JobCommand.Claim("w1", "t1", LEASE));
        int[] lost = {0};
        // The keeper's own lease is long, so that its timer does not renew during the test.
        try (LeaseKeeper keeper =
                new LeaseKeeper(board, SPEC.jobId(), "t1", java.time.Duration.ofMinutes(1), () -> lost[0]++)) {
            now[0] += LEASE + 1; // t1's renewals are late: its lease lapsed ...
            Job taken = board.apply(SPEC.jobId(), new JobCommand.Claim("w2", "t2", LEASE))
                    .orElseThrow(); // ... and w2 took the job
            assertEquals(1, taken.lapses());
            now[0] += 100;
            assertFalse(keeper.renewNow(), "the late run learns it lost the job");
            assertTrue(keeper.lost());
        }
        assertEquals(1, lost[0], "the late run is told once to stop");
        Job after = board.get(SPEC.jobId()).orElseThrow();
        assertTrue(after.heldBy("t2"));
        assertEquals(0, after.lapses(), "the late run was alive: no lost worker counted");
    }

    @Test
    void aReleasedJobIsQueuedWithNothingCounted() {
        Job released = queued().claim("w1", "t1", 1_000, LEASE).release("t1", 1_100);
        assertEquals(Job.QUEUED, released.state());
        assertEquals(0, released.failures());
        assertEquals(0, released.lapses());
        assertTrue(released.claimableAt(1_100));
    }

    @Test
    void jobIdsAreDeterministicAndNameTheProject() {
        assertEquals("feature:asset-0001:0", SPEC.jobId());
        assertEquals("feature", JobSpec.projectOf(SPEC.jobId()).value());
        assertThrows(GatewayException.class, () -> JobSpec.projectOf("no-project-here"));
    }

    @Test
    void theLocalBoardAppliesCommandsAtomicallyAndTellsListeners() throws Exception {
        LocalJobBoard board = new LocalJobBoard();
        java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (AutoCloseable l = board.listen(j -> seen.add(j.state()))) {
            assertTrue(board.enqueue(queued()));
            assertFalse(board.enqueue(queued()), "a job id is queued once");
            Job won = board.apply(SPEC.jobId(), new JobCommand.Claim("w1", "t1", LEASE))
                    .orElseThrow();
            Job lost = board.apply(SPEC.jobId(), new JobCommand.Claim("w2", "t2", LEASE))
                    .orElseThrow();
            assertTrue(won.heldBy("t1"));
            assertTrue(lost.heldBy("t1"), "the second claim sees the first one's lease");
            assertEquals(java.util.List.of(Job.QUEUED, Job.RUNNING), seen);
            assertTrue(board.apply("feature:nothing-here:0", new JobCommand.Release("t"))
                    .isEmpty());
        }
    }

    @Test
    void theLocalBoardDropsFinishedJobsAfterTheirTimeToLive() {
        long[] now = {10_000};
        LocalJobBoard board = new LocalJobBoard(java.time.Duration.ofSeconds(5), () -> now[0]);
        JobSpec other = new JobSpec("feature", "asset-0002", "/media/B.mov", "edit", 0, 10);
        board.enqueue(Job.queued(SPEC, now[0]));
        board.enqueue(Job.queued(other, now[0]));
        board.apply(SPEC.jobId(), new JobCommand.Claim("w1", "t1", LEASE));
        board.apply(SPEC.jobId(), new JobCommand.Complete("t1", 1, ""));

        now[0] += 4_999;
        assertEquals(Job.DONE, board.get(SPEC.jobId()).orElseThrow().state(), "kept for the time to live");
        now[0] += 1;
        assertTrue(board.get(SPEC.jobId()).isEmpty(), "dropped once it has been finished that long");
        assertEquals(Job.QUEUED, board.get(other.jobId()).orElseThrow().state(), "an open job stays");
        assertEquals(1, board.open().size());
    }
}
