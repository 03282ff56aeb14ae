package gateway.proxy.transcode;

import gateway.model.error.GatewayException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The configured rungs of the ladder, by name, in a stable order. Immutable. */
public final class LadderProfiles {
    private final Map<String, LadderProfile> byName;

    private LadderProfiles(Map<String, LadderProfile> byName) {
        this.byName = byName;
    }

    /** edit, stream-hi, stream-lo, scrub, poster, thumbnails, filmstrip, waveform with their defaults. */
    public static LadderProfiles defaults() {
        return of(List.of(
                LadderProfile.Edit.standard(),
                LadderProfile.Stream.hi(),
                LadderProfile.Stream.lo(),
                LadderProfile.Scrub.standard(),
                LadderProfile.Poster.standard(),
                LadderProfile.Thumbnails.every2s(),
                LadderProfile.Filmstrip.standard(),
                LadderProfile.Waveform.standard()));
    }

    public static LadderProfiles of(Collection<? extends LadderProfile> profiles) {
        Map<String, LadderProfile> m = new LinkedHashMap<>();
        for (LadderProfile p : profiles) {
            if (m.put(p.name(), p) != null) {
                throw GatewayException.invalid("profile '" + p.name() + "' is configured twice");
            }
        }
        return new LadderProfiles(m);
    }

    /** This set with {@code profile} added, or replacing the one of the same name. */
    public LadderProfiles with(LadderProfile profile) {
        Map<String, LadderProfile> m = new LinkedHashMap<>(byName);
        m.put(profile.name(), profile);
        return new LadderProfiles(m);
    }

    public Set<String> names() {
        return Set.copyOf(byName.keySet());
    }

    public List<LadderProfile> all() {
        return List.copyOf(byName.values());
    }

    /** The profiles named, in configured order; an unknown name is INVALID_ARGUMENT. */
    public List<LadderProfile> select(Set<String> names) {
        for (String n : names) {
            if (!byName.containsKey(n)) {
                throw GatewayException.invalid("unknown proxy profile '" + n + "'; configured: " + byName.keySet());
            }
        }
        List<LadderProfile> selected = new ArrayList<>();
        byName.forEach((n, p) -> {
            if (names.contains(n)) {
                selected.add(p);
            }
        });
        return selected;
    }
}
