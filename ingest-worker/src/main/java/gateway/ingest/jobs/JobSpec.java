package gateway.ingest.jobs;

import gateway.ingest.offload.OriginalSource;
import gateway.model.asset.AssetId;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What one job makes: the renditions named in {@code profiles} (comma-separated, e.g. "edit") of
 * the original at {@code originalPath}, for asset {@code assetId} of {@code project}, derived from
 * manifest version {@code baseVersion} (0 for an asset not committed yet). The outputs are a pure
 * function of these fields, so running a job twice is harmless. {@code mediaSeconds} is the
 * media's duration as far as it is known (exact for a committed asset, estimated from the size for
 * a new file); the job's time-out grows with it.
 */
public record JobSpec(
        String project, String assetId, String originalPath, String profiles, long baseVersion, long mediaSeconds) {

    /** The profile every asset with a picture should have. */
    public static final String EDIT = "edit";

    /** A job stages its outputs in {@code <asset>/.job-<lease token>} and renames them into place. */
    public static final String STAGING_PREFIX = ".job-";

    /** Manifest metadata a job writes: the original's size and modification time when it was read. */
    public static final String META_SIZE = OriginalSource.META_ORIGINAL_SIZE;

    public static final String META_MTIME = "original_modified_ms";

    public JobSpec {
        new ProjectId(project);
        new AssetId(assetId);
        Objects.requireNonNull(originalPath, "originalPath");
        Objects.requireNonNull(profiles, "profiles");
        if (baseVersion < 0) {
            throw GatewayException.invalid("job for asset " + assetId + ": base version " + baseVersion + " < 0");
        }
    }

    /**
     * The job's id: {@code <project>:<asset>:<base version>}. Deterministic, so two nodes that
     * reconcile the same asset at once queue one job, and the project (the partition) is in the id.
     */
    public String jobId() {
        return project + ":" + assetId + ":" + baseVersion;
    }

    /** The project named in a job id (everything before the first ':'). */
    public static ProjectId projectOf(String jobId) {
        int colon = jobId.indexOf(':');
        if (colon <= 0) {
            throw GatewayException.notFound("no job " + jobId);
        }
        String p = jobId.substring(0, colon);
        if (!ProjectId.isValid(p)) {
            throw GatewayException.notFound("no job " + jobId);
        }
        return new ProjectId(p);
    }

    public ProjectId projectId() {
        return new ProjectId(project);
    }

    public AssetId asset() {
        return new AssetId(assetId);
    }

    public List<String> profileList() {
        return profiles.isEmpty() ? List.of() : Arrays.asList(profiles.split(","));
    }
}
