package gateway.proxy.progress;

/**
 * Told how far a long media job has got, 0-100, each percent at most once and in order. Called on
 * a GStreamer streaming thread: return quickly and do not block.
 */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = percent -> {};

    void progress(int percent);

    /**
     * Told, with each percent of a job that decodes pictures, how many it has decoded ({@code done})
     * of the original's {@code total} (0: not known). Same thread rules; ignored unless overridden.
     */
    default void frames(long done, long total) {}
}
