package gateway.ingest.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gateway.ingest.fixtures.TestManifests;
import gateway.model.asset.AssetId;
import gateway.model.asset.AudioStream;
import gateway.model.asset.Checksums;
import gateway.model.asset.Manifest;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.ProjectId;
import gateway.model.asset.Rendition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which renditions the reconciler finds missing, by the kind of media and the files on the store. */
class ReconcilerTest {
    private static final List<String> PICTURES =
            List.of("edit", "stream-hi", "stream-lo", "scrub", "poster", "thumbnails", "filmstrip");

    @TempDir
    Path assetDir;

    @Test
    void aPictureWithoutSoundNeedsEveryPictureRungAndNoWaveform() {
        Manifest bare = picture(List.of(), List.of());
        assertEquals(PICTURES, Reconciler.missingProfiles(bare, assetDir));
    }

    @Test
    void aCompleteAssetNeedsNothingAndALostFileIsNoticed() throws Exception {
        List<Rendition> all = new ArrayList<>();
        for (String p : PICTURES) {
            all.add(rendition(p, p + "/" + p + ".bin"));
        }
        all.add(rendition("waveform", "waveform.json"));
        Manifest complete = picture(List.of(new AudioStream("pcm", 2, 48_000, 24)), all);
        for (Rendition r : all) {
            Files.createDirectories(assetDir.resolve(r.path()).getParent());
            Files.writeString(assetDir.resolve(r.path()), "x");
        }
        assertEquals(List.of(), Reconciler.missingProfiles(complete, assetDir));

        Files.delete(assetDir.resolve("stream-lo/stream-lo.bin"));
        Files.delete(assetDir.resolve("waveform.json"));
        assertEquals(List.of("stream-lo", "waveform"), Reconciler.missingProfiles(complete, assetDir));
    }

    @Test
    void aBroadcastWavNeedsItsEditRenditionAndWaveformOnly() throws Exception {
        Manifest wav = sound("wav");
        assertEquals(List.of("edit", "waveform"), Reconciler.missingProfiles(wav, assetDir));

        Manifest complete = wav.withRenditions(
                List.of(rendition("edit", "proxy/SR001.wav"), rendition("waveform", "waveform.json")));
        Files.createDirectories(assetDir.resolve("proxy"));
        Files.writeString(assetDir.resolve("proxy/SR001.wav"), "x");
        Files.writeString(assetDir.resolve("waveform.json"), "x");
        assertEquals(List.of(), Reconciler.missingProfiles(complete, assetDir));
        Files.delete(assetDir.resolve("proxy/SR001.wav"));
        assertEquals(List.of("edit"), Reconciler.missingProfiles(complete, assetDir));
    }

    @Test
    void soundThatIsNotWaveNeedsOnlyItsWaveform() {
        assertEquals(List.of("waveform"), Reconciler.missingProfiles(sound("mp3"), assetDir));
    }

    /** A sound-only asset in {@code container}: 2 channels, 24-bit, 48 kHz. */
    private static Manifest sound(String container) {
        Manifest m = TestManifests.prores(new AssetId("wave-0001"), new ProjectId("p"), "SR001.WAV", 1);
        MediaInfo media = m.media().with(List.of(new AudioStream("pcm", 2, 48_000, 24)), false);
        return m.withMedia(new MediaInfo(
                media.path(),
                container,
                media.frameRate(),
                media.durationFrames(),
                media.startTimecode(),
                media.reel(),
                null,
                media.audio(),
                false,
                null,
                List.of()));
    }

    private static Manifest picture(List<AudioStream> audio, List<Rendition> renditions) {
        Manifest m = TestManifests.prores(new AssetId("clip-0001"), new ProjectId("p"), "A001C003.mov", 1);
        return m.withMedia(m.media().with(audio, true)).withRenditions(renditions);
    }

    private static Rendition rendition(String profile, String path) {
        return new Rendition(profile, path, "application/octet-stream", 1, new Checksums(null, null));
    }
}
