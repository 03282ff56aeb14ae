package gateway.server.ingest;

/**
 * Where one ingest job stands. Stored in the cluster's job map (Compact serialisation), keyed by
 * job id. {@code warnings} is newline-separated.
 */
public record JobStatus(
        String jobId,
        String project,
        String path,
        String state,
        int percent,
        String assetId,
        String errorReason,
        String errorMessage,
        String warnings,
        long updatedAtMillis) {

    public static final String QUEUED = "QUEUED";
    public static final String RUNNING = "RUNNING";
    public static final String DONE = "DONE";
    public static final String FAILED = "FAILED";

    public boolean isFinished() {
        return state.equals(DONE) || state.equals(FAILED);
    }

    JobStatus with(String newState, int newPercent) {
        return new JobStatus(
                jobId,
                project,
                path,
                newState,
                newPercent,
                assetId,
                errorReason,
                errorMessage,
                warnings,
                System.currentTimeMillis());
    }

    JobStatus done(String asset, String newWarnings) {
        return new JobStatus(jobId, project, path, DONE, 100, asset, "", "", newWarnings, System.currentTimeMillis());
    }

    JobStatus failed(String reason, String message) {
        return new JobStatus(
                jobId, project, path, FAILED, percent, assetId, reason, message, warnings, System.currentTimeMillis());
    }
}
