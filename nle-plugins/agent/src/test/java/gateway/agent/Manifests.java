package gateway.agent;

import gateway.model.asset.AssetId;
import gateway.model.asset.AudioStream;
import gateway.model.asset.Checksums;
import gateway.model.asset.Manifest;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.ProjectId;
import gateway.model.asset.Rendition;
import gateway.model.asset.VideoInfo;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Manifests for tests: an asset with an edit and, when its size is not 0, a stream-lo rendition. */
final class Manifests {
    private Manifests() {}

    static Manifest of(
            String id, String project, String reel, String start, int audioChannels, long editBytes, long loBytes) {
        return of(
                id,
                project,
                reel + "C001",
                reel,
                "/mnt/cards/" + reel + "/" + reel + "C001.mov",
                FrameRate.FPS_25,
                start,
                true,
                audioChannels,
                editBytes,
                loBytes);
    }

    /**
     * Any asset: {@code reel} may be null, {@code start} is read at {@code rate} ("01:00:00;00" for drop
     * frame), {@code video} false for a sound file (a Broadcast WAV: {@code rate} is its timecode's).
     */
    static Manifest of(
            String id,
            String project,
            String name,
            String reel,
            String original,
            FrameRate rate,
            String start,
            boolean video,
            int audioChannels,
            long editBytes,
            long loBytes) {
        List<Rendition> renditions = new ArrayList<>();
        renditions.add(new Rendition("edit", "proxy/edit.mov", "video/quicktime", editBytes, new Checksums("", "")));
        if (loBytes > 0) {
            renditions.add(new Rendition("stream-lo", "proxy/lo.mp4", "video/mp4", loBytes, new Checksums("", "")));
        }
        return new Manifest(
                Manifest.SCHEMA_VERSION,
                1,
                new AssetId(id),
                new ProjectId(project),
                name,
                original,
                new MediaInfo(
                        original,
                        video ? "mov" : "wav",
                        rate,
                        250,
                        Timecode.parse(start, rate),
                        reel,
                        video ? new VideoInfo("prores", 1920, 1080) : null,
                        audioChannels == 0 ? List.of() : List.of(new AudioStream("pcm", audioChannels, 48_000, 24)),
                        false,
                        null,
                        List.of()),
                new Checksums("0011223344556677", ""),
                renditions,
                Map.of(),
                Instant.parse("2026-11-20T10:00:00Z"));
    }
}
