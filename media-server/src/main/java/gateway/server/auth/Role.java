package gateway.server.auth;

import java.util.Set;

/** What a grant on a project allows. */
public enum Role {
    ADMIN(Set.of(Action.values())),
    ASSISTANT(Set.of(Action.READ, Action.STREAM, Action.INGEST, Action.CONFORM)),
    EDITOR(Set.of(Action.READ, Action.STREAM, Action.CONFORM)),
    VIEWER(Set.of(Action.READ, Action.STREAM));

    private final Set<Action> allowed;

    Role(Set<Action> allowed) {
        this.allowed = allowed;
    }

    public boolean allows(Action action) {
        return allowed.contains(action);
    }
}
