package gateway.ingest.jobs;

import gateway.model.error.Reason;

/**
 * A change to one job, shipped to the member that owns the entry and applied there (see {@link
 * JobTransition}). Each is a Compact-serialised record; {@code nowMillis} is the owner's clock.
 */
public sealed interface JobCommand {
    Job applyTo(Job job, long nowMillis);

    record Claim(String workerId, String token, long leaseMillis) implements JobCommand {
        @Override
        public Job applyTo(Job job, long nowMillis) {
            return job.claim(workerId, token, nowMillis, leaseMillis);
        }
    }

    /**
     * {@code phase}: the holder's phase now (empty: unchanged); {@code framesDone} of {@code
     * framesTotal}: the pictures decoded so far while proxying (0: not known). A command from a
     * member built before the frames were added reads them as 0.
     */
    record Renew(String token, long leaseMillis, int percent, String phase, long framesDone, long framesTotal)
            implements JobCommand {
        /** A renewal that reports no frames. */
        public Renew(String token, long leaseMillis, int percent, String phase) {
            this(token, leaseMillis, percent, phase, 0, 0);
        }

        @Override
        public Job applyTo(Job job, long nowMillis) {
            String next = phase == null || phase.isEmpty() ? job.phase() : phase;
            return job.renew(token, nowMillis, leaseMillis, percent, next, framesDone, framesTotal);
        }
    }

    record Complete(String token, long committedVersion, String warnings) implements JobCommand {
        @Override
        public Job applyTo(Job job, long nowMillis) {
            return job.complete(token, committedVersion, warnings, nowMillis);
        }
    }

    record Fail(String token, String reason, String message) implements JobCommand {
        @Override
        public Job applyTo(Job job, long nowMillis) {
            return job.fail(token, Reason.valueOf(reason), message, nowMillis);
        }
    }

    record Release(String token) implements JobCommand {
        @Override
        public Job applyTo(Job job, long nowMillis) {
            return job.release(token, nowMillis);
        }
    }

    /** A quarantined job queued again at a person's request ({@code by}: who asked, for the log). */
    record Retry(String by) implements JobCommand {
        @Override
        public Job applyTo(Job job, long nowMillis) {
            return job.retry(nowMillis);
        }
    }
}
