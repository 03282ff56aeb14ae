package gateway.ingest.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.ingest.IngestCoordinator;
import gateway.ingest.config.WatchFolder;
import gateway.model.asset.ProjectId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderWatcherTest {
    private static final Duration SETTLE = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        private volatile Instant now = Instant.parse("2026-11-03T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    record Handed(Path root, List<Path> files, ProjectId project, boolean copy) {}

    @Test
    void aGrowingFileIsTakenOnlyOnceItHasBeenStableForTheSettleTimeAndNeverTwice() throws Exception {
        Path watched = Files.createDirectories(dir.resolve("drop"));
        TestClock clock = new TestClock();
        List<Handed> handed = new CopyOnWriteArrayList<>();
        FolderWatcher w = new FolderWatcher(
                List.of(new WatchFolder(watched, new ProjectId("p"), true, SETTLE)),
                IngestCoordinator::mediaFiles,
                (root, files, project, copy) -> handed.add(new Handed(root, files, project, copy)),
                clock);
        Path clip = watched.resolve("CARD/A001C001.mov");
        Files.createDirectories(clip.getParent());
        Files.write(clip, new byte[1000]);
        Files.writeString(watched.resolve("notes.txt"), "not media");

        assertEquals(List.of(), w.scan(), "first sight");
        clock.advance(Duration.ofSeconds(9));
        assertEquals(List.of(), w.scan(), "not settled yet");

        Files.write(clip, new byte[500], StandardOpenOption.APPEND);
        Files.setLastModifiedTime(clip, FileTime.from(clock.instant()));
        clock.advance(Duration.ofSeconds(2));
        assertEquals(List.of(), w.scan(), "grew: the settle time starts again");
        clock.advance(Duration.ofSeconds(9));
        assertEquals(List.of(), w.scan(), "9 s stable is not 10 s");
        clock.advance(Duration.ofSeconds(1));

        assertEquals(List.of(clip), w.scan());
        assertEquals(1, handed.size());
        assertEquals(new Handed(watched, List.of(clip), new ProjectId("p"), true), handed.get(0));

        clock.advance(Duration.ofMinutes(5));
        assertEquals(List.of(), w.scan(), "never twice");
        assertEquals(1, handed.size());
    }

    @Test
    void theRunningWatcherHandsOverAFileAfterTheClockPassesTheSettleTime() throws Exception {
        Path watched = Files.createDirectories(dir.resolve("drop"));
        TestClock clock = new TestClock();
        CountDownLatch took = new CountDownLatch(1);
        List<Path> files = new CopyOnWriteArrayList<>();
        CountDownLatch seen = new CountDownLatch(1);
        try (FolderWatcher w = new FolderWatcher(
                List.of(new WatchFolder(watched, new ProjectId("p"), false, SETTLE)),
                folder -> {
                    List<Path> found = IngestCoordinator.mediaFiles(folder);
                    if (!found.isEmpty()) {
                        seen.countDown();
                    }
                    return found;
                },
                (root, f, project, copy) -> {
                    files.addAll(f);
                    took.countDown();
                },
                clock)) {
            w.start(Duration.ofMillis(50));
            // Moved in whole: a scan that saw it half-written would restart its settle time after the
            // test has already advanced the clock, and it would never settle.
            Path clip = watched.resolve("B001.wav");
            Path outside = Files.write(dir.resolve("B001.wav.part"), new byte[2048]);
            Files.move(outside, clip, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            assertTrue(seen.await(10, TimeUnit.SECONDS), "the watcher sees the new file");
            assertEquals(1, took.getCount(), "not before the settle time");
            clock.advance(SETTLE);
            assertTrue(took.await(10, TimeUnit.SECONDS), "taken once settled");
            assertEquals(List.of(clip), files);
        }
    }

    @Test
    void anArriRawClipIsHandedOverWholeOnceEveryFrameHasSettled() throws Exception {
        Path watched = Files.createDirectories(dir.resolve("drop"));
        TestClock clock = new TestClock();
        List<Handed> handed = new CopyOnWriteArrayList<>();
        FolderWatcher w = new FolderWatcher(
                List.of(new WatchFolder(watched, new ProjectId("p"), false, SETTLE)),
                IngestCoordinator::mediaFiles,
                (root, files, project, copy) -> handed.add(new Handed(root, files, project, copy)),
                clock);
        Path clip = Files.createDirectories(watched.resolve("A001/A001C001_R1AB"));
        Path f0 = Files.write(clip.resolve("A001C001_R1AB.0000000.ari"), new byte[100]);
        Path f1 = Files.write(clip.resolve("A001C001_R1AB.0000001.ari"), new byte[100]);
        w.scan();
        clock.advance(Duration.ofSeconds(11));
        Path f2 = Files.write(clip.resolve("A001C001_R1AB.0000002.ari"), new byte[100]);

        assertEquals(List.of(), w.scan(), "a frame still being written holds back its clip's settled frames");
        clock.advance(Duration.ofSeconds(11));
        assertEquals(List.of(f0, f1, f2), w.scan(), "then the whole clip at once");
        assertEquals(1, handed.size());
    }
}
