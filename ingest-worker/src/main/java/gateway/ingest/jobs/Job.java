package gateway.ingest.jobs;

import gateway.model.error.Reason;
import java.util.Objects;

/**
 * One job in the job map and where it stands. Immutable: every change is a transition that
 * returns the next value ({@link #claim}, {@link #renew}, {@link #complete}, {@link #fail},
 * {@link #release}), applied to the stored entry by an entry processor on the member that owns it,
 * so there is no get-modify-put race. Times are epoch milliseconds of that member's clock.
 *
 * <p>States: {@code QUEUED} (claimable), {@code RUNNING} (held by {@code workerId} under
 * {@code leaseToken} until {@code leaseUntilMillis}; claimable again once the lease lapses),
 * {@code DONE} ({@code committedVersion} is the manifest version it committed) and
 * {@code QUARANTINED} (failed {@value #MAX_FAILURES} times, or lost its worker {@value #MAX_LAPSES}
 * times; {@code errorReason} / {@code errorMessage} say why). A job that failed once is queued
 * again and keeps the first error in {@code errorReason} / {@code errorMessage}. While RUNNING,
 * {@code phase} says which step the holder is in ({@link #COPYING}, {@link #HASHING},
 * {@link #PROXYING}; empty until the holder first reports) and {@code percent} is of the whole job;
 * a run that dies in any phase leaves the job to be claimed again once its lease lapses, and the
 * next run redoes the phase it died in (each phase's outputs are renamed into place whole).
 *
 * <p>{@code framesDone} / {@code framesTotal}: while PROXYING, the pictures the holder has decoded so
 * far and how many the original has (0: not known, or not in that phase), so a reader can tell the
 * speed in frames per second. Added after the first release: a member or an entry written without
 * them reads them as 0 (Compact's zero-config records give an absent field its default).
 *
 * <p>{@code lapsedTokens} (space-separated) are the lease tokens of the runs whose lapse is counted
 * in {@code lapses}: a run that speaks again under its token (a late renewal on a loaded machine)
 * was alive, and its lapse is taken back ({@link #renew}, {@link #complete}, {@link #fail},
 * {@link #release}); a run that really died (its process killed) never does, and its lapse stays.
 */
public record Job(
        JobSpec spec,
        String state,
        int percent,
        String workerId,
        String leaseToken,
        long leaseUntilMillis,
        int attempts,
        int failures,
        int lapses,
        String errorReason,
        String errorMessage,
        String warnings,
        long committedVersion,
        long updatedAtMillis,
        String phase,
        long framesDone,
        long framesTotal,
        String lapsedTokens) {

    public static final String QUEUED = "QUEUED";
    public static final String RUNNING = "RUNNING";
    public static final String DONE = "DONE";
    public static final String QUARANTINED = "QUARANTINED";

    /** Phase of a running job (copy mode): the original is copied into the store, hashed in the same read. */
    public static final String COPYING = "COPYING";
    /** Phase: the original is hashed where it lies (reference mode), or its copy re-read and verified. */
    public static final String HASHING = "HASHING";
    /** Phase: the worker JVM probes the original and makes its proxies. */
    public static final String PROXYING = "PROXYING";

    /** Failures of the same input before it is quarantined instead of queued again. */
    public static final int MAX_FAILURES = 2;
    /** Lapsed leases (worker killed, node gone) before a job is quarantined rather than looped. */
    public static final int MAX_LAPSES = 3;

    public Job {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(state, "state");
        workerId = nz(workerId);
        leaseToken = nz(leaseToken);
        errorReason = nz(errorReason);
        errorMessage = nz(errorMessage);
        warnings = nz(warnings);
        phase = nz(phase);
        lapsedTokens = nz(lapsedTokens);
    }

    public static Job queued(JobSpec spec, long now) {
        return new Job(spec, QUEUED, 0, "", "", 0, 0, 0, 0, "", "", "", 0, now, "", 0, 0, "");
    }

    /** A job with nothing to do: the asset is already committed at {@code version}. */
    public static Job alreadyDone(JobSpec spec, long version, String note, long now) {
        return new Job(spec, DONE, 100, "", "", 0, 0, 0, 0, "", "", note, version, now, "", 0, 0, "");
    }

    public String jobId() {
        return spec.jobId();
    }

    public boolean isFinished() {
        return state.equals(DONE) || state.equals(QUARANTINED);
    }

    /** True when a claim at {@code now} would succeed (queued, or running under a lapsed lease). */
    public boolean claimableAt(long now) {
        return state.equals(QUEUED) || (state.equals(RUNNING) && leaseUntilMillis <= now);
    }

    public boolean heldBy(String token) {
        return state.equals(RUNNING) && !token.isEmpty() && leaseToken.equals(token);
    }

    /**
     * {@code worker} takes the job under {@code token} until {@code now + leaseMillis}. A job whose
     * lease lapsed counts a lapse; the {@value #MAX_LAPSES}th is quarantined instead of run again.
     * Anything else (held, finished) is returned unchanged: the claim lost.
     */
    public Job claim(String worker, String token, long now, long leaseMillis) {
        if (!claimableAt(now)) {
            return this;
        }
        boolean lapse = state.equals(RUNNING);
        int lapsed = lapse ? lapses + 1 : lapses;
        String suspects = lapse ? (lapsedTokens + " " + leaseToken).strip() : lapsedTokens;
        if (lapsed >= MAX_LAPSES) {
            return new Job(
                    spec,
                    QUARANTINED,
                    percent,
                    "",
                    "",
                    0,
                    attempts,
                    failures,
                    lapsed,
                    Reason.RESOURCE_LIMIT.name(),
                    "the job lost its worker " + lapsed + " times (last " + workerId + "): " + spec.originalPath()
                            + " was not finished and is not tried again",
                    warnings,
                    0,
                    now,
                    phase,
                    framesDone,
                    framesTotal,
                    suspects);
        }
        return new Job(
                spec,
                RUNNING,
                0,
                worker,
                token,
                now + leaseMillis,
                attempts + 1,
                failures,
                lapsed,
                errorReason,
                errorMessage,
                warnings,
                0,
                now,
                "",
                0,
                0,
                suspects);
    }

    /** The holder extends its lease and reports its progress; anyone else changes nothing. */
    public Job renew(String token, long now, long leaseMillis, int newPercent) {
        return renew(token, now, leaseMillis, newPercent, phase);
    }

    /**
     * The holder extends its lease and reports its progress ({@code newPercent} of the whole job) in
     * {@code newPhase} ({@link #COPYING}, {@link #HASHING}, {@link #PROXYING}); anyone else changes nothing.
     */
    public Job renew(String token, long now, long leaseMillis, int newPercent, String newPhase) {
        return renew(token, now, leaseMillis, newPercent, newPhase, framesDone, framesTotal);
    }

    /**
     * The holder extends its lease and reports its progress ({@code newPercent} of the whole job) in
     * {@code newPhase}, with {@code frames} of {@code ofFrames} pictures done (0 when not known);
     * anyone else changes nothing.
     */
    public Job renew(
            String token, long now, long leaseMillis, int newPercent, String newPhase, long frames, long ofFrames) {
        if (!heldBy(token)) {
            return shownAlive(token);
        }
        return new Job(
                spec,
                RUNNING,
                Math.max(0, Math.min(99, newPercent)),
                workerId,
                leaseToken,
                now + leaseMillis,
                attempts,
                failures,
                lapses,
                errorReason,
                errorMessage,
                warnings,
                0,
                now,
                newPhase,
                Math.max(0, frames),
                Math.max(0, ofFrames),
                lapsedTokens);
    }

    /** The holder committed manifest {@code version}: the job is done. */
    public Job complete(String token, long version, String newWarnings, long now) {
        if (!heldBy(token)) {
            return shownAlive(token);
        }
        return new Job(
                spec,
                DONE,
                100,
                workerId,
                "",
                0,
                attempts,
                failures,
                lapses,
                "",
                "",
                newWarnings,
                version,
                now,
                "",
                framesDone,
                framesTotal,
                lapsedTokens);
    }

    /**
     * The holder's run failed with {@code reason}: queued again after the first failure,
     * quarantined after the {@value #MAX_FAILURES}th.
     */
    public Job fail(String token, Reason reason, String message, long now) {
        if (!heldBy(token)) {
            return shownAlive(token);
        }
        int failed = failures + 1;
        String next = failed >= MAX_FAILURES ? QUARANTINED : QUEUED;
        return new Job(
                spec,
                next,
                0,
                "",
                "",
                0,
                attempts,
                failed,
                lapses,
                reason.name(),
                message,
                warnings,
                0,
                now,
                phase,
                0,
                0,
                lapsedTokens);
    }

    /** The holder gives the job back untried (its process is stopping): queued, nothing counted. */
    public Job release(String token, long now) {
        if (!heldBy(token)) {
            return shownAlive(token);
        }
        return new Job(
                spec,
                QUEUED,
                0,
                "",
                "",
                0,
                attempts,
                failures,
                lapses,
                errorReason,
                errorMessage,
                warnings,
                0,
                now,
                "",
                0,
                0,
                lapsedTokens);
    }

    /**
     * Someone asked for another try of a quarantined job: queued again with its failure and lapse
     * counts cleared (the first error is kept until the new run replaces it). Anything else is
     * returned unchanged.
     */
    public Job retry(long now) {
        if (!state.equals(QUARANTINED)) {
            return this;
        }
        return new Job(
                spec, QUEUED, 0, "", "", 0, attempts, 0, 0, errorReason, errorMessage, warnings, 0, now, "", 0, 0, "");
    }

    /**
     * A command came from the run holding {@code token}, which no longer holds the job: when its
     * lease lapsed and another claimer took the job, that lapse was counted as a lost worker, but
     * the run is alive (late, not dead: a loaded machine renewed after the lease), so the lapse no
     * longer counts. The run does not get the job back. A run that really died never speaks again,
     * and its lapse stays counted. Only an open job is changed (a quarantine stands).
     */
    private Job shownAlive(String token) {
        if (token.isEmpty() || isFinished() || !lapsedTokens.contains(token)) {
            return this;
        }
        java.util.List<String> left = new java.util.ArrayList<>(java.util.List.of(lapsedTokens.split(" ")));
        if (!left.remove(token)) {
            return this;
        }
        return new Job(
                spec,
                state,
                percent,
                workerId,
                leaseToken,
                leaseUntilMillis,
                attempts,
                failures,
                Math.max(0, lapses - 1),
                errorReason,
                errorMessage,
                warnings,
                committedVersion,
                updatedAtMillis,
                phase,
                framesDone,
                framesTotal,
                String.join(" ", left));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
