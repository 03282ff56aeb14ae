package gateway.agent;

import gateway.model.asset.AssetId;
import gateway.model.asset.ProjectId;
import gateway.model.checksum.XxHash64;
import gateway.model.error.GatewayException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The local proxy cache: renditions under stable paths ({@link StableName}) and an index,
 * {@code cache.json}, of what is there, its size and XXH64, and when it was last used.
 *
 * <p>Every change reads the index, applies itself and writes it back atomically (temp file, fsync,
 * rename) while holding a lock: a file lock on {@code .cache.lock} between processes (the
 * {@code serve} daemon and a command line {@code fetch}) and a lock per root inside this JVM.
 */
public final class ProxyCache {
    private static final String LOCK_FILE = ".cache.lock";
    /** File locks belong to the whole JVM, so threads of one JVM take turns on this first. */
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path root;
    private final Path indexFile;
    private final Clock clock;

    public ProxyCache(Path root, Clock clock) {
        this.root = root.toAbsolutePath().normalize();
        this.indexFile = this.root.resolve(CacheIndex.FILE_NAME);
        this.clock = clock;
    }

    public Path root() {
        return root;
    }

    Clock clock() {
        return clock;
    }

    /** Every entry, in asset id order. */
    public List<CacheEntry> entries() {
        return CacheIndex.read(indexFile).entries();
    }

    public long totalBytes() {
        return entries().stream().mapToLong(CacheEntry::sizeBytes).sum();
    }

    public Set<String> pinnedProjects() {
        return CacheIndex.read(indexFile).pinned();
    }

    /** The entry of a rendition whose file is present with its recorded size; without touching it. */
    public Optional<CacheEntry> find(AssetId assetId, String profile) {
        return CacheIndex.read(indexFile)
                .get(CacheEntry.keyOf(assetId, profile))
                .filter(e -> sizeOf(e.file(root)) == e.sizeBytes());
    }

    /**
     * As {@link #find}, and marks the entry used now (what keeps it from eviction). An entry whose
     * file has gone is dropped from the index.
     */
    public Optional<CacheEntry> use(AssetId assetId, String profile) {
        String key = CacheEntry.keyOf(assetId, profile);
        return update(index -> {
            Optional<CacheEntry> entry = index.get(key);
            if (entry.isEmpty()) {
                return Optional.empty();
            }
            if (sizeOf(entry.get().file(root)) != entry.get().sizeBytes()) {
                index.remove(key);
                return Optional.empty();
            }
            CacheEntry used = entry.get().usedAt(clock.instant());
            index.put(used);
            return Optional.of(used);
        });
    }

    /** The stable path of a rendition, whether cached yet or not (see {@link StableName}). */
    public Path stablePath(ProjectId project, String originalPath, String clipName, AssetId assetId, String profile) {
        StableName name = StableName.of(project, originalPath, clipName, assetId, profile);
        boolean taken = CacheIndex.read(indexFile).entriesAt(name.relative()).stream()
                .anyMatch(e -> !e.assetId().equals(assetId) || !e.profile().equals(profile));
        return (taken ? StableName.of(project, originalPath, clipName, assetId, profile, true) : name).under(root);
    }

    /** Records a complete file (already at its stable path) after hashing it. */
    public CacheEntry record(AssetId assetId, ProjectId project, String profile, Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        if (!absolute.startsWith(root)) {
            throw GatewayException.invalid(file + " is not inside the cache " + root);
        }
        String relative = root.relativize(absolute).toString().replace('\\', '/');
        long size = sizeOf(absolute);
        String hash = xxh64Of(absolute);
        CacheEntry entry =
                new CacheEntry(assetId, project, profile, relative, size, hash, clock.instant(), clock.instant());
        update(index -> {
            index.put(entry);
            return null;
        });
        return entry;
    }

    /** Drops a rendition from the index and deletes its file. */
    public void remove(AssetId assetId, String profile) {
        update(index -> {
            index.get(CacheEntry.keyOf(assetId, profile)).ifPresent(e -> delete(index, e));
            return null;
        });
    }

    public void pin(ProjectId project) {
        update(index -> {
            index.pin(project);
            return null;
        });
    }

    public void unpin(ProjectId project) {
        update(index -> {
            index.unpin(project);
            return null;
        });
    }

    /** Pinned take-away plans' ids. */
    public Set<String> pinnedPlans() {
        return CacheIndex.read(indexFile).pinnedPlans();
    }

    /** Keeps every rendition of {@code assets} (cached now or later) from eviction until unpinned. */
    public void pinPlan(String planId, List<AssetId> assets) {
        update(index -> {
            index.pinPlan(planId, assets);
            return null;
        });
    }

    /** True when the plan was pinned. */
    public boolean unpinPlan(String planId) {
        return update(index -> index.unpinPlan(planId));
    }

    /**
     * Deletes least recently used renditions until the cache holds at most {@code maxBytes}.
     * Renditions of pinned projects and pinned plans and those named in {@code keep} (keys from {@link
     * CacheEntry#key}) are never evicted, so the cache may stay above the budget. Returns what
     * was evicted, oldest first.
     */
    public List<CacheEntry> evictToBudget(long maxBytes, Set<String> keep) {
        return update(index -> {
            List<CacheEntry> all = index.entries();
            long total = all.stream().mapToLong(CacheEntry::sizeBytes).sum();
            List<CacheEntry> candidates = all.stream()
                    .filter(e -> !index.isPinned(e.project())
                            && !index.isPinnedByPlan(e.assetId())
                            && !keep.contains(e.key()))
                    .sorted(Comparator.comparing(CacheEntry::lastUsedAt).thenComparing(CacheEntry::key))
                    .toList();
            List<CacheEntry> evicted = new ArrayList<>();
            for (CacheEntry e : candidates) {
                if (total <= maxBytes) {
                    break;
                }
                delete(index, e);
                total -= e.sizeBytes();
                evicted.add(e);
            }
            return evicted;
        });
    }

    /**
     * Hashes every cached file again. Entries whose file is missing, has another size or another
     * XXH64 are dropped and their files deleted, so the next fetch or sync gets them afresh.
     */
    public VerifyReport verify() {
        List<CacheEntry> all = entries();
        List<VerifyReport.Problem> problems = new ArrayList<>();
        for (CacheEntry e : all) {
            Path file = e.file(root);
            long size = sizeOf(file);
            if (size < 0) {
                problems.add(new VerifyReport.Problem(e, "file " + file + " is missing"));
            } else if (size != e.sizeBytes()) {
                problems.add(new VerifyReport.Problem(e, file + " holds " + size + " bytes, not " + e.sizeBytes()));
            } else {
                String hash = xxh64Of(file);
                if (!hash.equals(e.xxh64())) {
                    problems.add(new VerifyReport.Problem(e, file + " hashes to xxh64 " + hash + ", not " + e.xxh64()));
                }
            }
        }
        update(index -> {
            for (VerifyReport.Problem p : problems) {
                // Only if nobody fetched it again while we were hashing.
                index.get(p.entry().key())
                        .filter(current -> current.fetchedAt().equals(p.entry().fetchedAt()))
                        .ifPresent(current -> delete(index, current));
            }
            return null;
        });
        return new VerifyReport(all.size(), problems);
    }

    /** Held while one rendition downloads; closing it lets the next process's download of it start. */
    interface DownloadLock extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Waits until no other process downloads this rendition, then holds it off until closed (the
     * SDK's partial file must have one writer). Callers in this JVM take turns before calling this.
     */
    DownloadLock lockDownload(AssetId assetId, String profile) {
        Path file =
                root.resolve(".locks").resolve(assetId.value() + "__" + StableName.requireProfile(profile) + ".lock");
        try {
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                channel.lock();
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            return () -> {
                try {
                    channel.close(); // releases the lock
                } catch (IOException e) {
                    throw GatewayException.io("cannot release " + file + ": " + e.getMessage(), e);
                }
            };
        } catch (IOException e) {
            throw GatewayException.io("cannot lock " + file + " for the download: " + e.getMessage(), e);
        }
    }

    /** XXH64 (seed 0) of a whole file as 16 hex digits. */
    static String xxh64Of(Path file) {
        XxHash64 hash = new XxHash64();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                hash.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw GatewayException.io("cannot read " + file + " to hash it: " + e.getMessage(), e);
        }
        return hash.hexDigest();
    }

    private void delete(CacheIndex index, CacheEntry e) {
        Path file = e.file(root);
        try {
            Files.deleteIfExists(file);
        } catch (IOException ex) {
            throw GatewayException.io("cannot delete " + file + " from the cache: " + ex.getMessage(), ex);
        }
        index.remove(e.key());
    }

    @SuppressWarnings("try") // the lock is held for the block; it has nothing to call
    private <T> T update(Function<CacheIndex, T> change) {
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(root, r -> new ReentrantLock());
        jvmLock.lock();
        try {
            Files.createDirectories(root);
            try (FileChannel lockFile = FileChannel.open(
                            root.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock held = lockFile.lock()) {
                CacheIndex index = CacheIndex.read(indexFile);
                T result = change.apply(index);
                index.write(indexFile);
                return result;
            }
        } catch (IOException e) {
            throw GatewayException.io("cannot lock the cache index in " + root + ": " + e.getMessage(), e);
        } finally {
            jvmLock.unlock();
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
