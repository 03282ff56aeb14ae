package gateway.client;

import gateway.protos.conform.v1.ConformProgress;

/**
 * One progress report of a conform's follow-up work on the server.
 *
 * @param stage "consolidating", "rendering", "done" or "failed"
 * @param percent how far the stage is, 0-100
 * @param message what is happening, what was made, or why it failed
 * @param qcSectionJson on the final "done" of a conform with QC: the QC section the node added to
 *     its reports (the JSON object a report's {@code "qc"} holds); empty otherwise
 * @param qcProblems on the final "done" of a conform with QC: the events QC found wrong
 */
public record ConformStep(
        String conformId, String stage, int percent, String message, String qcSectionJson, int qcProblems) {

    public ConformStep(String conformId, String stage, int percent, String message) {
        this(conformId, stage, percent, message, "", 0);
    }

    /** True when the node ran conform QC and sent its section. */
    public boolean hasQc() {
        return !qcSectionJson.isEmpty();
    }

    public boolean isFinal() {
        return stage.equals("done") || stage.equals("failed");
    }

    public boolean failed() {
        return stage.equals("failed");
    }

    static ConformStep of(ConformProgress p) {
        String stage =
                switch (p.getStage()) {
                    case CONFORM_STAGE_CONSOLIDATING -> "consolidating";
                    case CONFORM_STAGE_RENDERING -> "rendering";
                    case CONFORM_STAGE_DONE -> "done";
                    case CONFORM_STAGE_FAILED -> "failed";
                    default -> "unknown";
                };
        return new ConformStep(
                p.getConformId(),
                stage,
                Math.round(p.getPercent()),
                p.getMessage(),
                p.getQcSectionJson(),
                p.getQcProblems());
    }
}
