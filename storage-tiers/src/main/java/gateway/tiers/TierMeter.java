package gateway.tiers;

import gateway.model.asset.ProjectId;

/** Counts the bytes each tier moves for each project (the node's metrics implement it). */
public interface TierMeter {
    TierMeter NONE = new TierMeter() {
        @Override
        public void read(String tier, ProjectId project, long bytes) {}

        @Override
        public void written(String tier, ProjectId project, long bytes) {}
    };

    /** {@code bytes} were read from {@code tier} for {@code project} (a range, a read back, a restore). */
    void read(String tier, ProjectId project, long bytes);

    /** {@code bytes} were written to {@code tier} for {@code project} (an upload's part). */
    void written(String tier, ProjectId project, long bytes);

    /**
     * A range-exact restore from {@code tier} for {@code project} fetched {@code fetchedBytes} of an
     * original of {@code wholeFileBytes}: the difference is what a whole-file restore would have moved
     * more (the restore savings).
     */
    default void restored(String tier, ProjectId project, long fetchedBytes, long wholeFileBytes) {}
}
