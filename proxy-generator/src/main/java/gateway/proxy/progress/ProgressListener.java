package gateway.proxy.progress;

/**
 * Told how far a long media job has got, 0-100, each percent at most once and in order. Called on
 * a GStreamer streaming thread: return quickly and do not block.
 */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = percent -> {};

    void progress(int percent);
}
