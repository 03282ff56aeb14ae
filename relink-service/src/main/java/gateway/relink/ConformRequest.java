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
 * server that received the edit into a scratch folder should not show). {@code statusMarkers} puts a
 * marker with each event's status on its clip in the conformed timeline; {@code consolidateTo}, when
 * not null, plans a consolidation with the handles into that folder (see {@link
 * gateway.relink.consolidate.ConsolidationPlan}) and adds it to the reports.
 */
public record ConformRequest(
        Path edit,
        ProjectId project,
        Path outDir,
        FrameRate rate,
        boolean strict,
        int handlesFrames,
        TargetFormat target,
        String displayName,
        boolean statusMarkers,
        Path consolidateTo) {

    /** A request without status markers or consolidation. */
    public ConformRequest(
            Path edit,
            ProjectId project,
            Path outDir,
            FrameRate rate,
            boolean strict,
            int handlesFrames,
            TargetFormat target,
            String displayName) {
        this(edit, project, outDir, rate, strict, handlesFrames, target, displayName, false, null);
    }

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
        return new ConformRequest(
                edit, project, outDir, rate, strict, handlesFrames, target, name, statusMarkers, consolidateTo);
    }

    /** A copy that writes (or not) each event's status as a marker on its clip. */
    public ConformRequest withStatusMarkers(boolean on) {
        return new ConformRequest(
                edit, project, outDir, rate, strict, handlesFrames, target, displayName, on, consolidateTo);
    }

    /**
     * A copy that plans consolidating the used frames plus handles into trimmed files under
     * {@code folder} (null: no consolidation).
     */
    public ConformRequest withConsolidation(Path folder) {
        return new ConformRequest(
                edit, project, outDir, rate, strict, handlesFrames, target, displayName, statusMarkers, folder);
    }

    /** The file name of the consolidated timeline, written into {@link #consolidateTo()}. */
    public String consolidatedFileName() {
        return Conform.baseName(edit) + ".consolidated." + target.extension();
    }

    /** Lenient, no handles, OTIO out. */
    public static ConformRequest of(Path edit, ProjectId project, Path outDir) {
        return new ConformRequest(edit, project, outDir, null, false, 0, TargetFormat.OTIO);
    }
}
