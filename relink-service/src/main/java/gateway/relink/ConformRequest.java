package gateway.relink;

import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One conform: the edit file, the project to link against, where to write, the rate to read the
 * edit at when it does not say (null: 24), strict reading, handles in frames and the target format.
 */
public record ConformRequest(
        Path edit,
        ProjectId project,
        Path outDir,
        FrameRate rate,
        boolean strict,
        int handlesFrames,
        TargetFormat target) {

    public ConformRequest {
        Objects.requireNonNull(edit, "edit");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(target, "target");
        if (handlesFrames < 0) {
            throw GatewayException.invalid("handles must not be negative: " + handlesFrames + " frames");
        }
    }

    /** Lenient, no handles, OTIO out. */
    public static ConformRequest of(Path edit, ProjectId project, Path outDir) {
        return new ConformRequest(edit, project, outDir, null, false, 0, TargetFormat.OTIO);
    }
}
