package gateway.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gateway.model.error.GatewayException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportWatcherTest {
    @TempDir
    Path dir;

    @Test
    void anEdlIsConformedOnceItHasSettledAndNotAgainUntilItChanges() throws IOException {
        List<Path> conformed = new ArrayList<>();
        ExportWatcher watcher = new ExportWatcher(dir, edl -> {
            conformed.add(edl);
            write(edl.resolveSibling(edl.getFileName() + ConformRun.JSON_SUFFIX), "{}", 200);
        });
        Path edl = dir.resolve("cut.EDL");
        write(edl, "TITLE: cut\n", 100);
        Files.writeString(dir.resolve("notes.txt"), "not an edit");

        assertEquals(List.of(), watcher.scan(), "first sight: maybe still being written");
        write(edl, "TITLE: cut\n001  A001 V C 01:00:00:00 01:00:01:00 01:00:00:00 01:00:01:00\n", 150);
        assertEquals(List.of(), watcher.scan(), "it grew: not settled");
        assertEquals(List.of(edl.toAbsolutePath()), watcher.scan());
        assertEquals(List.of(), watcher.scan(), "its report is newer: done");
        write(edl, "TITLE: cut v2\n", 300);
        watcher.scan();
        assertEquals(List.of(edl.toAbsolutePath()), watcher.scan(), "exported again: conformed again");
        assertEquals(2, conformed.size());
    }

    @Test
    void aFailedConformIsNotRetriedUntilTheFileChanges() throws IOException {
        List<Path> tried = new ArrayList<>();
        ExportWatcher watcher = new ExportWatcher(dir, edl -> {
            tried.add(edl);
            throw GatewayException.invalid("cannot read it");
        });
        write(dir.resolve("bad.edl"), "garbage", 100);
        watcher.scan();
        watcher.scan();
        watcher.scan();
        assertEquals(1, tried.size());
    }

    private static void write(Path f, String text, long second) {
        try {
            Files.writeString(f, text);
            Files.setLastModifiedTime(f, FileTime.from(Instant.ofEpochSecond(1_800_000_000L + second)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
