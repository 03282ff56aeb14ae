package gateway.index;

import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.asset.ProjectId;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One search hit: the manifest the catalogue holds for the asset (already read for the hit, so a
 * caller needs no second look-up), its score and its highlights.
 *
 * <p>{@code highlights}: what the query matched, by shown field ({@code name}, {@code file},
 * {@code reel}, {@code camera}, {@code tags}); only fields with a match appear. Each value is the
 * field's text, HTML-escaped, with every matched word wrapped in {@code <em>...</em>}: the query
 * {@code A003} gives {@code name -> "<em>A003C012</em>_230101_R1AB"} (a prefix match marks the whole
 * word) and {@code reel -> "<em>A003</em>"}.
 *
 * <p>{@code usedIn}: the names of the sequences (conformed or uploaded edits) that use the asset,
 * sorted; empty when none does.
 */
public record AssetHit(Manifest manifest, float score, Map<String, String> highlights, List<String> usedIn) {

    public AssetHit {
        Objects.requireNonNull(manifest, "manifest");
        usedIn = List.copyOf(usedIn == null ? List.of() : usedIn);
        highlights = highlights == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(highlights));
    }

    public AssetId assetId() {
        return manifest.assetId();
    }

    public ProjectId project() {
        return manifest.project();
    }

    public String name() {
        return manifest.name();
    }

    /** The reel, or null. */
    public String reel() {
        return manifest.media().reel();
    }

    /** The start timecode, or null when the file carries none. */
    public Timecode startTimecode() {
        return manifest.media().startTimecode();
    }

    public FrameRate frameRate() {
        return manifest.media().frameRate();
    }

    public long durationFrames() {
        return manifest.media().durationFrames();
    }
}
