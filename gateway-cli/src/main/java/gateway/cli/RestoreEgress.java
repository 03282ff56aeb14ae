package gateway.cli;

import gateway.model.asset.ManifestStore;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.storage.ByteRange;
import gateway.model.storage.EgressPlan;
import gateway.model.storage.RangeReader;
import gateway.model.storage.StorageTier;
import gateway.model.storage.StorageTiers;
import gateway.proxy.restore.FrameSpan;
import gateway.proxy.restore.RangeRestore;
import gateway.proxy.restore.RestoreRanges;
import gateway.relink.consolidate.ConsolidationPlan;
import gateway.relink.consolidate.EgressPlanner;
import gateway.relink.consolidate.TrimRange;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The egress plan of a consolidation: each used original is looked up in the storage tiers, and
 * the byte ranges of all its trims are read from its container's header and index (no sample data
 * moves) and merged, so an original cut twice counts its header once; whole-file restore counts
 * its size once.
 */
final class RestoreEgress implements EgressPlanner {
    private final ManifestStore manifests;
    private final ProjectId project;
    private final StorageTiers tiers;
    private final RangeRestore restore = new RangeRestore();

    RestoreEgress(ManifestStore manifests, ProjectId project, StorageTiers tiers) {
        this.manifests = manifests;
        this.project = project;
        this.tiers = tiers;
    }

    @Override
    public EgressPlan plan(ConsolidationPlan consolidation) {
        Map<Path, List<TrimRange>> byOriginal = new LinkedHashMap<>();
        for (TrimRange t : consolidation.trims()) {
            byOriginal.computeIfAbsent(t.original(), o -> new ArrayList<>()).add(t);
        }
        List<EgressPlan.Original> originals = new ArrayList<>();
        for (var e : byOriginal.entrySet()) {
            originals.add(original(e.getKey(), e.getValue()));
        }
        return EgressPlan.of(originals);
    }

    private EgressPlan.Original original(Path original, List<TrimRange> trims) {
        StorageTier tier = tiers.tierOf(original);
        String container = manifests
                .read(project, trims.get(0).assetId())
                .map(m -> m.media() == null ? null : m.media().container())
                .orElse(null);
        try (RangeReader reader = tier.opener().open(original)) {
            List<ByteRange> ranges = new ArrayList<>();
            RestoreRanges last = null;
            for (TrimRange t : trims) {
                last = restore.estimate(reader, container, new FrameSpan(t.startFrame(), t.endFrameExclusive()));
                ranges.addAll(last.ranges());
            }
            long bytes = RestoreRanges.merge(ranges).stream()
                    .mapToLong(ByteRange::lengthBytes)
                    .sum();
            return new EgressPlan.Original(
                    original.toString(), tier, bytes, last.wholeFileBytes(), last.wholeFileReason());
        } catch (IOException e) {
            throw GatewayException.io(
                    "cannot plan the restore of " + original + " from tier \"" + tier.name() + "\": " + e.getMessage(),
                    e);
        }
    }
}
