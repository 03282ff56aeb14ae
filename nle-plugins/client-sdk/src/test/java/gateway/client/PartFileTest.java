package gateway.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.checksum.XxHash64;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartFileTest {
    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static long hash(byte[] b) {
        return XxHash64.hash(b, 0, b.length, 0);
    }

    @Test
    void reopeningContinuesAfterTheVerifiedBytes() throws IOException {
        Path target = dir.resolve("sub/clip.mp4");
        try (PartFile part = PartFile.open(target)) {
            part.append(0, bytes("hello "), hash(bytes("hello ")), "test");
            part.sync();
        }
        assertEquals(6, PartFile.sizeOf(target));
        try (PartFile part = PartFile.open(target)) {
            assertEquals(6, part.size());
            part.append(6, bytes("world"), hash(bytes("world")), "test");
            part.commit();
        }
        assertArrayEquals(bytes("hello world"), Files.readAllBytes(target));
        assertFalse(Files.exists(PartFile.pathFor(target)));
    }

    @Test
    void wrongChecksumIsCorruptAndWritesNothing() throws IOException {
        Path target = dir.resolve("clip.mp4");
        try (PartFile part = PartFile.open(target)) {
            GatewayException e = assertThrows(
                    GatewayException.class, () -> part.append(0, bytes("abc"), hash(bytes("abd")), "Fetch x/y"));
            assertEquals(Reason.CORRUPT, e.reason());
            assertTrue(e.getMessage().startsWith("Fetch x/y sent bytes 0..3"), e.getMessage());
            assertEquals(0, part.size());
        }
        assertEquals(0, Files.size(PartFile.pathFor(target)));
    }

    @Test
    void chunkThatDoesNotStartAtTheEndIsRejected() {
        try (PartFile part = PartFile.open(dir.resolve("clip.mp4"))) {
            part.append(0, bytes("abc"), hash(bytes("abc")), "test");
            GatewayException gap =
                    assertThrows(GatewayException.class, () -> part.append(4, bytes("e"), hash(bytes("e")), "test"));
            assertEquals(Reason.CORRUPT, gap.reason());
            GatewayException overlap =
                    assertThrows(GatewayException.class, () -> part.append(2, bytes("c"), hash(bytes("c")), "test"));
            assertEquals(Reason.CORRUPT, overlap.reason());
            assertEquals(3, part.size());
        }
    }

    @Test
    void commitReplacesAnOldTarget() throws IOException {
        Path target = dir.resolve("clip.mp4");
        Files.writeString(target, "old version, longer than the new one");
        try (PartFile part = PartFile.open(target)) {
            part.append(0, bytes("new"), hash(bytes("new")), "test");
            part.commit();
        }
        assertEquals("new", Files.readString(target));
    }
}
