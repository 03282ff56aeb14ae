package gateway.model.timeline;

/** What a transition does; {@link #OTHER} keeps the name the edit gave it. */
public enum TransitionKind {
    DISSOLVE,
    WIPE,
    OTHER
}
