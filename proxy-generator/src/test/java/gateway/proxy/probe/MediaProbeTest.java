package gateway.proxy.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.AudioStream;
import gateway.model.asset.MediaInfo;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.testing.Corpora;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure-Java paths of the probe (QuickTime and WAVE parsers) against the shared corpora. */
class MediaProbeTest {

    private final MediaProbe probe = new MediaProbe();

    @Test
    void frameDebugger1hIs24fps120FramesAtOneHour() {
        MediaInfo info = probe.probe(Corpora.file("media/frame_debugger_1h.mov"));
        assertEquals(FrameRate.FPS_24, info.frameRate());
        assertEquals(120, info.durationFrames());
        assertEquals("01:00:00:00", info.startTimecode().toString());
        assertEquals(FrameRate.FPS_24, info.startTimecode().rate());
        assertEquals("mov", info.container());
        assertEquals("h264", info.video().codec());
        assertEquals(1920, info.video().width());
        assertEquals(1080, info.video().height());
        assertFalse(info.variableFrameRate());
        assertEquals(1, info.audio().size());
        assertEquals("aac", info.audio().get(0).codec());
    }

    @Test
    void frameDebugger0hStartsAtZero() {
        MediaInfo info = probe.probe(Corpora.file("media/frame_debugger_0h.mov"));
        assertEquals("00:00:00:00", info.startTimecode().toString());
        assertEquals(120, info.durationFrames());
    }

    @Test
    void soundDevicesBwfAt23976NonDrop() {
        MediaInfo info = probe.probe(Corpora.file("media/bwf/A101_1.WAV"));
        assertEquals(FrameRate.FPS_23_976, info.frameRate());
        assertEquals("12:39:59:00", info.startTimecode().toString());
        assertFalse(info.startTimecode().dropFrame());
        assertEquals(FrameRate.FPS_23_976, info.startTimecode().rate());
        assertEquals(new AudioStream("pcm", 2, 48000, 24), info.audio().get(0));
        assertEquals("18Y12M31", info.reel());
        assertNull(info.video());
        // 1441434 bytes of 6-byte frames = 240239 samples = 5.005 s = 120 frames at 23.976
        assertEquals(120, info.durationFrames());
    }

    @Test
    void zoomBwfAt25() {
        MediaInfo info = probe.probe(Corpora.file("media/bwf/Scene_1_2AG-T001_Tr1.WAV"));
        assertEquals(FrameRate.FPS_25, info.frameRate());
        assertEquals("22:40:10:00", info.startTimecode().toString());
        assertEquals(1, info.audioChannels());
    }

    @Test
    void wavWithoutTimecodeRateUsesTheConfiguredDefault() {
        MediaProbe at24 = new MediaProbe(FrameRate.FPS_24, Duration.ofSeconds(30));
        MediaInfo info = at24.probe(Corpora.file("media/bwf/umid.wav"));
        assertEquals(FrameRate.FPS_24, info.frameRate());
        assertTrue(
                info.warnings().stream().anyMatch(w -> w.contains("default")),
                info.warnings().toString());
        // Pro Tools: TimeReference 676200 samples at 44.1 kHz = 15.33 s
        assertEquals("00:00:15:08", info.startTimecode().toString());
    }

    @Test
    void everyCorpusFileProbes() throws IOException {
        try (var files = Files.walk(Corpora.file("media"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                MediaInfo info = probe.probe(f);
                assertTrue(info.durationFrames() > 0, f + " has frames");
                assertFalse(info.audio().isEmpty(), f + " has audio");
            }
        }
    }

    @Test
    void zeroLengthFileIsCorrupt(@TempDir Path dir) throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.mov"));
        GatewayException e = assertThrows(GatewayException.class, () -> probe.probe(empty));
        assertEquals(Reason.CORRUPT, e.reason());
        assertTrue(e.getMessage().contains("empty.mov"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void truncatedMovieIsCorrupt(@TempDir Path dir) throws IOException {
        byte[] whole = Files.readAllBytes(Corpora.file("media/frame_debugger_1h.mov"));
        for (int keep : new int[] {12, 100, whole.length / 2, whole.length - 10}) {
            Path cut = dir.resolve("cut" + keep + ".mov");
            Files.write(cut, Arrays.copyOf(whole, keep));
            GatewayException e = assertThrows(GatewayException.class, () -> probe.probe(cut), "kept " + keep);
            assertEquals(Reason.CORRUPT, e.reason(), e.getMessage());
            assertTrue(e.getMessage().startsWith(cut.getFileName().toString()), e.getMessage());
        }
    }

    @Test
    void truncatedWaveIsCorrupt(@TempDir Path dir) throws IOException {
        byte[] whole = Files.readAllBytes(Corpora.file("media/bwf/A101_1.WAV"));
        Path cut = dir.resolve("cut.wav");
        Files.write(cut, Arrays.copyOf(whole, whole.length - 1000));
        GatewayException e = assertThrows(GatewayException.class, () -> probe.probe(cut));
        assertEquals(Reason.CORRUPT, e.reason());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void missingFileIsNotFound(@TempDir Path dir) {
        GatewayException e = assertThrows(GatewayException.class, () -> probe.probe(dir.resolve("nope.mov")));
        assertEquals(Reason.NOT_FOUND, e.reason());
    }

    @Test
    void corruptedMovieBoxSizesAreCorruptNotACrash(@TempDir Path dir) throws IOException {
        byte[] whole = Files.readAllBytes(Corpora.file("media/frame_debugger_0h.mov"));
        java.util.Random random = new java.util.Random(7);
        int moov = indexOf(whole, "moov".getBytes()) - 4;
        for (int trial = 0; trial < 200; trial++) {
            byte[] damaged = whole.clone();
            for (int i = 0; i < 4; i++) {
                damaged[moov + 8 + random.nextInt(whole.length - moov - 8)] = (byte) random.nextInt();
            }
            Path f = dir.resolve("damaged.mov");
            Files.write(f, damaged);
            try {
                probe.probe(f);
            } catch (GatewayException e) {
                assertTrue(
                        e.reason() == Reason.CORRUPT || e.reason() == Reason.UNSUPPORTED,
                        "trial " + trial + ": " + e.reason() + " " + e.getMessage());
            }
        }
    }

    private static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
