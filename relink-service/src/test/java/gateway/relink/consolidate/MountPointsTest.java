package gateway.relink.consolidate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountPointsTest {
    @TempDir
    Path dir;

    @Test
    void theLocationIsTheHighestFolderOnTheFilesStore() throws IOException {
        Path file =
                Files.writeString(Files.createDirectories(dir.resolve("a/b")).resolve("clip.mov"), "x");
        Path location = new MountPoints().locationOf(file);
        Path absolute = file.toAbsolutePath();
        assertTrue(absolute.startsWith(location), location + " is above " + absolute);
        FileStore store = Files.getFileStore(file);
        assertEquals(store, Files.getFileStore(location));
        if (location.getParent() != null) {
            assertNotEquals(store, Files.getFileStore(location.getParent()), "one folder higher is another store");
        }
    }

    @Test
    void aFileThatIsNotThereFallsBackToTheRootFolder() {
        Path missing = dir.resolve("nowhere/clip.mov");
        assertEquals(missing.toAbsolutePath().getRoot(), new MountPoints().locationOf(missing));
    }

    @Test
    void byteCountsReadLikeADiskTool() {
        assertEquals("999 B", new ByteCount(999).toString());
        assertEquals("1.2 GB", new ByteCount(1_200_000_000L).toString());
        assertEquals("400 MB", new ByteCount(400_000_000L).toString());
        assertEquals("1 GB", new ByteCount(999_950_000L).toString());
        assertEquals("2.6 GB", new ByteCount(2_640_000_000L).toString());
        assertEquals("12.5 kB", new ByteCount(12_500).toString());
    }
}
