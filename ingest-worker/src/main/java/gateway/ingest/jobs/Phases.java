package gateway.ingest.jobs;

import gateway.ingest.offload.IntakeProgress;
import gateway.ingest.offload.OriginalSource;
import java.util.Map;

/**
 * How a run's phases share the job's percent: in copy mode COPYING 0-30, HASHING (the copy
 * re-read) 30-45, PROXYING 45-99; in reference mode HASHING 0-30, PROXYING 30-99; a job with
 * nothing to take in (a re-made rendition) is all PROXYING. Rough weights by bytes read: the copy
 * reads and writes the original, the verify reads it, the worker decodes it once.
 */
record Phases(int copyingTo, int hashingTo) {
    static Phases of(Map<String, String> originalSource) {
        if (!originalSource.containsKey(OriginalSource.META_INTAKE_ROOT)) {
            return new Phases(0, 0);
        }
        return "copy".equals(originalSource.get(OriginalSource.META_MODE)) ? new Phases(30, 45) : new Phases(0, 30);
    }

    /** The job's percent with {@code read} of {@code total} bytes done in intake phase {@code phase}. */
    int intake(IntakeProgress.Phase phase, long read, long total) {
        int from = phase == IntakeProgress.Phase.COPYING ? 0 : copyingTo;
        int to = phase == IntakeProgress.Phase.COPYING ? copyingTo : hashingTo;
        long share = total <= 0 ? 0 : Math.min(total, read) * (to - from) / total;
        return from + (int) share;
    }

    int proxyingFrom() {
        return hashingTo;
    }

    /** The job's percent with the worker at {@code workerPercent} of its work. */
    int proxying(int workerPercent) {
        return hashingTo + Math.max(0, Math.min(100, workerPercent)) * (99 - hashingTo) / 100;
    }
}
