package gateway.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.client.AssetSummary;
import gateway.model.asset.AudioStream;
import gateway.model.asset.Manifest;
import gateway.model.asset.Rendition;
import gateway.model.time.Timecode;
import java.util.List;
import java.util.Optional;

/**
 * The API's {@code Asset} (API.md): what a panel shows of an asset, from a search hit or a manifest.
 * The stored form has no {@code cached} member; {@link #withCached} adds it when answering.
 */
final class AssetJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AssetJson() {}

    static ObjectNode of(AssetSummary hit) {
        return node(
                hit.assetId().value(),
                hit.project().value(),
                hit.name(),
                hit.reel(),
                hit.originalPath(),
                hit.startTimecode(),
                hit.frameRate().toString(),
                hit.durationFrames(),
                hit.audioChannels(),
                hit.profiles());
    }

    static ObjectNode of(Manifest m) {
        var media = m.media();
        return node(
                m.assetId().value(),
                m.project().value(),
                m.name(),
                media.reel(),
                m.originalPath(),
                media.startTimecode(),
                media.frameRate().toString(),
                media.durationFrames(),
                media.audio().stream().mapToInt(AudioStream::channels).sum(),
                m.renditions().stream().map(Rendition::profile).toList());
    }

    /** A copy of {@code asset} with {@code "cached": {profile: stable path or null}} for each of its profiles. */
    static ObjectNode withCached(JsonNode asset, ProxyCache cache) {
        ObjectNode n = asset.deepCopy();
        ObjectNode cached = n.putObject("cached");
        var id = new gateway.model.asset.AssetId(asset.path("asset_id").asText());
        for (JsonNode profile : asset.path("profiles")) {
            Optional<CacheEntry> entry = cache.find(id, profile.asText());
            cached.put(
                    profile.asText(),
                    entry.map(e -> e.file(cache.root()).toString()).orElse(null));
        }
        return n;
    }

    private static ObjectNode node(
            String id,
            String project,
            String name,
            String reel,
            String originalPath,
            Timecode start,
            String frameRate,
            long durationFrames,
            int audioChannels,
            List<String> profiles) {
        ObjectNode n = JSON.createObjectNode();
        n.put("asset_id", id);
        n.put("project", project);
        n.put("name", name);
        n.put("reel", reel);
        n.put("original_path", blankToNull(originalPath));
        n.put("original_name", originalName(originalPath));
        n.put("start_timecode", start == null ? null : start.toString());
        n.put("frame_rate", frameRate);
        n.put("duration_frames", durationFrames);
        n.put("audio_channels", audioChannels);
        ArrayNode list = n.putArray("profiles");
        profiles.forEach(list::add);
        return n;
    }

    private static String originalName(String path) {
        if (path == null || path.isBlank()) {
            return null;
        }
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(slash + 1);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
