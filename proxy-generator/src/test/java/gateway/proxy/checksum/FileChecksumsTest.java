package gateway.proxy.checksum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gateway.model.asset.Checksums;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileChecksumsTest {

    @Test
    void emptyFile(@TempDir Path dir) throws IOException {
        Path f = Files.createFile(dir.resolve("empty"));
        assertEquals(new Checksums("ef46db3751d8e999", "d41d8cd98f00b204e9800998ecf8427e"), FileChecksums.compute(f));
    }

    @Test
    void textFile(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("abc"), "abc");
        // xxhsum -H64 and md5sum of the same three bytes
        assertEquals(new Checksums("44bc2cf5ad770999", "900150983cd24fb0d6963f7d28e17f72"), FileChecksums.compute(f));
    }

    @Test
    void fileLargerThanTheBufferMatchesXxhsum(@TempDir Path dir) throws IOException {
        // 5 MiB + 3 bytes of the pattern (31 i + 7) mod 256: crosses the 4 MiB read buffer.
        byte[] data = new byte[(5 << 20) + 3];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        Path f = Files.write(dir.resolve("big"), data);
        assertEquals(new Checksums("7616dadcaf9a31fb", "c68b8ee04ebd8f94f017833f77eeb056"), FileChecksums.compute(f));
    }

    @Test
    void missingFileIsNotFound(@TempDir Path dir) {
        GatewayException e = assertThrows(GatewayException.class, () -> FileChecksums.compute(dir.resolve("missing")));
        assertEquals(Reason.NOT_FOUND, e.reason());
    }
}
