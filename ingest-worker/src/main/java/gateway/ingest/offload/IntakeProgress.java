package gateway.ingest.offload;

/**
 * How far the intake of one original is: the phase it is in and the bytes it has read of
 * {@code totalBytes}. An implementation may throw to stop the intake (its job's lease was lost).
 */
@FunctionalInterface
public interface IntakeProgress {
    IntakeProgress NONE = (phase, doneBytes, totalBytes) -> {};

    /** The intake's phases, in the order they run. */
    enum Phase {
        /** Copy mode: the original is copied into the store and hashed in the same read. */
        COPYING,
        /** Reference mode: the original is hashed where it lies; copy mode: the copy is re-read and compared. */
        HASHING
    }

    void at(Phase phase, long doneBytes, long totalBytes);
}
