package gateway.model.asset;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The manifests on the media store, the source of truth: {@code <store>/assets/<project>/<asset-id>/manifest.json}.
 *
 * <p>A commit writes the next version to a temp file in the asset's folder, fsyncs it, renames it
 * over {@code manifest.json} atomically and fsyncs the folder, so a reader sees either the old or the
 * new manifest, never a torn one; a crash before the rename leaves the old version in place (and a
 * stray temp file, which the next commit removes). Commits of one asset are serialised inside the
 * JVM and across processes (a lock file in the asset's folder).
 */
public final class ManifestStore {
    /** The file name of a committed manifest inside an asset's folder. */
    public static final String MANIFEST_FILE = "manifest.json";

    /** Temp files of {@link DurableFiles} ({@code .manifest.json.<random>.tmp}) and of earlier versions (no dot). */
    private static final String TEMP_GLOB = "{.,}" + MANIFEST_FILE + ".*";

    private static final String TEMP_SUFFIX = DurableFiles.TEMP_SUFFIX;
    private static final String LOCK_FILE = ".manifest.lock";
    private static final System.Logger LOG = System.getLogger(ManifestStore.class.getName());

    private final Path root;
    private final Path assets;
    /** Striped in-JVM locks (a FileLock cannot be taken twice by one JVM); bounded however many assets. */
    private final ReentrantLock[] stripes = new ReentrantLock[64];

    public ManifestStore(Path storeRoot) {
        this.root = Objects.requireNonNull(storeRoot, "storeRoot").toAbsolutePath();
        this.assets = root.resolve("assets");
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    public Path root() {
        return root;
    }

    /** The asset's folder (manifest, proxies, thumbnails ...); not created by this call. */
    public Path assetDir(ProjectId project, AssetId asset) {
        return assets.resolve(project.value()).resolve(asset.value());
    }

    /** The path of the asset's committed manifest. */
    public Path manifestPath(ProjectId project, AssetId asset) {
        return assetDir(project, asset).resolve(MANIFEST_FILE);
    }

    /**
     * Commits {@code manifest} as the next version of its asset and returns what was written: its
     * {@code version} is the stored version + 1 (1 for a new asset). {@code manifest.version()} is
     * the version it was derived from; a manifest derived from an older version than the stored one
     * is refused with {@link Reason#FAILED_PRECONDITION} (it would undo a newer commit).
     */
    public Manifest commit(Manifest manifest) {
        Objects.requireNonNull(manifest, "manifest");
        Path dir = assetDir(manifest.project(), manifest.assetId());
        ReentrantLock lock = stripes[Math.floorMod(dir.hashCode(), stripes.length)];
        lock.lock();
        try {
            Files.createDirectories(dir);
            try (FileChannel lockChannel = FileChannel.open(
                            dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = lockChannel.lock()) {
                return commitLocked(manifest, dir);
            }
        } catch (IOException e) {
            throw GatewayException.io(
                    "cannot commit manifest of asset " + manifest.assetId() + " in " + dir + ": " + e, e);
        } finally {
            lock.unlock();
        }
    }

    private Manifest commitLocked(Manifest manifest, Path dir) throws IOException {
        removeStrayTempFiles(dir);
        Path target = dir.resolve(MANIFEST_FILE);
        long previous = Files.exists(target) ? readFile(target).version() : 0;
        if (manifest.version() < previous) {
            throw new GatewayException(
                    Reason.FAILED_PRECONDITION,
                    "manifest of asset " + manifest.assetId() + " in project " + manifest.project()
                            + " was derived from version " + manifest.version() + " but version " + previous
                            + " is committed; re-read it and apply the change again");
        }
        Manifest next = new Manifest(
                Manifest.SCHEMA_VERSION,
                previous + 1,
                manifest.assetId(),
                manifest.project(),
                manifest.name(),
                manifest.originalPath(),
                manifest.media(),
                manifest.checksums(),
                manifest.renditions(),
                manifest.metadata(),
                manifest.ingestedAt(),
                manifest.locations());
        DurableFiles.write(target, ManifestJson.toBytes(next));
        return next;
    }

    /** Temp files left by a writer that died between writing and renaming; safe to delete under the lock. */
    private static void removeStrayTempFiles(Path dir) throws IOException {
        try (DirectoryStream<Path> stray = Files.newDirectoryStream(dir, TEMP_GLOB + TEMP_SUFFIX)) {
            for (Path p : stray) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * The committed manifest of an asset, or empty when it has none. A damaged manifest fails with
     * {@link Reason#CORRUPT} naming the file.
     */
    public Optional<Manifest> read(ProjectId project, AssetId asset) {
        Path file = manifestPath(project, asset);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Manifest m = readFile(file);
        if (!m.assetId().equals(asset) || !m.project().equals(project)) {
            throw new GatewayException(
                    Reason.CORRUPT,
                    "manifest " + file + " names asset " + m.assetId() + " in project " + m.project()
                            + " but lies in the folder of asset " + asset + " in project " + project);
        }
        return Optional.of(m);
    }

    /** Reads one manifest file; fails with CORRUPT (naming the file) when it cannot be decoded. */
    public static Manifest readFile(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw GatewayException.notFound("manifest " + file + " does not exist");
        } catch (IOException e) {
            throw GatewayException.io("cannot read manifest " + file + ": " + e, e);
        }
        return ManifestJson.fromBytes(bytes, file.toString());
    }

    /**
     * Every readable manifest of a project, sorted by asset id. A manifest that cannot be read is
     * skipped and logged; use {@link #list(ProjectId, Consumer)} to collect those failures.
     */
    public List<Manifest> list(ProjectId project) {
        return list(project, e -> LOG.log(System.Logger.Level.WARNING, e.getMessage()));
    }

    /** The manifests of a project as a lazy stream (close it), sorted by asset id; unreadable ones are logged and skipped. */
    public Stream<Manifest> stream(ProjectId project) {
        return stream(project, e -> LOG.log(System.Logger.Level.WARNING, e.getMessage()));
    }

    /** Every readable manifest of a project, sorted by asset id; each unreadable one goes to {@code problems}. */
    public List<Manifest> list(ProjectId project, Consumer<GatewayException> problems) {
        try (Stream<Manifest> s = stream(project, problems)) {
            return s.toList();
        }
    }

    /**
     * The manifests of a project as a lazy stream (close it), sorted by asset id; each unreadable one
     * goes to {@code problems} and is skipped.
     */
    public Stream<Manifest> stream(ProjectId project, Consumer<GatewayException> problems) {
        Path dir = assets.resolve(project.value());
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        List<AssetId> ids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (AssetId.isValid(name) && Files.isRegularFile(p.resolve(MANIFEST_FILE))) {
                    ids.add(new AssetId(name));
                }
            }
        } catch (IOException e) {
            throw GatewayException.io("cannot list the assets of project " + project + " in " + dir + ": " + e, e);
        }
        ids.sort(Comparator.comparing(AssetId::value));
        return ids.stream().flatMap(id -> {
            try {
                return read(project, id).stream();
            } catch (GatewayException e) {
                problems.accept(e);
                return Stream.empty();
            }
        });
    }

    /** The projects that have a folder in the store, sorted. */
    public List<ProjectId> projects() {
        if (!Files.isDirectory(assets)) {
            return List.of();
        }
        List<ProjectId> projects = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(assets, Files::isDirectory)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (ProjectId.isValid(name)) {
                    projects.add(new ProjectId(name));
                }
            }
        } catch (IOException e) {
            throw GatewayException.io("cannot list the projects in " + assets + ": " + e, e);
        }
        projects.sort(Comparator.comparing(ProjectId::value));
        return projects;
    }

    /** The manifest of an asset in whichever project holds it. */
    public Optional<Manifest> find(AssetId asset) {
        for (ProjectId project : projects()) {
            Optional<Manifest> m = read(project, asset);
            if (m.isPresent()) {
                return m;
            }
        }
        return Optional.empty();
    }
}
