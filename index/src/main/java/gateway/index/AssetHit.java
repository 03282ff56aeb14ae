package gateway.index;

import gateway.model.asset.AssetId;
import gateway.model.asset.ProjectId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One search hit, for lists: {@code startTimecode} as "HH:MM:SS:FF" (';' when drop-frame) or null,
 * {@code frameRate} as "24000/1001". Ask the catalogue ({@link CatalogIndex#byId}) for the manifest.
 *
 * <p>{@code highlights}: what the query matched, by shown field ({@code name}, {@code file},
 * {@code reel}, {@code camera}, {@code tags}); only fields with a match appear. Each value is the
 * field's text, HTML-escaped, with every matched word wrapped in {@code <em>...</em>}: the query
 * {@code A003} gives {@code name -> "<em>A003C012</em>_230101_R1AB"} (a prefix match marks the whole
 * word) and {@code reel -> "<em>A003</em>"}.
 */
public record AssetHit(
        AssetId assetId,
        ProjectId project,
        String name,
        String reel,
        String startTimecode,
        String frameRate,
        long durationFrames,
        float score,
        Map<String, String> highlights) {

    public AssetHit {
        highlights = highlights == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(highlights));
    }

    /** A hit without highlights (the shape callers used before highlights existed). */
    public AssetHit(
            AssetId assetId,
            ProjectId project,
            String name,
            String reel,
            String startTimecode,
            String frameRate,
            long durationFrames,
            float score) {
        this(assetId, project, name, reel, startTimecode, frameRate, durationFrames, score, Map.of());
    }
}
