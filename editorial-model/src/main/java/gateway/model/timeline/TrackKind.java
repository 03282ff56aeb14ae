package gateway.model.timeline;

/** What a track carries. */
public enum TrackKind {
    VIDEO,
    AUDIO
}
