package gateway.server.tiers;

import gateway.model.asset.AssetId;
import gateway.model.asset.ProjectId;
import java.time.Instant;

/**
 * One original's demotion as the node runs it: where it stands, its upload's progress, its last
 * error. Immutable; the desk replaces it as the job moves.
 *
 * @param state {@code queued}, {@code running}, {@code done}, {@code retry} (next sweep) or {@code failed} (given up until restart)
 * @param doneBytes bytes of the original in the object tier so far
 * @param attempts runs that ended in a failure
 * @param error the last failure, or empty
 */
public record DemotionJob(
        ProjectId project,
        AssetId asset,
        String name,
        String state,
        long doneBytes,
        long totalBytes,
        int attempts,
        String error,
        Instant updated) {
    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    /** Failed for a reason a retry can fix: the next sweep runs it again. */
    public static final String RETRY = "retry";

    DemotionJob with(String nextState, Instant at) {
        return new DemotionJob(project, asset, name, nextState, doneBytes, totalBytes, attempts, error, at);
    }

    DemotionJob progress(long done, long total, Instant at) {
        return new DemotionJob(project, asset, name, state, done, total, attempts, error, at);
    }

    DemotionJob failed(String nextState, String why, Instant at) {
        return new DemotionJob(project, asset, name, nextState, doneBytes, totalBytes, attempts + 1, why, at);
    }

    /** Percent of the upload done (0 before it starts). */
    public int percent() {
        return totalBytes <= 0 ? 0 : (int) Math.min(100, doneBytes * 100 / totalBytes);
    }

    @Override
    public String toString() {
        return name + " (" + asset.value() + "): " + state + (totalBytes > 0 ? " " + percent() + " %" : "")
                + (error.isEmpty() ? "" : ", last error: " + error);
    }
}
