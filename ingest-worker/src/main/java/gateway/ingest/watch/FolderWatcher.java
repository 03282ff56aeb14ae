package gateway.ingest.watch;

import gateway.ingest.config.WatchFolder;
import gateway.ingest.offload.FrameSequence;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Watch folders: ingests media files that appear below each {@link WatchFolder} once their size and
 * modification time have stayed the same for the folder's settle time (a file still being copied
 * in is not taken early), each (path, size, modification time) once. A {@link WatchService} makes a
 * new file noticed at once; a periodic rescan (every {@code rescan}) covers subfolders, file
 * systems without change events, and the settle clock. {@link #scan()} is one pass, on the
 * caller's thread.
 */
public final class FolderWatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FolderWatcher.class.getName());

    /** Where settled files go: the ingest of {@code files} below {@code root}. */
    @FunctionalInterface
    public interface Intake {
        void ingest(Path root, List<Path> files, ProjectId project, boolean copy);
    }

    private record Seen(long size, long mtimeMs, Instant since) {}

    private final List<WatchFolder> folders;
    private final Function<Path, List<Path>> mediaFiles;
    private final Intake intake;
    private final Clock clock;
    private final Map<Path, Seen> seen = new HashMap<>();
    private final Set<String> taken = new HashSet<>();
    private ScheduledExecutorService scanner;
    private WatchService events;
    private Thread eventThread;

    /** {@code mediaFiles} lists the media files below a folder (the same filter as ingest's). */
    public FolderWatcher(List<WatchFolder> folders, Function<Path, List<Path>> mediaFiles, Intake intake, Clock clock) {
        this.folders = List.copyOf(folders);
        this.mediaFiles = mediaFiles;
        this.intake = intake;
        this.clock = clock;
    }

    /** Starts the change listener and a rescan every {@code rescan}. */
    public synchronized FolderWatcher start(Duration rescan) {
        scanner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "watch-folders");
            t.setDaemon(true);
            return t;
        });
        scanner.scheduleWithFixedDelay(this::scanQuietly, 0, rescan.toMillis(), TimeUnit.MILLISECONDS);
        try {
            events = FileSystems.getDefault().newWatchService();
            for (WatchFolder f : folders) {
                if (Files.isDirectory(f.path())) {
                    f.path()
                            .register(
                                    events, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
                }
            }
            eventThread = new Thread(this::listen, "watch-folder-events");
            eventThread.setDaemon(true);
            eventThread.start();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "no change events for watch folders; rescanning every " + rescan, e);
        }
        return this;
    }

    private void listen() {
        try {
            while (true) {
                var key = events.take();
                key.pollEvents();
                key.reset();
                ScheduledExecutorService s = scanner;
                if (s != null && !s.isShutdown()) {
                    s.execute(this::scanQuietly);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // Closing.
        }
    }

    private void scanQuietly() {
        try {
            scan();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "watch folder scan failed", e);
        }
    }

    /** One pass over every folder: hands each settled, not yet taken file to the intake; returns them. */
    public synchronized List<Path> scan() {
        Instant now = clock.instant();
        List<Path> handed = new ArrayList<>();
        for (WatchFolder folder : folders) {
            if (!Files.isDirectory(folder.path())) {
                continue;
            }
            List<Path> files = mediaFiles.apply(folder.path());
            Set<Path> ripe = new HashSet<>();
            for (Path file : files) {
                if (isRipe(file, folder.settle(), now)) {
                    ripe.add(file);
                }
            }
            // A frame-per-file raw clip (ARRIRAW) is handed over whole, as one asset: held while any
            // of its frames is still being written.
            Set<String> clipsInWriting = new HashSet<>();
            for (Path file : files) {
                if (!ripe.contains(file) && FrameSequence.isFrame(file)) {
                    clipsInWriting.add(clipKey(file));
                }
            }
            List<Path> settled = new ArrayList<>();
            for (Path file : files) {
                if (ripe.contains(file)
                        && !(FrameSequence.isFrame(file) && clipsInWriting.contains(clipKey(file)))
                        && take(file)) {
                    settled.add(file);
                }
            }
            if (settled.isEmpty()) {
                continue;
            }
            try {
                intake.ingest(folder.path(), settled, folder.project(), folder.copy());
            } catch (GatewayException e) {
                // Not retried until a file changes: a corrupt card must not be copied in a loop.
                LOG.log(
                        System.Logger.Level.WARNING,
                        "watch folder " + folder.path() + ": ingest of " + settled.size() + " file(s) failed: "
                                + e.getMessage() + " [" + e.reason() + "]");
            }
            handed.addAll(settled);
        }
        return handed;
    }

    private static String clipKey(Path frame) {
        return frame.toAbsolutePath().getParent() + "/" + FrameSequence.clipName(frame);
    }

    /** Marks {@code file}, as last seen, taken; false when it was taken before. */
    private boolean take(Path file) {
        Seen s = seen.get(file);
        return s != null && taken.add(file + "|" + s.size() + "|" + s.mtimeMs());
    }

    /** True when {@code file} has had the same size and mtime for {@code settle}, taken or not. */
    private boolean isRipe(Path file, Duration settle, Instant now) {
        long size;
        long mtime;
        try {
            size = Files.size(file);
            mtime = Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            seen.remove(file);
            return false;
        }
        Seen before = seen.get(file);
        if (before == null || before.size() != size || before.mtimeMs() != mtime) {
            seen.put(file, new Seen(size, mtime, now));
            return false;
        }
        return Duration.between(before.since(), now).compareTo(settle) >= 0;
    }

    @Override
    public synchronized void close() {
        if (scanner != null) {
            scanner.shutdownNow();
        }
        if (events != null) {
            try {
                events.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "cannot close the watch service", e);
            }
        }
    }
}
