package gateway.tiers;

import gateway.model.asset.Manifest;
import gateway.model.asset.OriginalLocation;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.storage.FileRangeReader;
import gateway.model.storage.RangeReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The configured tiers at run time: one S3 client per object tier (opened on first use, closed with
 * this), the meter every byte is counted in, and where an original can be read from now.
 */
public final class Tiers implements AutoCloseable {
    /** The name a manifest gives the folder an original was ingested into when no POSIX tier holds it. */
    public static final String LOCAL = "local";

    private final TiersConfig config;
    private final TierMeter meter;
    private final Map<String, ObjectStore> stores = new ConcurrentHashMap<>();

    public Tiers(TiersConfig config, TierMeter meter) {
        this.config = config;
        this.meter = meter;
    }

    public TiersConfig config() {
        return config;
    }

    public TierMeter meter() {
        return meter;
    }

    /** The client of object tier {@code name}. */
    public ObjectStore store(String name) {
        S3Tier tier = config.objectTier(name);
        return stores.computeIfAbsent(name, n -> new ObjectStore(tier, meter));
    }

    /** The name of the tier that holds {@code file} on a POSIX path: a configured tier, else {@link #LOCAL}. */
    public String posixTierName(Path file) {
        return config.posixTierOf(file).map(PosixTier::name).orElse(LOCAL);
    }

    /**
     * True when {@code m}'s original is read from its file: the file is where the manifest says and
     * its POSIX tier ({@code config}'s, else {@link #LOCAL}) has not released it.
     */
    public static boolean onItsPath(Manifest m, TiersConfig config) {
        if (m.originalPath() == null) {
            return false;
        }
        Path file = Path.of(m.originalPath());
        String fileTier = config.posixTierOf(file).map(PosixTier::name).orElse(LOCAL);
        boolean released = m.location(fileTier)
                .map(l -> l.state() == OriginalLocation.State.RELEASED)
                .orElse(false);
        return !released && Files.isRegularFile(file);
    }

    /**
     * Random access to an asset's original from whichever tier holds it: its file while that is present,
     * else a verified object. {@link Reason#NOT_FOUND} naming every location when none holds it.
     */
    public RangeReader openOriginal(Manifest m) {
        if (onItsPath(m, config)) {
            Path file = Path.of(m.originalPath());
            String fileTier = posixTierName(file);
            try {
                return new MeteredRangeReader(FileRangeReader.open(file, fileTier), fileTier, m.project(), meter);
            } catch (IOException e) {
                throw GatewayException.io(
                        "cannot open the original " + file + " of asset " + m.assetId() + " on tier \"" + fileTier
                                + "\": " + e.getMessage(),
                        e);
            }
        }
        for (OriginalLocation l : m.locations()) {
            if (l.state() == OriginalLocation.State.VERIFIED
                    && config.tier(l.tier()).orElse(null) instanceof S3Tier t) {
                return store(l.tier()).reader(t.keyOf(l.address()), m.project());
            }
        }
        throw new GatewayException(
                Reason.NOT_FOUND,
                "the original of asset " + m.assetId() + " (" + m.name() + ") is on no tier that can be read: "
                        + (m.locations().isEmpty() ? m.originalPath() + " is missing" : m.locations()));
    }

    @Override
    public void close() {
        stores.values().forEach(ObjectStore::close);
        stores.clear();
    }
}
