package gateway.server.auth;

/** What a principal asks to do with an asset or a project. */
public enum Action {
    READ,
    STREAM,
    INGEST,
    CONFORM,
    ADMINISTER
}
