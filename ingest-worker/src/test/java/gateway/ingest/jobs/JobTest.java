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
