package gateway.client;

import gateway.model.asset.AssetId;
import gateway.model.asset.ProjectId;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import gateway.protos.catalog.v1.SearchHit;
import gateway.protos.mapper.AssetMapper;
import gateway.protos.mapper.TimeMapper;
import java.time.Instant;
import java.util.List;

/**
 * One search hit: enough for a bin view. {@code startTimecode}, {@code reel}, {@code videoCodec}
 * and {@code ingestedAt} are null when the asset has none. {@code usedIn}: the sequences (conformed
 * or uploaded edits) that use the asset, sorted.
 */
public record AssetSummary(
        AssetId assetId,
        ProjectId project,
        String name,
        String reel,
        FrameRate frameRate,
        long durationFrames,
        Timecode startTimecode,
        String container,
        String videoCodec,
        int widthPx,
        int heightPx,
        int audioChannels,
        List<String> profiles,
        Instant ingestedAt,
        float score,
        String originalPath,
        List<String> usedIn) {

    public AssetSummary {
        profiles = List.copyOf(profiles);
        usedIn = List.copyOf(usedIn == null ? List.of() : usedIn);
    }

    static AssetSummary of(SearchHit hit) {
        return new AssetSummary(
                new AssetId(hit.getAssetId()),
                AssetMapper.project(hit.getProject(), "hits.project"),
                hit.getName(),
                hit.getReel().isEmpty() ? null : hit.getReel(),
                TimeMapper.fromProto(hit.getFrameRate(), "hits.frame_rate"),
                hit.getDurationFrames(),
                hit.hasStartTimecode()
                        ? Timecode.of(
                                TimeMapper.fromProto(hit.getStartTimecode(), "hits.start_timecode"), hit.getDropFrame())
                        : null,
                hit.getContainer(),
                hit.getVideoCodec().isEmpty() ? null : hit.getVideoCodec(),
                hit.getWidthPx(),
                hit.getHeightPx(),
                hit.getAudioChannels(),
                hit.getProfilesList(),
                hit.hasIngestedAt() ? AssetMapper.fromProto(hit.getIngestedAt()) : null,
                hit.getScore(),
                hit.getOriginalPath(),
                hit.getUsedInList());
    }
}
