package gateway.ingest.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.ingest.JobStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The frames a running job has decoded travel through the job board to its readers. */
class JobFramesTest {
    private static final long LEASE = 60_000;
    private static final JobSpec SPEC = new JobSpec("feature", "asset-0001", "/media/A001C003.mov", "edit", 0, 40);

    @Test
    void aRenewalCarriesFramesDoneAndTotalToTheBoardsReadersAndListeners() throws Exception {
        LocalJobBoard board = new LocalJobBoard(Duration.ofMinutes(1), () -> 1_000);
        List<Job> heard = new CopyOnWriteArrayList<>();
        board.enqueue(Job.queued(SPEC, 1_000));
        try (AutoCloseable listening = board.listen(heard::add)) {
            board.apply(SPEC.jobId(), new JobCommand.Claim("w1", "t1", LEASE));
            board.apply(SPEC.jobId(), new JobCommand.Renew("t1", LEASE, 40, Job.PROXYING, 250, 1_000));
            // the same percent with more frames is news too (a long original moves a percent slowly)
            board.apply(SPEC.jobId(), new JobCommand.Renew("t1", LEASE, 40, "", 260, 1_000));
        }
        Job running = board.get(SPEC.jobId()).orElseThrow();
        assertEquals(260, running.framesDone());
        assertEquals(1_000, running.framesTotal());
        assertEquals(Job.PROXYING, running.phase(), "a renewal without a phase keeps the phase");
        assertEquals(
                List.of(0L, 250L, 260L), heard.stream().map(Job::framesDone).toList());
        JobStatus status = JobStatus.of(running);
        assertEquals(260, status.framesDone());
        assertEquals(1_000, status.framesTotal());
    }

    @Test
    void onlyTheHolderReportsFramesAndAFinishedJobShowsNone() {
        LocalJobBoard board = new LocalJobBoard(Duration.ofMinutes(1), () -> 1_000);
        board.enqueue(Job.queued(SPEC, 1_000));
        board.apply(SPEC.jobId(), new JobCommand.Claim("w1", "t1", LEASE));
        board.apply(SPEC.jobId(), new JobCommand.Renew("t1", LEASE, 30, Job.PROXYING, 100, 1_000));
        Job other = board.apply(SPEC.jobId(), new JobCommand.Renew("t2", LEASE, 90, Job.PROXYING, 900, 1_000))
                .orElseThrow();
        assertEquals(100, other.framesDone(), "another claimer's report changes nothing");
        // a renewal from a member that knows no frames (its Renew has none): read as 0, not kept
        Job old = board.apply(SPEC.jobId(), new JobCommand.Renew("t1", LEASE, 35, Job.PROXYING))
                .orElseThrow();
        assertEquals(0, old.framesDone());
        Job done =
                board.apply(SPEC.jobId(), new JobCommand.Complete("t1", 1, "")).orElseThrow();
        assertEquals(Job.DONE, done.state());
        JobStatus status = JobStatus.of(done);
        assertEquals(0, status.framesDone(), "frames are a running job's");
        assertEquals(0, status.framesTotal());
        Job requeued = Job.queued(SPEC, 1_000).claim("w1", "t9", 1_000, LEASE);
        assertTrue(requeued.framesDone() == 0 && requeued.framesTotal() == 0, "a new run starts with no frames");
    }
}
