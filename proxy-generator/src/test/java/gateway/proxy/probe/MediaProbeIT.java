package gateway.proxy.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
    void mxfGoesThroughTheDiscoverer() {
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
        assertNull(info.startTimecode());
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
