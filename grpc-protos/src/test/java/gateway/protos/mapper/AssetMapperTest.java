package gateway.protos.mapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.AssetId;
import gateway.model.asset.AudioStream;
import gateway.model.asset.Checksums;
import gateway.model.asset.Manifest;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.ProjectId;
import gateway.model.asset.Rendition;
import gateway.model.asset.VideoInfo;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import gateway.protos.catalog.v1.SearchHit;
import gateway.protos.common.v1.Asset;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssetMapperTest {

    private static Manifest alexaClip() {
        MediaInfo media = new MediaInfo(
                "/mnt/cards/A001/A001C003_230101_R1AB.mov",
                "mov",
                FrameRate.FPS_29_97,
                1800,
                Timecode.parse("10:03:00;05", FrameRate.FPS_29_97),
                "A001",
                new VideoInfo("prores", 3840, 2160),
                List.of(new AudioStream("pcm_s24le", 2, 48000, 24), new AudioStream("pcm_s24le", 1, 48000, 24)),
                false,
                new MediaInfo.Camera("ARRI", "ALEXA Mini", null),
                List.of("no reel in timecode track"));
        return new Manifest(
                Manifest.SCHEMA_VERSION,
                3,
                new AssetId("a001c003-0000-4000-8000-000000000001"),
                new ProjectId("feature_01"),
                "A001C003_230101_R1AB",
                "/mnt/cards/A001/A001C003_230101_R1AB.mov",
                media,
                new Checksums("0123456789abcdef", null),
                List.of(
                        new Rendition(
                                "stream-hi",
                                "proxy/stream-hi.mp4",
                                "video/mp4",
                                12_345_678L,
                                new Checksums("fedcba9876543210", null)),
                        new Rendition("thumbnails", "thumbs/", null, 0, null)),
                Map.of("scene", "12", "take", "3"),
                Instant.parse("2026-11-20T10:15:30.123456789Z"));
    }

    @Test
    void manifestRoundTripsThroughTheWire() {
        Manifest m = alexaClip();
        assertEquals(m, AssetMapper.fromProto(AssetMapper.toProto(m)));
    }

    @Test
    void wireFormCarriesTimecodeAsFramesSinceMidnightAndALabel() {
        Asset a = AssetMapper.toProto(alexaClip());
        assertEquals(1_084_319, a.getStartTimecode().getValue());
        assertEquals(30000, a.getStartTimecode().getRateNum());
        assertEquals(1001, a.getStartTimecode().getRateDen());
        assertEquals("10:03:00;05", a.getStartTimecodeLabel());
        assertTrue(a.getDropFrame());
        assertEquals(3840, a.getVideo().getWidthPx());
        assertEquals(48000, a.getAudio(0).getSampleRateHz());
        assertEquals(24, a.getAudio(1).getBitDepthBits());
        assertEquals("", a.getChecksums().getMd5());
        assertEquals(123456789, a.getIngestedAt().getNanos());
        assertEquals("3", a.getMetadataOrThrow("take"));
    }

    @Test
    void audioOnlyFileWithoutTimecodeHasNoVideoAndNoTimecode() {
        MediaInfo media = new MediaInfo(
                "/sound/day1/T001.WAV",
                "wav",
                FrameRate.FPS_25,
                250,
                null,
                null,
                null,
                List.of(new AudioStream("pcm_s24le", 8, 48000, 24)),
                false,
                null,
                List.of());
        Manifest m = new Manifest(
                1,
                1,
                new AssetId("t001-wav-0001"),
                new ProjectId("p1"),
                null,
                null,
                media,
                null,
                List.of(),
                Map.of(),
                null);
        Asset a = AssetMapper.toProto(m);
        assertFalse(a.hasVideo());
        assertFalse(a.hasStartTimecode());
        assertFalse(a.hasCamera());
        assertEquals("", a.getStartTimecodeLabel());
        assertEquals("/sound/day1/T001.WAV", a.getOriginalPath());

        Manifest back = AssetMapper.fromProto(a);
        assertNull(back.media().video());
        assertNull(back.media().startTimecode());
        assertNull(back.media().reel());
        assertNull(back.checksums());
        assertEquals(media, back.media());
    }

    @Test
    void searchHitSummarisesTheAsset() {
        SearchHit hit = AssetMapper.toSearchHit(alexaClip(), 2.5f);
        assertEquals("A001", hit.getReel());
        assertEquals(3, hit.getAudioChannels());
        assertEquals("prores", hit.getVideoCodec());
        assertEquals(List.of("stream-hi", "thumbnails"), hit.getProfilesList());
        assertEquals(1_084_319, hit.getStartTimecode().getValue());
        assertEquals(2.5f, hit.getScore());
    }

    @Test
    void badWireAssetsAreRejectedNamingTheField() {
        Asset good = AssetMapper.toProto(alexaClip());

        GatewayException badId = assertThrows(
                GatewayException.class,
                () -> AssetMapper.fromProto(good.toBuilder().setAssetId("X").build()));
        assertEquals(Reason.INVALID_ARGUMENT, badId.reason());
        assertTrue(badId.getMessage().contains("'asset_id'"), badId.getMessage());

        GatewayException noRate = assertThrows(
                GatewayException.class,
                () -> AssetMapper.fromProto(good.toBuilder().clearFrameRate().build()));
        assertTrue(noRate.getMessage().contains("'frame_rate'"), noRate.getMessage());

        GatewayException badProject = assertThrows(
                GatewayException.class,
                () -> AssetMapper.fromProto(
                        good.toBuilder().setProject("../etc").build()));
        assertTrue(badProject.getMessage().contains("'project'"), badProject.getMessage());

        Asset dropAt25 = good.toBuilder()
                .setStartTimecode(
                        good.getStartTimecode().toBuilder().setRateNum(25).setRateDen(1))
                .build();
        GatewayException badTc = assertThrows(GatewayException.class, () -> AssetMapper.fromProto(dropAt25));
        assertEquals(Reason.INVALID_ARGUMENT, badTc.reason());
        assertTrue(badTc.getMessage().contains("'start_timecode'"), badTc.getMessage());
    }
}
