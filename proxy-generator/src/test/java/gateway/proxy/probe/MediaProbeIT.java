package gateway.proxy.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.MediaInfo;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GStreamer discoverer path of the probe: containers we do not parse ourselves. */
class MediaProbeIT {
    private final MediaProbe probe = new MediaProbe();

    @TempDir
    Path dir;

    @Test
    void mxfGoesThroughTheDiscovererAndOurHeaderReader() throws Exception {
        Path mxf = new SampleOriginals()
                .generate(
                        SampleSpec.dnxhr1080p25()
                                .withSize(1280, 720)
                                .withDurationFrames(10)
                                .withNoise(false),
                        dir.resolve("D001.mxf"));
        MediaInfo info = probe.probe(mxf);
        assertEquals("mxf", info.container());
        assertEquals("dnxhd", info.video().codec());
        assertEquals(1280, info.video().width());
        assertEquals(FrameRate.FPS_25, info.frameRate());
        assertEquals(10, info.durationFrames());
        assertEquals(2, info.audioChannels());
        // Our reader of the header metadata: mxfmux writes a timecode track at 00:00:00:00 and names
        // its file package "Source package" (ffprobe agrees on both).
        assertEquals("00:00:00:00", info.startTimecode().toString());
        assertEquals(FrameRate.FPS_25, info.startTimecode().rate());
        assertEquals("Source package", info.reel());
        assertEquals("00:00:00:00", ffprobeTimecode(mxf), "ffprobe reads the same timecode");
    }

    private static String ffprobeTimecode(Path file) throws Exception {
        Process p = new ProcessBuilder(
                        "ffprobe",
                        "-v",
                        "error",
                        "-show_entries",
                        "format_tags=timecode",
                        "-of",
                        "csv=p=0",
                        file.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0, out);
        return out;
    }

    @Test
    void randomBytesNamedMxfAreUnsupported() throws Exception {
        byte[] noise = new byte[100_000];
        new Random(11).nextBytes(noise);
        Path f = Files.write(dir.resolve("noise.mxf"), noise);
        GatewayException e = assertThrows(GatewayException.class, () -> probe.probe(f));
        assertTrue(
                e.reason() == Reason.UNSUPPORTED || e.reason() == Reason.CORRUPT, e.reason() + ": " + e.getMessage());
        assertTrue(e.getMessage().startsWith("noise.mxf"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void textFileIsUnsupported() throws Exception {
        Path f = Files.writeString(dir.resolve("notes.mov"), "this is not a movie, just some words\n".repeat(50));
        GatewayException e = assertThrows(GatewayException.class, () -> probe.probe(f));
        assertTrue(
                e.reason() == Reason.UNSUPPORTED || e.reason() == Reason.CORRUPT, e.reason() + ": " + e.getMessage());
    }
}
