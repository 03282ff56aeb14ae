package gateway.server.auth;

import gateway.model.asset.ProjectId;
import java.util.Map;
import java.util.Set;

/** An authenticated caller and its grants (project → role), as the server knows them now. */
public record Principal(String subject, Map<ProjectId, Role> grants) {
    public Principal {
        grants = Map.copyOf(grants);
    }

    public boolean may(Action action, ProjectId project) {
        Role role = grants.get(project);
        return role != null && role.allows(action);
    }

    /** The projects this principal may read. */
    public Set<ProjectId> readable() {
        return grants.keySet();
    }
}
