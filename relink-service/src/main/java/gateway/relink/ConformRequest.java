package gateway.relink;

import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One conform: the edit file, the project to link against, where to write, the rate to read the
 * edit at when it does not say (null: 24), strict reading, handles in frames, the target format and
 * the name the reports show for the edit ({@code displayName}; null shows the edit's path, which a
 * server that received the edit into a scratch folder should not show).
 */
public record ConformRequest(
        Path edit,
        ProjectId project,
        Path outDir,
        FrameRate rate,
        boolean strict,
        int handlesFrames,
        TargetFormat target,
        String displayName) {

    /** A request whose reports show the edit's path. */
    public ConformRequest(
            Path edit,
            ProjectId project,
            Path outDir,
            FrameRate rate,
            boolean strict,
            int handlesFrames,
            TargetFormat target) {
        this(edit, project, outDir, rate, strict, handlesFrames, target, null);
    }

    public ConformRequest {
        Objects.requireNonNull(edit, "edit");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(target, "target");
        if (handlesFrames < 0) {
            throw GatewayException.invalid("handles must not be negative: " + handlesFrames + " frames");
        }
    }

    /** The name the reports show for the edit: the display name, else the edit's path. */
    public String editLabel() {
        return displayName != null && !displayName.isBlank() ? displayName : edit.toString();
    }

    /** A copy whose reports show {@code name} instead of the edit's path. */
    public ConformRequest withDisplayName(String name) {
        return new ConformRequest(edit, project, outDir, rate, strict, handlesFrames, target, name);
    }

    /** Lenient, no handles, OTIO out. */
    public static ConformRequest of(Path edit, ProjectId project, Path outDir) {
        return new ConformRequest(edit, project, outDir, null, false, 0, TargetFormat.OTIO);
    }
}
