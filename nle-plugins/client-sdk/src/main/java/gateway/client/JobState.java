package gateway.client;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.protos.ingest.v1.JobProgress;

/** Where an ingest job is. */
public enum JobState {
    QUEUED,
    RUNNING,
    DONE,
    /** Failed this time; it may be retried. */
    FAILED,
    /** Failed twice on the same input; set aside, not retried. */
    QUARANTINED;

    /** True when the job will not change state any more (on its own). */
    public boolean isFinal() {
        return this == DONE || this == FAILED || this == QUARANTINED;
    }

    static JobState of(JobProgress progress) {
        return switch (progress.getState()) {
            case JOB_STATE_QUEUED -> QUEUED;
            case JOB_STATE_RUNNING -> RUNNING;
            case JOB_STATE_DONE -> DONE;
            case JOB_STATE_FAILED -> FAILED;
            case JOB_STATE_QUARANTINED -> QUARANTINED;
            case JOB_STATE_UNSPECIFIED, UNRECOGNIZED ->
                throw new GatewayException(
                        Reason.INTERNAL,
                        "job " + progress.getJobId() + " reported state " + progress.getState()
                                + ", which this client does not know");
        };
    }
}
