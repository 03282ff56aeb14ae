package gateway.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.ProjectId;
import gateway.model.time.FrameRate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The catalogue's status and warning kinds of what ingest warned of. */
class AssetWarningsTest {

    @Test
    void warningsAreFiledByKindAndAny() {
        assertEquals(Set.of(), AssetDocument.warningKinds(List.of()));
        assertEquals(
                List.of(
                        "conflict",
                        "timecode-break",
                        "av-duration",
                        "truncated",
                        "bad-index",
                        "incomplete-clip",
                        "variable-frame-rate",
                        "other",
                        "any"),
                List.copyOf(AssetDocument.warningKinds(List.of(
                        "same reel A001 and overlapping timecode 10:00:01:00-10:00:01:24 (25 frames) as B.mxf (asset x)",
                        "timecode break: the timecode track has 2 samples",
                        "audio and video durations differ: audio track 1 lasts 25 frames, the picture 50 (at 25/1)",
                        "damaged footer partition at byte 4096: no partition pack",
                        "index table that lies: the index table segment at byte 9 says edit unit 7 starts at 5",
                        "Avid OP-Atom clip incomplete: C_A01.mxf missing beside C_V01.mxf",
                        "variable frame rate: 20 pictures of differing durations over 24 frames at 25/1",
                        "something else"))));
    }

    @Test
    void aCameraRawOriginalWithoutRenditionsIsOriginalOnly() {
        MediaInfo raw = new MediaInfo(
                "/card/A001.R3D",
                "r3d",
                FrameRate.FPS_25,
                0,
                null,
                null,
                null,
                List.of(),
                false,
                null,
                List.of("original only: camera raw (R3D) that GStreamer cannot decode, and no camera proxy"));
        Manifest m = new Manifest(
                Manifest.SCHEMA_VERSION,
                1,
                AssetId.random(),
                new ProjectId("p"),
                "A001.R3D",
                "/card/A001.R3D",
                raw,
                null,
                List.of(),
                Map.of(),
                null);
        assertEquals("original-only", AssetDocument.status(m));
        assertEquals(Set.of("original-only", "any"), AssetDocument.warningKinds(raw.warnings()));
        MediaInfo plain = new MediaInfo(
                "/card/A001.mov", "mov", FrameRate.FPS_25, 1, null, null, null, List.of(), false, null, List.of());
        assertEquals("ingested", AssetDocument.status(m.withMedia(plain)), "no renditions, no such warning");
    }
}
