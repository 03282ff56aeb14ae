package gateway.server.conform;

import gateway.model.asset.Manifest;
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
import gateway.relink.consolidate.MountPoints;
import gateway.relink.consolidate.TrimRange;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The egress plan of a consolidation: each used original is looked up in the storage tiers, and
 * the byte ranges of all its trims are read from its container's header and index (no sample data
 * moves) and merged, so an original cut twice counts its header once; whole-file restore counts
 * its size once.
 */
public final class RestoreEgress implements EgressPlanner {
    private final ManifestStore manifests;
    private final ProjectId project;
    private final Function<Manifest, StorageTier> tiers;
    private final RangeRestore restore = new RangeRestore();

    /** {@code tiers}: the tier each asset's original is read from ({@link OriginalTiers} on a node). */
    public RestoreEgress(ManifestStore manifests, ProjectId project, Function<Manifest, StorageTier> tiers) {
        this.manifests = manifests;
        this.project = project;
        this.tiers = tiers;
    }

    /** Without storage tiers: every original on its POSIX path, its tier named after its mount point. */
    public static Function<Manifest, StorageTier> posixTiers() {
        MountPoints mounts = new MountPoints();
        StorageTiers posix = StorageTiers.posix(o -> mounts.locationOf(o).toString());
        return m -> posix.tierOf(
                Path.of(m.originalPath() != null ? m.originalPath() : m.media().path()));
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
        Manifest m = manifests
                .read(project, trims.get(0).assetId())
                .orElseThrow(() -> GatewayException.notFound("cannot plan the restore of " + original + ": asset "
                        + trims.get(0).assetId() + " has no committed manifest"));
        StorageTier tier = tiers.apply(m);
        String container = m.media() == null ? null : m.media().container();
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
