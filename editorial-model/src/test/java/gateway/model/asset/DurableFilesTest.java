package gateway.model.asset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFilesTest {
    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writeReplacesTheFileWholeAndLeavesNoTempFile() throws IOException {
        Path target = dir.resolve("state.json");
        DurableFiles.writeString(target, "old");
        DurableFiles.write(target, "new".getBytes(StandardCharsets.UTF_8));
        assertEquals("new", Files.readString(target));
        assertEquals(List.of("state.json"), names());
    }

    @Test
    void writeCreatesMissingFolders() throws IOException {
        Path target = dir.resolve("a/b/c.txt");
        DurableFiles.writeString(target, "x");
        assertEquals("x", Files.readString(target));
    }

    @Test
    void aFailingWriterLeavesTheOldFileIntactAndNoTempFile() throws IOException {
        Path target = dir.resolve("report.html");
        DurableFiles.writeString(target, "the old report");
        GatewayException e = assertThrows(
                GatewayException.class,
                () -> DurableFiles.write(target, DurableFiles.Access.DEFAULT, out -> {
                    out.write(new byte[200_000]); // more than the buffer: some of it reached the temp file
                    throw new IOException("disk full");
                }));
        assertEquals(Reason.IO, e.reason());
        assertTrue(e.getMessage().contains(target.toString()) && e.getMessage().contains("disk full"), e.getMessage());
        assertEquals("the old report", Files.readString(target));
        assertEquals(List.of("report.html"), names());
    }

    @Test
    void aWriteThatRunsOutOfSpaceIsStorageFullNamingThePathAndLeavesTheOldFileAndNoTemp() throws IOException {
        Path target = dir.resolve("manifest.json");
        DurableFiles.writeString(target, "committed");
        GatewayException e = assertThrows(
                GatewayException.class,
                () -> DurableFiles.write(target, DurableFiles.Access.DEFAULT, out -> {
                    out.write(new byte[200_000]);
                    // What FileChannel.write throws on ENOSPC (the OS's strerror).
                    throw new IOException("No space left on device");
                }));
        assertEquals(Reason.STORAGE_FULL, e.reason());
        assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
        assertTrue(e.getMessage().matches(".*no space left on device, [0-9,]+ bytes.* free;.*"), e.getMessage());
        assertEquals("committed", Files.readString(target));
        assertEquals(List.of("manifest.json"), names());
    }

    @Test
    void streamedContentArrivesWhole() throws IOException {
        Path target = dir.resolve("big.bin");
        byte[] chunk = new byte[100_003];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) i;
        }
        DurableFiles.write(target, DurableFiles.Access.DEFAULT, out -> {
            for (int i = 0; i < 7; i++) {
                out.write(chunk);
            }
        });
        byte[] read = Files.readAllBytes(target);
        assertEquals(7L * chunk.length, read.length);
        assertEquals(chunk[100_002], read[6 * chunk.length + 100_002]);
    }

    @Test
    void ownerOnlyFilesAreMode600() throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return; // no POSIX modes to check on this file system
        }
        Path target = dir.resolve("session.json");
        DurableFiles.write(target, new byte[] {1}, DurableFiles.Access.OWNER_ONLY);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }

    @Test
    void writeIfAbsentCreatesOnceAndNeverOverwrites() throws IOException {
        Path target = dir.resolve("0001.mhl");
        assertTrue(DurableFiles.writeIfAbsent(target, "first".getBytes(StandardCharsets.UTF_8)));
        assertFalse(DurableFiles.writeIfAbsent(target, "second".getBytes(StandardCharsets.UTF_8)));
        assertEquals("first", Files.readString(target));
        assertEquals(List.of("0001.mhl"), names());
    }

    @Test
    void tempBesideIsHiddenUniqueAndInTheTargetsFolder() {
        Path target = dir.resolve("sub/proxy.mov");
        Path a = DurableFiles.tempBeside(target);
        Path b = DurableFiles.tempBeside(target);
        assertEquals(target.toAbsolutePath().getParent(), a.getParent());
        assertTrue(Files.isDirectory(a.getParent()));
        String name = a.getFileName().toString();
        assertTrue(name.startsWith(".proxy.mov.") && name.endsWith(DurableFiles.TEMP_SUFFIX), name);
        assertFalse(a.equals(b));
        assertFalse(Files.exists(a));
    }

    @Test
    void moveIntoPlaceReplacesTheTargetAndConsumesTheTemp() throws IOException {
        Path target = dir.resolve("clip.mov");
        Files.writeString(target, "old");
        Path temp = DurableFiles.tempBeside(target);
        Files.writeString(temp, "new");
        DurableFiles.moveIntoPlace(temp, target);
        assertEquals("new", Files.readString(target));
        assertEquals(List.of("clip.mov"), names());
    }

    @Test
    void moveIntoPlaceOfAMissingFileFailsNamingBothAndKeepsTheTarget() throws IOException {
        Path target = dir.resolve("clip.mov");
        Files.writeString(target, "old");
        GatewayException e = assertThrows(
                GatewayException.class, () -> DurableFiles.moveIntoPlace(dir.resolve(".gone.tmp"), target));
        assertEquals(Reason.IO, e.reason());
        assertTrue(e.getMessage().contains(".gone.tmp") && e.getMessage().contains("clip.mov"), e.getMessage());
        assertArrayEquals("old".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(target));
    }

    @Test
    void aPendingFileCommittedReplacesTheTarget() throws IOException {
        Path target = dir.resolve("proxy.mov");
        Files.writeString(target, "old");
        try (DurableFiles.Pending out = DurableFiles.pending(target)) {
            Files.writeString(out.temp(), "rendered");
            assertEquals(target.toAbsolutePath(), out.commit());
        }
        assertEquals("rendered", Files.readString(target));
        assertEquals(List.of("proxy.mov"), names());
    }

    @Test
    void aPendingFileClosedWithoutCommitLeavesTheOldTargetAndNoTemp() throws IOException {
        Path target = dir.resolve("proxy.mov");
        Files.writeString(target, "old");
        try (DurableFiles.Pending out = DurableFiles.pending(target)) {
            Files.writeString(out.temp(), "half a render");
        }
        assertEquals("old", Files.readString(target));
        assertEquals(List.of("proxy.mov"), names());
    }

    @Test
    void aTargetWithoutAFolderIsRefused() {
        GatewayException e = assertThrows(GatewayException.class, () -> DurableFiles.tempBeside(Path.of("/")));
        assertEquals(Reason.INVALID_ARGUMENT, e.reason());
    }
}
