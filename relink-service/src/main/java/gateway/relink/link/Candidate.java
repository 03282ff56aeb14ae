package gateway.relink.link;

import gateway.model.asset.Manifest;
import gateway.model.time.TimeRange;

/** An original the linker considered: the asset and the source frames it covers (its own time frame). */
public record Candidate(String assetId, String name, String originalPath, TimeRange covers) {
    static Candidate of(Manifest m) {
        return new Candidate(
                m.assetId().value(), m.name(), m.originalPath(), m.media().sourceRange());
    }
}
