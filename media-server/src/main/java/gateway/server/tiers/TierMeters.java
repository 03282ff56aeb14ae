package gateway.server.tiers;

import gateway.model.asset.ProjectId;
import gateway.server.metrics.Metrics;
import gateway.tiers.TierMeter;

/**
 * The node's {@code /metrics} view of the tiers: bytes read and written per tier and project
 * ({@code gateway_tier_read_bytes_total{tier,project}}, {@code gateway_tier_written_bytes_total}), and
 * what range-exact restores saved: {@code gateway_tier_restore_saved_bytes_total{tier,project}}, the
 * bytes a whole-file restore of the same originals would have moved more.
 */
final class TierMeters implements TierMeter {
    static final String READ = "gateway_tier_read_bytes_total";
    static final String WRITTEN = "gateway_tier_written_bytes_total";
    static final String SAVED = "gateway_tier_restore_saved_bytes_total";
    private static final String LABELS = "tier" + Metrics.LABEL_SEPARATOR + "project";

    private final Metrics metrics;

    TierMeters(Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void read(String tier, ProjectId project, long bytes) {
        metrics.counter(
                        READ,
                        "Bytes read from a storage tier (range reads, read backs, restores), by tier and project",
                        LABELS,
                        Metrics.values(tier, project.value()))
                .add(bytes);
    }

    @Override
    public void written(String tier, ProjectId project, long bytes) {
        metrics.counter(
                        WRITTEN,
                        "Bytes written to a storage tier (demotion uploads), by tier and project",
                        LABELS,
                        Metrics.values(tier, project.value()))
                .add(bytes);
    }

    @Override
    public void restored(String tier, ProjectId project, long fetchedBytes, long wholeFileBytes) {
        metrics.counter(
                        SAVED,
                        "Restore savings: bytes of originals a range-exact restore did not move (whole-file size minus"
                                + " bytes fetched), by tier and project",
                        LABELS,
                        Metrics.values(tier, project.value()))
                .add(Math.max(0, wholeFileBytes - fetchedBytes));
    }
}
