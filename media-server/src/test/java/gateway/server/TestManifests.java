package gateway.server;

import gateway.model.asset.AssetId;
import gateway.model.asset.Checksums;
import gateway.model.asset.Manifest;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.ProjectId;
import gateway.model.asset.VideoInfo;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A small, valid manifest for tests that need one without media: 10 s of 1080p25 ProRes from 01:00:00:00, reel A001. */
public final class TestManifests {
    private TestManifests() {}

    /** Asset {@code id} of {@code project}, clip {@code name}, derived from version {@code derivedFrom}. */
    public static Manifest prores(AssetId id, ProjectId project, String name, long derivedFrom) {
        return new Manifest(
                Manifest.SCHEMA_VERSION,
                derivedFrom,
                id,
                project,
                name,
                "/cards/" + name,
                new MediaInfo(
                        "/cards/" + name,
                        "mov",
                        FrameRate.FPS_25,
                        250,
                        Timecode.parse("01:00:00:00", FrameRate.FPS_25),
                        "A001",
                        new VideoInfo("prores", 1920, 1080),
                        List.of(),
                        false,
                        new MediaInfo.Camera(null, null, null),
                        List.of()),
                new Checksums("0123456789abcdef", null),
                List.of(),
                Map.of(),
                Instant.parse("2026-11-21T10:00:00Z"));
    }
}
