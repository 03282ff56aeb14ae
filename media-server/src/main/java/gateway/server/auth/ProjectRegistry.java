package gateway.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The projects an admin has created ({@code <store>/security/projects.json}), with who made them and why. */
public final class ProjectRegistry {
    /** One registered project. */
    public record Project(ProjectId id, String description, String createdBy, Instant created) {}

    private final StateFile file;
    private final Clock clock;

    public ProjectRegistry(Path securityDir, Clock clock) {
        this.file = new StateFile(securityDir.resolve("projects.json"));
        this.clock = clock;
    }

    /** Registers a project; ALREADY_EXISTS when it is. */
    public Project add(ProjectId id, String description, String createdBy) {
        Instant now = clock.instant();
        file.update(root -> {
            if (root.path("projects").has(id.value())) {
                throw new GatewayException(Reason.ALREADY_EXISTS, "project " + id + " already exists");
            }
            root.withObjectProperty("projects")
                    .putObject(id.value())
                    .put("description", description == null ? "" : description)
                    .put("created_by", createdBy)
                    .put("created", now.toString());
            return root;
        });
        return new Project(id, description == null ? "" : description, createdBy, now);
    }

    public List<Project> list() {
        List<Project> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : file.read().path("projects").properties()) {
            JsonNode p = e.getValue();
            out.add(new Project(
                    new ProjectId(e.getKey()),
                    p.path("description").asText(),
                    p.path("created_by").asText(),
                    Instant.parse(p.path("created").asText(Instant.EPOCH.toString()))));
        }
        out.sort((a, b) -> a.id().value().compareTo(b.id().value()));
        return out;
    }
}
