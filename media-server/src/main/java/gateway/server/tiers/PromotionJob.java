package gateway.server.tiers;

import gateway.model.asset.AssetId;
import gateway.model.asset.ProjectId;
import java.time.Instant;

/**
 * One original's promotion (its object brought back whole to its NAS path) as the node runs it:
 * where it stands, the bytes on disk so far, its last error. Immutable; the desk replaces it.
 *
 * @param state {@code queued}, {@code running}, {@code done} or {@code failed} (promote again to resume)
 */
public record PromotionJob(
        ProjectId project,
        AssetId asset,
        String name,
        String state,
        long doneBytes,
        long totalBytes,
        String error,
        Instant updated) {
    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    PromotionJob with(String nextState, Instant at) {
        return new PromotionJob(project, asset, name, nextState, doneBytes, totalBytes, error, at);
    }

    PromotionJob progress(long done, long total, Instant at) {
        return new PromotionJob(project, asset, name, state, done, total, error, at);
    }

    PromotionJob failed(String why, Instant at) {
        return new PromotionJob(project, asset, name, FAILED, doneBytes, totalBytes, why, at);
    }

    /** True once it ended, done or failed. */
    public boolean finished() {
        return state.equals(DONE) || state.equals(FAILED);
    }

    /** Percent of the original on disk (0 before it starts). */
    public int percent() {
        return totalBytes <= 0 ? 0 : (int) Math.min(100, doneBytes * 100 / totalBytes);
    }

    @Override
    public String toString() {
        return name + " (" + asset.value() + "): promotion " + state + (totalBytes > 0 ? " " + percent() + " %" : "")
                + (error.isEmpty() ? "" : ", last error: " + error);
    }
}
