package gateway.client;

import gateway.protos.conform.v1.ConformProgress;

/**
 * One progress report of a conform's follow-up work on the server.
 *
 * @param stage "consolidating", "rendering", "done" or "failed"
 * @param percent how far the stage is, 0-100
 * @param message what is happening, what was made, or why it failed
 */
public record ConformStep(String conformId, String stage, int percent, String message) {

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
        return new ConformStep(p.getConformId(), stage, Math.round(p.getPercent()), p.getMessage());
    }
}
