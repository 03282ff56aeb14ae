package gateway.ingest.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.model.asset.DurableFiles;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The durable trace of a job on the media store ({@code <asset>/ingest-job.json}), so a full
 * cluster restart (the job map is not persistent) loses nothing: written when a job is queued,
 * removed when its manifest is committed, marked when it is quarantined. The {@link Reconciler}
 * re-queues every intent that is neither. Written to a temp file, fsynced, renamed.
 */
public record JobIntent(JobSpec spec, String quarantineReason, String quarantineMessage) {
    static final String FILE = "ingest-job.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public boolean quarantined() {
        return !quarantineReason.isEmpty();
    }

    /** Records that {@code spec} is queued (before it is put on the board). */
    public static void queued(Path assetDir, JobSpec spec) {
        new JobIntent(spec, "", "").write(assetDir);
    }

    static void quarantined(Path assetDir, JobSpec spec, String reason, String message) {
        new JobIntent(spec, reason, message).write(assetDir);
    }

    static void remove(Path assetDir) {
        try {
            Files.deleteIfExists(assetDir.resolve(FILE));
        } catch (IOException e) {
            throw GatewayException.io("cannot remove the job intent in " + assetDir + ": " + e.getMessage(), e);
        }
    }

    public static Optional<JobIntent> read(Path assetDir) {
        Path file = assetDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(file.toFile());
            JobSpec spec = new JobSpec(
                    n.path("project").asText(),
                    n.path("asset_id").asText(),
                    n.path("original_path").asText(),
                    n.path("profiles").asText(),
                    n.path("base_version").asLong(),
                    n.path("media_seconds").asLong());
            return Optional.of(new JobIntent(
                    spec,
                    n.path("quarantine_reason").asText(""),
                    n.path("quarantine_message").asText("")));
        } catch (IOException | GatewayException e) {
            throw new GatewayException(Reason.CORRUPT, "job intent " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private void write(Path assetDir) {
        ObjectNode n = JSON.createObjectNode()
                .put("project", spec.project())
                .put("asset_id", spec.assetId())
                .put("original_path", spec.originalPath())
                .put("profiles", spec.profiles())
                .put("base_version", spec.baseVersion())
                .put("media_seconds", spec.mediaSeconds())
                .put("quarantine_reason", quarantineReason)
                .put("quarantine_message", quarantineMessage);
        Path target = assetDir.resolve(FILE);
        try {
            DurableFiles.write(target, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
        } catch (IOException e) {
            throw GatewayException.io("cannot encode the job intent " + target + ": " + e.getMessage(), e);
        }
    }
}
