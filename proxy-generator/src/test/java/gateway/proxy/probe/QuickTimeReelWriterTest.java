package gateway.proxy.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gateway.model.asset.MediaInfo;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.testing.Corpora;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickTimeReelWriterTest {
    private final MediaProbe probe = new MediaProbe();

    @Test
    void addsThenReplacesTheReelWithoutMovingSamples(@TempDir Path dir) throws IOException {
        Path copy = Files.copy(Corpora.file("media/frame_debugger_1h.mov"), dir.resolve("copy.mov"));
        assertNull(probe.probe(copy).reel(), "the corpus file has no reel name");

        QuickTimeReelWriter.write(copy, "A001C003");
        MediaInfo first = probe.probe(copy);
        assertEquals("A001C003", first.reel());
        assertEquals(120, first.durationFrames());
        assertEquals("01:00:00:00", first.startTimecode().toString());

        long size = Files.size(copy);
        QuickTimeReelWriter.write(copy, "B1");
        MediaInfo second = probe.probe(copy);
        assertEquals("B1", second.reel());
        assertEquals("01:00:00:00", second.startTimecode().toString());
        assertEquals(size - 6, Files.size(copy), "the name box is replaced, not added twice");
    }

    @Test
    void clearRemovesTheReelAndKeepsTheTimecode(@TempDir Path dir) throws IOException {
        Path copy = Files.copy(Corpora.file("media/frame_debugger_1h.mov"), dir.resolve("copy.mov"));
        long original = Files.size(copy);
        QuickTimeReelWriter.write(copy, "Tape");
        assertEquals("Tape", probe.probe(copy).reel());

        QuickTimeReelWriter.clear(copy);

        MediaInfo cleared = probe.probe(copy);
        assertNull(cleared.reel());
        assertEquals("01:00:00:00", cleared.startTimecode().toString());
        assertEquals(120, cleared.durationFrames());
        assertEquals(original, Files.size(copy), "back to the file without a name box");
        QuickTimeReelWriter.clear(copy);
        assertEquals(original, Files.size(copy), "clearing twice changes nothing");
    }

    @Test
    void refusesAFileThatIsNotAMovie(@TempDir Path dir) throws IOException {
        Path wav = Files.copy(Corpora.file("media/bwf/A101_1.WAV"), dir.resolve("a.wav"));
        byte[] before = Files.readAllBytes(wav);
        GatewayException e = assertThrows(GatewayException.class, () -> QuickTimeReelWriter.write(wav, "X"));
        assertEquals(Reason.CORRUPT, e.reason());
        assertEquals(java.util.Arrays.hashCode(before), java.util.Arrays.hashCode(Files.readAllBytes(wav)));
    }
}
