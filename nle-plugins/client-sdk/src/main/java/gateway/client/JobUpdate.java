package gateway.client;

import gateway.model.error.Reason;
import gateway.protos.ingest.v1.JobProgress;
import gateway.protos.mapper.ErrorMapper;
import java.util.List;

/**
 * One progress report of an ingest job. {@code assetId} is null until known; {@code errorReason}
 * and {@code errorMessage} are null unless the job FAILED or was QUARANTINED.
 *
 * @param percent 0 to 100
 * @param framesPerSecond processing speed, frames per wall-clock second
 */
public record JobUpdate(
        String jobId,
        String path,
        JobState state,
        float percent,
        float framesPerSecond,
        long framesDone,
        long framesTotal,
        String assetId,
        Reason errorReason,
        String errorMessage,
        List<String> warnings) {

    public JobUpdate {
        warnings = List.copyOf(warnings);
    }

    static JobUpdate of(JobProgress p) {
        return new JobUpdate(
                p.getJobId(),
                p.getPath(),
                JobState.of(p),
                p.getPercent(),
                p.getFramesPerSecond(),
                p.getFramesDone(),
                p.getFramesTotal(),
                p.getAssetId().isEmpty() ? null : p.getAssetId(),
                ErrorMapper.fromProto(p.getErrorReason()).orElse(null),
                p.getErrorMessage().isEmpty() ? null : p.getErrorMessage(),
                p.getWarningsList());
    }
}
