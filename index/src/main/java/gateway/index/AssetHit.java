package gateway.index;

import gateway.model.asset.AssetId;
import gateway.model.asset.ProjectId;

/**
 * One search hit, for lists: {@code startTimecode} as "HH:MM:SS:FF" (';' when drop-frame) or null,
 * {@code frameRate} as "24000/1001". Ask the catalogue ({@link CatalogIndex#byId}) for the manifest.
 */
public record AssetHit(
        AssetId assetId,
        ProjectId project,
        String name,
        String reel,
        String startTimecode,
        String frameRate,
        long durationFrames,
        float score) {}
