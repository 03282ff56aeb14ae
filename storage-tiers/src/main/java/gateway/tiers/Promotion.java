package gateway.tiers;

import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.OriginalLocation;
import gateway.model.asset.OriginalLocation.State;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Promotion: an original whose NAS copy was released is brought back from the object tier that holds
 * it verified, whole, to its original path, and its NAS location is present again. The object is
 * fetched into a hidden file beside the original ({@code .<name>.promoting}) that a run cut short by
 * the store keeps, so the next run resumes from its last byte; the original appears, by an atomic
 * rename, only once every byte is there and matched the manifest's xxh64 and MD5. A promoted original
 * counts as used when promoted: the policy releases it again only after its days without use (at
 * least one day) counted from then.
 */
public final class Promotion {
    private static final System.Logger LOG = System.getLogger(Promotion.class.getName());

    private final Tiers tiers;
    private final ManifestStore manifests;
    private final Clock clock;

    public Promotion(Tiers tiers, ManifestStore manifests, Clock clock) {
        this.tiers = tiers;
        this.manifests = manifests;
        this.clock = clock;
    }

    /** Told as the object's bytes arrive: bytes of the original on disk now, of its size. */
    public interface Progress {
        void restored(long doneBytes, long totalBytes);
    }

    /** True when {@code m}'s original is off its path and an object tier holds it verified. */
    public boolean pending(Manifest m) {
        return m.originalPath() != null
                && m.checksums() != null
                && !Tiers.onItsPath(m, tiers.config())
                && verifiedObject(m).isPresent();
    }

    /** The originals of {@code project} a promotion would bring back, by name. */
    public List<Manifest> pending(ProjectId project, Consumer<GatewayException> problems) {
        List<Manifest> out = new ArrayList<>();
        for (Manifest m : manifests.list(project, problems)) {
            if (pending(m)) {
                out.add(m);
            }
        }
        out.sort(java.util.Comparator.comparing(Manifest::name));
        return out;
    }

    /**
     * Brings {@code asset}'s original back to its path (see the class comment); returns the manifest
     * with its NAS location present. Nothing to do (already on its path) returns it unchanged.
     */
    public Manifest run(ProjectId project, AssetId asset, Progress progress) {
        Manifest m = manifests
                .read(project, asset)
                .orElseThrow(() -> GatewayException.notFound("no asset " + asset + " in project " + project));
        if (!pending(m)) {
            if (Tiers.onItsPath(m, tiers.config())) {
                return m;
            }
            throw new GatewayException(
                    Reason.FAILED_PRECONDITION,
                    "asset " + asset + " (" + m.name() + ") is not on its path and no object tier holds it verified: "
                            + m.locations());
        }
        OriginalLocation object = verifiedObject(m).orElseThrow();
        ObjectStore store = tiers.store(object.tier());
        Path file = Path.of(m.originalPath());
        String nasTier = tiers.posixTierName(file);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw GatewayException.io(
                    "cannot create the folder of " + file + " to promote asset " + asset + " into: " + e.getMessage(),
                    e);
        }
        store.restoreResumable(store.tier().keyOf(object.address()), m.checksums(), project, file, progress);
        OriginalLocation present = m.location(nasTier)
                .map(l -> l.in(State.PRESENT, clock.instant()))
                .orElseGet(() -> new OriginalLocation(nasTier, file.toString(), State.PRESENT, null, clock.instant()));
        Manifest next = update(project, asset, x -> x.withLocation(present));
        LOG.log(System.Logger.Level.INFO, "promoted " + m.name() + " (" + asset + ") from " + object + " to " + file);
        return next;
    }

    private Optional<OriginalLocation> verifiedObject(Manifest m) {
        return m.locations().stream()
                .filter(l -> l.state() == State.VERIFIED
                        && tiers.config().tier(l.tier()).orElse(null) instanceof S3Tier)
                .findFirst();
    }

    private Manifest update(ProjectId project, AssetId asset, UnaryOperator<Manifest> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                Manifest now = manifests
                        .read(project, asset)
                        .orElseThrow(() -> GatewayException.notFound("no asset " + asset + " in project " + project));
                return manifests.commit(change.apply(now));
            } catch (GatewayException e) {
                if (e.reason() != Reason.FAILED_PRECONDITION || attempt >= 5) {
                    throw e;
                }
            }
        }
    }
}
