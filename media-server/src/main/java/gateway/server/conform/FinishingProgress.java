package gateway.server.conform;

/** Progress of a conform's follow-up work (consolidate, render), as the CLI bar and WatchConform show it. */
@FunctionalInterface
public interface FinishingProgress {
    FinishingProgress NONE = (stage, percent, message) -> {};

    /** Where the work is. */
    enum Stage {
        CONSOLIDATING,
        RENDERING,
        DONE,
        FAILED
    }

    void report(Stage stage, int percent, String message);
}
