package gateway.proxy.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.AssetId;
import gateway.model.asset.MediaInfo;
import gateway.model.time.FrameRate;
import gateway.proxy.FfprobeCheck;
import gateway.proxy.probe.MediaProbe;
import gateway.proxy.probe.MxfWriters;
import gateway.proxy.progress.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Avid media as ffmpeg writes it: an OP-Atom clip (one DNxHD picture file, two PCM sound files,
 * linked by their material package) is one original with two audio tracks whose proxies keep its
 * timecode, reel and tracks; a D-10 (IMX) NTSC file at 29.97 drop-frame gives an edit proxy whose
 * timecode track starts where the original's does. ffprobe is the witness.
 */
class AvidOriginalsIT {
    private final MediaProbe probe = new MediaProbe();
    private final Ladder ladder = new Ladder(probe);

    @TempDir
    Path originals;

    @TempDir
    Path assetDir;

    @Test
    void anOpAtomClipIsOnePictureWithItsSoundFilesAsTracks() throws Exception {
        Path picture = MxfWriters.opAtomClip(originals, "ClipA");
        assertEquals("10:00:00:00", MxfWriters.seen(picture).timecode(), "ffprobe reads the writer's timecode");

        MediaInfo probed = probe.probe(picture);
        assertEquals(FrameRate.FPS_25, probed.frameRate());
        assertEquals(25, probed.durationFrames());
        assertEquals("10:00:00:00", probed.startTimecode().toString());
        assertEquals("OPA001", probed.reel());
        assertEquals("ClipA", probed.clipName());
        assertEquals("dnxhd", probed.video().codec());
        assertEquals(1080, probed.video().height(), "the display height, not DNxHD's stored 1088");
        assertEquals(2, probed.audio().size(), "two sound files, two tracks: " + probed.audio());
        assertEquals(2, probed.audioChannels());
        assertTrue(
                probed.warnings().get(0).contains("ClipA_A01.mxf, ClipA_A02.mxf"),
                probed.warnings().toString());

        AssetId id = AssetId.random();
        LadderResult result = ladder.makeAll(picture, probed, id, assetDir, ProgressListener.NONE);

        new LadderChecks(assetDir).assertEveryOutput(probed, id, result, probe);
        Path edit = assetDir.resolve(result.rendition("edit").orElseThrow().path());
        List<Map<String, String>> streams = FfprobeCheck.streams(edit);
        List<Map<String, String>> audio = streams.stream()
                .filter(s -> "audio".equals(s.get("codec_type")))
                .toList();
        assertEquals(2, audio.size(), streams.toString());
        audio.forEach(a -> assertEquals("mono", a.get("channel_layout"), a.toString()));
        Map<String, String> tmcd = FfprobeCheck.first(edit, "data");
        assertEquals("10:00:00:00", tmcd.get("TAG:timecode"));
        assertEquals("OPA001", tmcd.get("TAG:reel_name"));
        assertEquals("25", FfprobeCheck.first(edit, "video").get("nb_frames"));
    }

    @Test
    void anOpAtomSetWithoutOneOfItsSoundFilesIsNamedInTheWarnings() throws Exception {
        Path picture = MxfWriters.opAtomClip(originals, "ClipB");
        Files.delete(originals.resolve("ClipB_A01.mxf"));

        MediaInfo probed = probe.probe(picture);

        assertEquals(1, probed.audio().size(), probed.audio().toString());
        assertTrue(
                probed.warnings()
                        .contains("Avid OP-Atom clip incomplete: ClipB_A01.mxf missing beside ClipB_V01.mxf (the sound"
                                + " files found number their tracks up to 2): the asset has 1 of at least 2 sound"
                                + " tracks"),
                probed.warnings().toString());
    }

    @Test
    void d10NtscAt2997DropFrameGivesATimecodeTrackThatStartsThere() throws Exception {
        Path original = MxfWriters.d10ImxNtsc(originals.resolve("imx-ntsc.mxf"));
        assertEquals("01:00:00;02", MxfWriters.seen(original).timecode(), "ffprobe reads the writer's timecode");
        MediaInfo probed = probe.probe(original);
        assertEquals("01:00:00;02", probed.startTimecode().toString());
        assertTrue(probed.dropFrame());
        assertEquals(FrameRate.FPS_29_97, probed.frameRate());
        assertEquals("IMX0043", probed.reel());
        assertEquals("NTSC item", probed.clipName());

        AssetId id = AssetId.random();
        LadderResult result =
                ladder.make(original, probed, id, assetDir, java.util.Set.of(EditProxy.PROFILE), ProgressListener.NONE);

        Path edit = assetDir.resolve(result.rendition("edit").orElseThrow().path());
        assertTrue(Files.isRegularFile(edit));
        Map<String, String> tmcd = FfprobeCheck.first(edit, "data");
        assertEquals("01:00:00;02", tmcd.get("TAG:timecode"), "ffprobe's timecode of the edit proxy");
        assertEquals("IMX0043", tmcd.get("TAG:reel_name"));
    }
}
