package gateway.tiers;

import gateway.model.asset.AssetId;
import gateway.model.asset.Checksums;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.OriginalLocation;
import gateway.model.asset.OriginalLocation.State;
import gateway.model.asset.ProjectId;
import gateway.model.asset.SequenceUse;
import gateway.model.asset.UsageStore;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Moves one original down to its project's object tier, in steps each recorded in the manifest
 * before the next begins, so a run that dies anywhere is resumed by the next:
 *
 * <ol>
 *   <li>the NAS copy is recorded ({@code present}) and the upload ({@code uploading}, with the
 *       multipart upload's id) before the first part is sent;
 *   <li>the object is uploaded with the manifest's xxh64 and MD5 as metadata, in parts resumed from
 *       what the store already holds ({@code uploaded} when complete);
 *   <li>the object is read back whole and re-hashed: only when both checksums match the manifest is
 *       it {@code verified};
 *   <li>the NAS copy is released (deleted, {@code released}) only then, and only once the original
 *       went unused for the policy's days.
 * </ol>
 */
public final class Demotion {
    private static final System.Logger LOG = System.getLogger(Demotion.class.getName());

    private final Tiers tiers;
    private final ManifestStore manifests;
    private final UsageStore usage;
    private final Clock clock;

    public Demotion(Tiers tiers, ManifestStore manifests, UsageStore usage, Clock clock) {
        this.tiers = tiers;
        this.manifests = manifests;
        this.usage = usage;
        this.clock = clock;
    }

    /** What a run left: the object's location and the NAS copy's (either may be absent). */
    public record Outcome(Manifest manifest, Optional<OriginalLocation> object, Optional<OriginalLocation> nas) {
        public boolean released() {
            return nas.map(l -> l.state() == State.RELEASED).orElse(false);
        }

        @Override
        public String toString() {
            return manifest.name() + ": " + object.map(Object::toString).orElse("no object") + "; "
                    + nas.map(Object::toString).orElse("no NAS copy recorded");
        }
    }

    /**
     * True when {@code m}'s project demotes originals and this one still has a step to go: not yet
     * verified in the object tier, or a NAS copy to release (now or later, when its days are up).
     */
    public boolean pending(Manifest m) {
        Optional<TierPolicy> policy = tiers.config().policy(m.project());
        if (policy.isEmpty() || m.checksums() == null || m.originalPath() == null) {
            return false;
        }
        boolean verified = m.location(policy.get().demoteTo())
                .map(l -> l.state() == State.VERIFIED)
                .orElse(false);
        if (!verified) {
            return true;
        }
        String nasTier = tiers.posixTierName(Path.of(m.originalPath()));
        boolean released =
                m.location(nasTier).map(l -> l.state() == State.RELEASED).orElse(false);
        return policy.get().releases() && !released;
    }

    /** Runs every step still to go for one asset; see the class comment. */
    public Outcome run(ProjectId project, AssetId asset, DemotionEvents events) {
        Manifest m = read(project, asset);
        TierPolicy policy = tiers.config()
                .policy(project)
                .orElseThrow(() -> new GatewayException(
                        Reason.FAILED_PRECONDITION,
                        "project " + project + " has no tier policy (config key tiers-policy." + project.value()
                                + ")"));
        Checksums sums = m.checksums();
        if (sums == null || sums.xxh64() == null) {
            throw new GatewayException(
                    Reason.FAILED_PRECONDITION,
                    "asset " + asset + " (" + m.name()
                            + ") has no checksums yet: it is demoted after ingest verified it");
        }
        ObjectStore store = tiers.store(policy.demoteTo());
        S3Tier tier = store.tier();
        Path file = Path.of(m.originalPath());
        String nasTier = tiers.posixTierName(file);
        String key = m.location(tier.name())
                .map(l -> tier.keyOf(l.address()))
                .orElseGet(() ->
                        store.keyFor(project, asset.value(), file.getFileName().toString()));

        if (m.location(nasTier).isEmpty() && Files.isRegularFile(file)) {
            m = update(
                    project,
                    asset,
                    x -> x.withLocation(
                            new OriginalLocation(nasTier, file.toString(), State.PRESENT, null, clock.instant())));
        }
        OriginalLocation object = m.location(tier.name()).orElse(null);
        if (object == null || object.state() == State.UPLOADING) {
            m = upload(m, store, file, key, object, events);
            object = m.location(tier.name()).orElseThrow();
        }
        if (object.state() == State.UPLOADED) {
            store.verify(key, sums, project);
            OriginalLocation verified = object.in(State.VERIFIED, clock.instant());
            m = update(project, asset, x -> x.withLocation(verified));
            object = verified;
            LOG.log(System.Logger.Level.INFO, "demoted " + m.name() + " (" + asset + ") to " + verified);
            events.demoted(m, verified);
        }
        if (object.state() == State.VERIFIED && policy.releases() && due(m, policy)) {
            m = release(m, nasTier, file, events);
        }
        return new Outcome(m, m.location(tier.name()), m.location(nasTier));
    }

    private Manifest upload(
            Manifest m, ObjectStore store, Path file, String key, OriginalLocation inFlight, DemotionEvents events) {
        S3Tier tier = store.tier();
        if (!Files.isRegularFile(file)) {
            throw new GatewayException(
                    Reason.FAILED_PRECONDITION,
                    "the original of asset " + m.assetId() + " is not at " + file + ": nothing to demote to tier \""
                            + tier.name() + "\"");
        }
        ProjectId project = m.project();
        AssetId asset = m.assetId();
        long size = MultipartUpload.sizeOf(file);
        final Manifest at = m;
        Optional<ObjectStore.StoredObject> there = store.head(key);
        if (there.isPresent()
                && there.get().sizeBytes() == size
                && m.checksums().xxh64().equals(there.get().xxh64())) {
            // A run that completed the upload but died before recording it: the read back decides.
            LOG.log(System.Logger.Level.INFO, tier.address(key) + " is complete already; verifying it");
            if (inFlight != null && inFlight.uploadId() != null) {
                store.abortUpload(key, inFlight.uploadId());
            }
        } else if (size <= tier.partSizeBytes()) {
            m = update(
                    project,
                    asset,
                    x -> x.withLocation(new OriginalLocation(
                            tier.name(), tier.address(key), State.UPLOADING, null, clock.instant())));
            store.putWhole(key, file, m.checksums(), project);
            events.uploaded(at, size, size);
        } else {
            String resume = inFlight == null ? null : inFlight.uploadId();
            new MultipartUpload(store, file, key, m.checksums(), project)
                    .run(
                            resume,
                            uploadId -> update(
                                    project,
                                    asset,
                                    x -> x.withLocation(new OriginalLocation(
                                            tier.name(),
                                            tier.address(key),
                                            State.UPLOADING,
                                            uploadId,
                                            clock.instant()))),
                            (done, total) -> events.uploaded(at, done, total));
        }
        return update(
                project,
                asset,
                x -> x.withLocation(
                        new OriginalLocation(tier.name(), tier.address(key), State.UPLOADED, null, clock.instant())));
    }

    /**
     * Gives an unfinished demotion up: aborts its multipart upload (the store drops every part),
     * deletes an object that was never verified, and drops the object's location from the manifest.
     * The NAS copy is untouched (it was never released: the object was not verified).
     */
    public Manifest abandon(ProjectId project, AssetId asset, String why, DemotionEvents events) {
        Manifest m = read(project, asset);
        TierPolicy policy = tiers.config().policy(project).orElse(null);
        if (policy == null) {
            return m;
        }
        Optional<OriginalLocation> object = m.location(policy.demoteTo());
        if (object.isEmpty() || object.get().state() == State.VERIFIED) {
            return m;
        }
        ObjectStore store = tiers.store(policy.demoteTo());
        String key = store.tier().keyOf(object.get().address());
        if (object.get().uploadId() != null) {
            store.abortUpload(key, object.get().uploadId());
        }
        if (object.get().state() == State.UPLOADED) {
            store.delete(key);
        }
        Manifest next = update(project, asset, x -> x.withoutLocation(policy.demoteTo()));
        LOG.log(System.Logger.Level.WARNING, "gave up demoting " + m.name() + " to " + object.get() + ": " + why);
        events.abandoned(next, policy.demoteTo(), object.get().address(), why);
        return next;
    }

    private Manifest release(Manifest m, String nasTier, Path file, DemotionEvents events) {
        Optional<OriginalLocation> nas = m.location(nasTier);
        if (nas.isEmpty() || nas.get().state() != State.PRESENT) {
            return m;
        }
        // The object was verified above (or by an earlier run): only now may the NAS copy go.
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw GatewayException.io(
                    "cannot release the NAS copy " + file + " of asset " + m.assetId() + " (its object is verified): "
                            + e.getMessage(),
                    e);
        }
        OriginalLocation released = nas.get().in(State.RELEASED, clock.instant());
        Manifest next = update(m.project(), m.assetId(), x -> x.withLocation(released));
        LOG.log(System.Logger.Level.INFO, "released " + released + " of " + m.name() + " (" + m.assetId() + ")");
        events.released(next, released);
        return next;
    }

    /** True when the original went unused for the policy's days: since ingest and the last conform that used it. */
    boolean due(Manifest m, TierPolicy policy) {
        Optional<Instant> promoted = promotedAt(m, policy);
        if (policy.releaseAfterDays() == 0 && promoted.isEmpty()) {
            return true;
        }
        Instant lastUse = m.ingestedAt() == null ? Instant.EPOCH : m.ingestedAt();
        long days = policy.releaseAfterDays();
        if (promoted.isPresent()) {
            // Brought back on purpose: a use, and kept at least a day whatever the policy says.
            lastUse = promoted.get().isAfter(lastUse) ? promoted.get() : lastUse;
            days = Math.max(1, days);
        }
        for (SequenceUse use : usage.list(m.project(), e -> LOG.log(System.Logger.Level.WARNING, e.getMessage()))) {
            if (use.events().containsKey(m.assetId()) && use.recordedAt().isAfter(lastUse)) {
                lastUse = use.recordedAt();
            }
        }
        return !lastUse.plus(Duration.ofDays(days)).isAfter(clock.instant());
    }

    /** When {@code m}'s NAS copy came back after its object was verified (a {@link Promotion}); else empty. */
    private Optional<Instant> promotedAt(Manifest m, TierPolicy policy) {
        if (m.originalPath() == null) {
            return Optional.empty();
        }
        Optional<OriginalLocation> object = m.location(policy.demoteTo()).filter(l -> l.state() == State.VERIFIED);
        Optional<OriginalLocation> nas =
                m.location(tiers.posixTierName(Path.of(m.originalPath()))).filter(l -> l.state() == State.PRESENT);
        if (object.isEmpty()
                || nas.isEmpty()
                || object.get().since() == null
                || nas.get().since() == null) {
            return Optional.empty();
        }
        return nas.get().since().isAfter(object.get().since())
                ? Optional.of(nas.get().since())
                : Optional.empty();
    }

    private Manifest read(ProjectId project, AssetId asset) {
        return manifests
                .read(project, asset)
                .orElseThrow(() -> GatewayException.notFound("no asset " + asset + " in project " + project));
    }

    /** Applies {@code change} to the newest manifest and commits it (again, if another commit came between). */
    private Manifest update(ProjectId project, AssetId asset, UnaryOperator<Manifest> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                return manifests.commit(change.apply(read(project, asset)));
            } catch (GatewayException e) {
                if (e.reason() != Reason.FAILED_PRECONDITION || attempt >= 5) {
                    throw e;
                }
            }
        }
    }
}
