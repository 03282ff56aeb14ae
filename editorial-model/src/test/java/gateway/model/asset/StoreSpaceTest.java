package gateway.model.asset;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreSpaceTest {
    @TempDir
    Path dir;

    @Test
    void moreThanTheFileSystemHoldsIsRefusedNamingThePathTheNeedAndTheFreeBytes() {
        Path below = dir.resolve("originals/p/A001"); // not there yet: its nearest folder's file system counts
        GatewayException e = assertThrows(
                GatewayException.class, () -> StoreSpace.require(below, Long.MAX_VALUE / 2, "the copy of A.mov"));
        assertEquals(Reason.STORAGE_FULL, e.reason());
        assertTrue(e.getMessage().contains(below.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("the copy of A.mov needs"), e.getMessage());
        assertTrue(e.getMessage().matches(".*needs [0-9,]+ bytes .*, [0-9,]+ bytes.* free.*"), e.getMessage());
        assertDoesNotThrow(() -> StoreSpace.require(below, 1, "one byte"));
    }

    @Test
    void enospcIsToldFromOtherFailuresThroughCauses() {
        assertTrue(StoreSpace.isNoSpace(new FileSystemException("/s/a", null, "No space left on device")));
        assertTrue(StoreSpace.isNoSpace(new RuntimeException("copy", new IOException("Disk quota exceeded"))));
        assertFalse(StoreSpace.isNoSpace(new IOException("Input/output error")));
        assertFalse(StoreSpace.isNoSpace(new IOException((String) null)));
        assertEquals(
                Reason.IO,
                StoreSpace.ioOrFull(dir, 10, "cannot write x", new IOException("Input/output error"))
                        .reason());
        GatewayException full =
                StoreSpace.ioOrFull(dir, 10, "cannot write x", new IOException("No space left on device"));
        assertEquals(Reason.STORAGE_FULL, full.reason());
        assertTrue(full.getMessage().contains("writing 10 bytes"), full.getMessage());
    }
}
