package gateway.relink.read.fcpxml;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@code asset} resource: one media file (its original and, from FCPXML 1.9, a proxy as
 * {@code media-rep}s). {@code start} and {@code duration} are in the media's own time (timecode
 * seconds). {@code gatewayAssetId} is the id a gateway proxy embeds ({@code gateway-asset-id=...}
 * in the asset's metadata), when FCP kept it.
 */
record FcpAsset(
        String id,
        String name,
        String uid,
        FcpTime start,
        FcpTime duration,
        boolean hasVideo,
        boolean hasAudio,
        Integer audioChannels,
        String audioRate,
        String formatId,
        MediaUrl original,
        MediaUrl proxy,
        String gatewayAssetId) {

    /** The facts the linker may use, for the clip's {@code fcpxml} metadata. */
    Map<String, Object> facts() {
        Map<String, Object> md = new LinkedHashMap<>();
        md.put("asset_id", id);
        md.put("asset_name", name);
        if (uid != null) {
            md.put("asset_uid", uid);
        }
        if (original != null) {
            md.put("src", original.url());
        }
        if (proxy != null) {
            md.put("proxy_src", proxy.url());
        }
        md.put("asset_start", start.toString());
        md.put("asset_duration", duration.toString());
        md.put("has_video", hasVideo);
        md.put("has_audio", hasAudio);
        if (audioChannels != null) {
            md.put("audio_channels", (long) audioChannels);
        }
        if (audioRate != null) {
            md.put("audio_rate", audioRate);
        }
        if (formatId != null) {
            md.put("format", formatId);
        }
        return md;
    }
}
