package gateway.proxy.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.AudioStream;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.VideoInfo;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LadderProfilesTest {

    @Test
    void defaultsNameEveryRungInLadderOrder() {
        assertEquals(
                List.of("edit", "stream-hi", "stream-lo", "scrub", "poster", "thumbnails", "filmstrip", "waveform"),
                LadderProfiles.defaults().all().stream()
                        .map(LadderProfile::name)
                        .toList());
    }

    @Test
    void whichRungsEachKindOfMediaGets() {
        AudioStream pcm = new AudioStream("pcm", 2, 48_000, 24);
        assertEquals(
                List.of("edit", "stream-hi", "stream-lo", "scrub", "poster", "thumbnails", "filmstrip", "waveform"),
                applying(media("mov", new VideoInfo("prores", 1920, 1080), List.of(pcm))));
        assertEquals(
                List.of("edit", "stream-hi", "stream-lo", "scrub", "poster", "thumbnails", "filmstrip"),
                applying(media("mov", new VideoInfo("prores", 1920, 1080), List.of())));
        assertEquals(List.of("edit", "waveform"), applying(media("wav", null, List.of(pcm))), "a Broadcast WAV");
        assertEquals(List.of("waveform"), applying(media("mp3", null, List.of(pcm))), "sound that is not WAVE");
    }

    private static List<String> applying(MediaInfo media) {
        return LadderProfiles.defaults().all().stream()
                .filter(p -> p.appliesTo(media))
                .map(LadderProfile::name)
                .toList();
    }

    private static MediaInfo media(String container, VideoInfo video, List<AudioStream> audio) {
        return new MediaInfo(
                "/x." + container, container, FrameRate.FPS_25, 25, null, null, video, audio, false, null, List.of());
    }

    @Test
    void selectKeepsConfiguredOrderAndRejectsUnknownNames() {
        LadderProfiles p = LadderProfiles.defaults();
        assertEquals(
                List.of("stream-hi", "waveform"),
                p.select(Set.of("waveform", "stream-hi")).stream()
                        .map(LadderProfile::name)
                        .toList());
        GatewayException e = assertThrows(GatewayException.class, () -> p.select(Set.of("stream-4k")));
        assertEquals(Reason.INVALID_ARGUMENT, e.reason());
        assertTrue(e.getMessage().contains("stream-4k"));
    }

    @Test
    void withReplacesByNameAndAddsNewRungs() {
        LadderProfiles p = LadderProfiles.defaults()
                .with(new LadderProfile.Thumbnails("thumbnails", 160, 90, 5, 0.7f))
                .with(new LadderProfile.Stream("stream-mid", 854, 480, 1200, 128, 1));
        assertEquals(
                new LadderProfile.Thumbnails("thumbnails", 160, 90, 5, 0.7f),
                p.select(Set.of("thumbnails")).get(0));
        assertEquals(9, p.all().size());
        assertThrows(
                GatewayException.class,
                () -> LadderProfiles.of(List.of(LadderProfile.Stream.hi(), LadderProfile.Stream.hi())));
    }

    @Test
    void profilesValidateTheirSettings() {
        assertThrows(GatewayException.class, () -> new LadderProfile.Stream("Stream HI", 960, 540, 2500, 128, 2));
        assertThrows(GatewayException.class, () -> new LadderProfile.Stream("stream-x", 960, 540, 0, 128, 2));
        assertThrows(GatewayException.class, () -> new LadderProfile.Poster("poster", 960, 540, 100, 0.8f));
        assertThrows(GatewayException.class, () -> new LadderProfile.Thumbnails("thumbnails", 320, 180, 2, 1.5f));
        assertThrows(GatewayException.class, () -> new LadderProfile.Waveform("waveform", 0));
        assertThrows(GatewayException.class, () -> new LadderProfile.Filmstrip("filmstrip", 160, 90, 10_000, 10, 0.8f));
        assertFalse(LadderProfile.Waveform.standard().needsVideo());
        assertTrue(LadderProfile.Scrub.standard().needsVideo());
    }
}
