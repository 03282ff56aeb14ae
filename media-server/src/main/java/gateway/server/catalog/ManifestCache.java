package gateway.server.catalog;

import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.ProjectId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Asset id → its committed manifest, so a lookup by id costs one {@code stat} of the manifest file
 * instead of a walk of every project folder and a JSON parse. An entry is used only while its
 * file is the one it was read from (same file key, modification time and size): a re-commit (a
 * new file renamed over the old one), a move or a removal makes the next lookup read the store
 * again. The file's attributes are taken before its content, so a commit racing a read leaves an
 * entry that no longer matches, never stale content under fresh attributes. Negative answers are
 * not kept. Bounded: the least recently used entry goes first.
 */
final class ManifestCache {
    private record Held(Path file, Object fileKey, FileTime modified, long size, Manifest manifest) {
        boolean matches(BasicFileAttributes a) {
            return Objects.equals(fileKey, a.fileKey()) && modified.equals(a.lastModifiedTime()) && size == a.size();
        }
    }

    private final ManifestStore store;
    private final Map<AssetId, Held> entries;

    ManifestCache(ManifestStore store, int capacity) {
        this.store = store;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<AssetId, Held> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The committed manifest of {@code asset} in whichever project holds it, as {@link ManifestStore#find}. */
    Optional<Manifest> find(AssetId asset) {
        Held cached = cached(asset);
        if (cached != null) {
            Optional<BasicFileAttributes> now = attributes(cached.file());
            if (now.isPresent() && cached.matches(now.get())) {
                return Optional.of(cached.manifest());
            }
            forget(asset, cached);
        }
        for (ProjectId project : store.projects()) {
            Path file = store.manifestPath(project, asset);
            Optional<BasicFileAttributes> before = attributes(file);
            if (before.isEmpty()) {
                continue;
            }
            Optional<Manifest> m = store.read(project, asset);
            if (m.isPresent()) {
                BasicFileAttributes a = before.get();
                remember(asset, new Held(file, a.fileKey(), a.lastModifiedTime(), a.size(), m.get()));
                return m;
            }
        }
        return Optional.empty();
    }

    /** How many manifests are held now (for tests and metrics). */
    synchronized int size() {
        return entries.size();
    }

    private synchronized Held cached(AssetId asset) {
        return entries.get(asset);
    }

    private synchronized void remember(AssetId asset, Held entry) {
        entries.put(asset, entry);
    }

    private synchronized void forget(AssetId asset, Held entry) {
        entries.remove(asset, entry);
    }

    private static Optional<BasicFileAttributes> attributes(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.isRegularFile() ? Optional.of(a) : Optional.empty();
        } catch (IOException goneOrUnreadable) {
            return Optional.empty(); // as ManifestStore.read, which looks only at regular files it can see
        }
    }
}
