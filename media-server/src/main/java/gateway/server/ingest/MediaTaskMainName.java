package gateway.server.ingest;

/** The main class the worker JVM runs (kept as a name so this package does not depend on it). */
final class MediaTaskMainName {
    static final String NAME = "gateway.server.worker.MediaTaskMain";

    private MediaTaskMainName() {}
}
