package gateway.model.asset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FragmentIndexTest {
    private static final FragmentIndex INDEX = new FragmentIndex(
            FrameRate.FPS_29_97,
            1534,
            List.of(
                    new FragmentIndex.Fragment(0, 30, 1534, 401_233),
                    new FragmentIndex.Fragment(30, 30, 402_767, 398_001),
                    new FragmentIndex.Fragment(60, 7, 800_768, 90_112)));

    @Test
    void whatIngestWritesTheNodeReadsBackEqual(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("stream-hi.index.json");
        Files.writeString(file, INDEX.toJson() + "\n");

        assertEquals(INDEX, FragmentIndex.read(file));
        assertEquals(67, FragmentIndex.read(file).totalFrames());
        assertEquals(800_768 + 90_112, INDEX.endBytes());
    }

    @Test
    void aMissingFieldIsCorruptAndNamed() {
        String json = INDEX.toJson().replace("\"length_bytes\":398001", "\"length\":398001");

        GatewayException e = assertThrows(GatewayException.class, () -> FragmentIndex.fromJson(json, "x.index.json"));

        assertEquals(Reason.CORRUPT, e.reason());
        assertTrue(e.getMessage().contains("fragments[1].length_bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("x.index.json"), e.getMessage());
    }

    @Test
    void anAbsentFileIsNotFound(@TempDir Path dir) {
        GatewayException e =
                assertThrows(GatewayException.class, () -> FragmentIndex.read(dir.resolve("none.index.json")));

        assertEquals(Reason.NOT_FOUND, e.reason());
    }
}
