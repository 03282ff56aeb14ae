package gateway.server.tiers;

import gateway.model.asset.Manifest;
import gateway.model.asset.OriginalLocation;
import gateway.model.error.GatewayException;
import gateway.model.storage.RangeReader;
import gateway.model.storage.StorageTier;
import gateway.model.storage.StorageTiers;
import gateway.server.conform.Finishing;
import gateway.tiers.ObjectStore;
import gateway.tiers.Tier;
import gateway.tiers.Tiers;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The tier a restore reads an asset's original from, as its plan and its fetch see it: the NAS or
 * card file while it is present, else the object tier that holds it verified. A POSIX tier is read
 * at {@link StorageTiers#POSIX_BYTES_PER_SECOND} for nothing; an object tier at the configured plan
 * rate ({@code tiers-plan.rate-mb-per-s}) and egress price ({@code tiers-plan.price-per-gb}).
 */
public final class OriginalTiers implements Finishing.OriginalSource {
    private final Tiers tiers;
    private final Path restoring;

    public OriginalTiers(Tiers tiers) {
        this(tiers, null);
    }

    /** {@code restoring}: the node's folder for restores in flight (see {@link #restoring()}). */
    public OriginalTiers(Tiers tiers, Path restoring) {
        this.tiers = Objects.requireNonNull(tiers, "tiers");
        this.restoring = restoring;
    }

    @Override
    public Path restoring() {
        return restoring;
    }

    @Override
    public void restored(Manifest m, long fetchedBytes, long wholeFileBytes) {
        tiers.meter().restored(sourceTier(m), m.project(), fetchedBytes, wholeFileBytes);
    }

    /** The tier {@code m}'s original is read from; opening it reads through {@link Tiers#openOriginal}. */
    public StorageTier tierOf(Manifest m) {
        String name = sourceTier(m);
        boolean object =
                !tiers.config().tier(name).map(Tier::kind).orElse("posix").equals("posix");
        return object
                ? new StorageTier(
                        name,
                        tiers.config().planRateMbPerSecond() * 1_000_000L,
                        tiers.config().planPricePerGb(),
                        original -> tiers.openOriginal(m))
                : new StorageTier(
                        name, StorageTiers.POSIX_BYTES_PER_SECOND, BigDecimal.ZERO, original -> tiers.openOriginal(m));
    }

    /** True when {@code m}'s original file is on its POSIX path (not released, not missing). */
    @Override
    public boolean presentLocally(Manifest m) {
        return Tiers.onItsPath(m, tiers.config());
    }

    /** Opens {@code m}'s original on the tier that holds it (see {@link Tiers#openOriginal}). */
    @Override
    public RangeReader open(Manifest m) {
        return tiers.openOriginal(m);
    }

    /**
     * For an original read from an object tier: empty when the object's stored checksum and size
     * are the manifest's (one HEAD request, no bytes moved); else what differs, naming the tier and
     * the object.
     */
    @Override
    public List<String> objectMismatches(Manifest m) {
        for (OriginalLocation l : m.locations()) {
            if (l.state() != OriginalLocation.State.VERIFIED) {
                continue;
            }
            String where = "asset " + m.assetId() + " (" + m.name() + "): object " + l.address() + " on tier \""
                    + l.tier() + "\"";
            try {
                ObjectStore store = tiers.store(l.tier());
                Optional<ObjectStore.StoredObject> head =
                        store.head(store.tier().keyOf(l.address()));
                if (head.isEmpty()) {
                    return List.of(where + " is gone");
                }
                if (m.checksums() != null
                        && !m.checksums().xxh64().equals(head.get().xxh64())) {
                    return List.of(where + " carries xxh64 " + head.get().xxh64() + ", the manifest "
                            + m.checksums().xxh64());
                }
                return List.of();
            } catch (GatewayException e) {
                return List.of(where + ": " + e.getMessage());
            }
        }
        return List.of("asset " + m.assetId() + " (" + m.name() + "): its original " + m.originalPath()
                + " is released and no object tier holds it verified");
    }

    private String sourceTier(Manifest m) {
        if (presentLocally(m)) {
            return tiers.posixTierName(Path.of(m.originalPath()));
        }
        return m.locations().stream()
                .filter(l -> l.state() == OriginalLocation.State.VERIFIED)
                .map(OriginalLocation::tier)
                .findFirst()
                .orElse(Tiers.LOCAL);
    }
}
