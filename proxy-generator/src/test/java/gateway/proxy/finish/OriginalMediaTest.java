package gateway.proxy.finish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gateway.model.error.GatewayException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OriginalMediaTest {

    @Test
    void referenceTargetsArePathsOrFileUrls() {
        assertEquals(Path.of("/media/A001.mov"), OriginalMedia.pathOf("/media/A001.mov"));
        assertEquals(Path.of("/media/A 001.mov"), OriginalMedia.pathOf("file:///media/A%20001.mov"));
        assertEquals(Path.of("/media/A 001.mov"), OriginalMedia.pathOf("file:///media/A 001.mov"));
        assertEquals(Path.of("/media/A001.mov"), OriginalMedia.pathOf("file://localhost/media/A001.mov"));
        assertThrows(GatewayException.class, () -> OriginalMedia.pathOf("file://nas01/media/A001.mov"));
    }
}
