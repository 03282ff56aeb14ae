package gateway.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gateway.model.asset.AssetId;
import gateway.model.asset.AudioStream;
import gateway.model.asset.Checksums;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestJson;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.ProjectId;
import gateway.model.asset.Rendition;
import gateway.model.asset.VideoInfo;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

class StoredManifestTest {

    private static Manifest everyField() {
        MediaInfo media = new MediaInfo(
                "/media/feature/day01/A003/A003C012_230101_R1AB.mov",
                "mov",
                FrameRate.FPS_29_97,
                1_234_567,
                Timecode.parse("23:59:59;28", FrameRate.FPS_29_97),
                "A003",
                new VideoInfo("prores", 3840, 2160),
                List.of(new AudioStream("pcm_s24le", 2, 48000, 24), new AudioStream("aac", 6, 44100, 0)),
                true,
                new MediaInfo.Camera("ARRI", "ALEXA Mini LF", "A-0042"),
                List.of("timecode track without a reel name", "Ünïcødé warning ✓"));
        return new Manifest(
                Manifest.SCHEMA_VERSION,
                7,
                new AssetId("asset-0001"),
                new ProjectId("feature"),
                "A003C012_230101_R1AB",
                "/media/feature/day01/A003/A003C012_230101_R1AB.mov",
                media,
                new Checksums("0123456789abcdef", "d41d8cd98f00b204e9800998ecf8427e"),
                List.of(
                        new Rendition(
                                "edit",
                                "proxy/edit.mov",
                                "video/quicktime",
                                12_345_678_901L,
                                new Checksums("ff", null)),
                        new Rendition("thumbs", "thumbs/", null, 0, null)),
                Map.of("tags", "interview, night", "scene", "12", "empty", ""),
                Instant.parse("2026-05-03T09:00:00.123456789Z"));
    }

    private static Manifest fewestFields() {
        MediaInfo media =
                new MediaInfo("/a.wav", null, FrameRate.FPS_25, 0, null, null, null, List.of(), false, null, List.of());
        return new Manifest(
                1, 1, new AssetId("asset-0002"), new ProjectId("promo"), null, null, media, null, null, null, null);
    }

    @Test
    void everyFieldRoundTripsExactly() {
        Manifest m = everyField();
        assertEquals(m, StoredManifest.decode(StoredManifest.encode(m), "entry"));
    }

    @Test
    void absentFieldsStayAbsent() {
        Manifest m = fewestFields();
        assertEquals(m, StoredManifest.decode(StoredManifest.encode(m), "entry"));
    }

    @Test
    void readsTheSameManifestAsTheJsonItReplaces() {
        for (Manifest m : List.of(everyField(), fewestFields())) {
            Manifest fromJson = StoredManifest.decode(null, ManifestJson.toJson(m), "old entry");
            Manifest fromBinary = StoredManifest.decode(StoredManifest.encode(m), null, "new entry");
            assertEquals(fromJson, fromBinary);
        }
    }

    @Test
    void aTruncatedOrForeignFormIsCorrupt() {
        BytesRef whole = StoredManifest.encode(everyField());
        BytesRef cut =
                new BytesRef(java.util.Arrays.copyOfRange(whole.bytes, whole.offset, whole.offset + whole.length / 2));
        GatewayException truncated = assertThrows(GatewayException.class, () -> StoredManifest.decode(cut, "entry 3"));
        assertEquals(Reason.CORRUPT, truncated.reason());
        byte[] other = BytesRef.deepCopyOf(whole).bytes;
        other[0] = 9;
        GatewayException foreign =
                assertThrows(GatewayException.class, () -> StoredManifest.decode(new BytesRef(other), "entry 4"));
        assertEquals(Reason.CORRUPT, foreign.reason());
        GatewayException none =
                assertThrows(GatewayException.class, () -> StoredManifest.decode(null, null, "entry 5"));
        assertEquals(Reason.CORRUPT, none.reason());
    }

    @Test
    void textLongerThanTheFirstBufferRoundTrips() {
        Manifest m = everyField();
        String longPath = "/media/" + "Ünïcødé/".repeat(200) + "A003C012.mov";
        Manifest big = new Manifest(
                m.schemaVersion(),
                m.version(),
                m.assetId(),
                m.project(),
                "x".repeat(1_000),
                longPath,
                m.media(),
                m.checksums(),
                m.renditions(),
                Map.of("notes", "✓ ".repeat(2_000), "scene", "12"),
                m.ingestedAt());
        BytesRef stored = StoredManifest.encode(big);
        assertEquals(big, StoredManifest.decode(stored, "entry"));
        assertEquals(big, StoredManifest.decode(BytesRef.deepCopyOf(stored), "entry"));
    }
}
