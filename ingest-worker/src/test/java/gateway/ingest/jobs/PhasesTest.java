package gateway.ingest.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import gateway.ingest.offload.IntakeProgress;
import gateway.ingest.offload.OriginalSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A running job reports its phase; the phases share the job's percent in order, never going back. */
class PhasesTest {
    private static final JobSpec SPEC = new JobSpec("feature", "asset-0001", "/media/A001C003.mov", "edit", 0, 10);

    @Test
    void theHolderReportsItsPhaseAndAClaimStartsWithoutOne() {
        Job running = Job.queued(SPEC, 1_000).claim("w1", "t1", 1_000, 2_000);
        assertEquals("", running.phase());
        Job copying = running.renew("t1", 1_100, 2_000, 12, Job.COPYING);
        assertEquals(Job.COPYING, copying.phase());
        assertEquals(12, copying.percent());
        assertSame(copying, copying.renew("other", 1_200, 2_000, 50, Job.PROXYING), "only the holder reports");
        // A renewal without a phase keeps the phase.
        assertEquals(Job.COPYING, copying.renew("t1", 1_300, 2_000, 20).phase());
        // The lease lapses, another claimer takes the job: it starts over without a phase.
        assertEquals("", copying.claim("w2", "t2", 5_000, 2_000).phase());
        assertEquals("", copying.complete("t1", 1, "", 1_400).phase());
    }

    @Test
    void copyModeWeighsCopyingHashingAndProxyingInOrder() {
        Phases p = Phases.of(Map.of(OriginalSource.META_INTAKE_ROOT, "/cards/A001", OriginalSource.META_MODE, "copy"));
        assertEquals(0, p.intake(IntakeProgress.Phase.COPYING, 0, 100));
        assertEquals(15, p.intake(IntakeProgress.Phase.COPYING, 50, 100));
        assertEquals(30, p.intake(IntakeProgress.Phase.HASHING, 0, 100));
        assertEquals(45, p.intake(IntakeProgress.Phase.HASHING, 100, 100));
        assertEquals(45, p.proxying(0));
        assertEquals(99, p.proxying(100));
    }

    @Test
    void referenceModeHashesThenProxiesAndARemakeIsAllProxying() {
        Phases reference = Phases.of(
                Map.of(OriginalSource.META_INTAKE_ROOT, "/cards/A001", OriginalSource.META_MODE, "reference"));
        assertEquals(15, reference.intake(IntakeProgress.Phase.HASHING, 1, 2));
        assertEquals(30, reference.proxyingFrom());
        Phases remake = Phases.of(Map.of());
        assertEquals(0, remake.proxyingFrom());
        assertEquals(49, remake.proxying(50));
    }
}
