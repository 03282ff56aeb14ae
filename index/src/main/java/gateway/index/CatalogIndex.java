package gateway.index;

import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;

/**
 * The asset catalogue: one Lucene index per project under {@code <indexRoot>/<project>/}, derived
 * from the manifests and rebuildable from them. Writes go through one IndexWriter per project
 * (upsert by asset id); searches see them after the next background refresh (every
 * {@link #DEFAULT_REFRESH} unless told otherwise) or at once after {@link #refresh()}.
 *
 * <p>Searches read only the indexes of the projects the caller may read. The linker's lookups
 * ({@link #byId}, {@link #byReel}, {@link #byClipName}, {@link #byFileName}) return manifests.
 */
public final class CatalogIndex implements AutoCloseable {
    public static final Duration DEFAULT_REFRESH = Duration.ofMillis(250);

    /** Threads a rebuild indexes with, at most: each makes its own segments, so more cores than this gain little. */
    public static final int REBUILD_THREADS = 4;

    private static final int LOOKUP_LIMIT = 10_000;
    private static final Sort BY_ASSET = new Sort(new SortField(AssetDocument.SORT_KEY, SortField.Type.STRING));
    private static final System.Logger LOG = System.getLogger(CatalogIndex.class.getName());

    private final Path root;
    private final WordAnalyzer analyzer = new WordAnalyzer();
    private final Map<ProjectId, ProjectIndex> projects = new ConcurrentHashMap<>();
    private final CatalogSearch search;
    private final ScheduledExecutorService refresher;
    private volatile IndexStatus status = new IndexStatus(List.of(), List.of());
    private volatile boolean closed;
    private final AssetUsage usage;

    private CatalogIndex(Path root, Duration refreshEvery, AssetUsage usage) {
        this.root = root;
        this.usage = Objects.requireNonNull(usage, "usage");
        this.search = new CatalogSearch(analyzer, PageTokens.under(root));
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "catalog-refresh " + root.getFileName());
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(1, refreshEvery.toMillis());
        refresher.scheduleWithFixedDelay(this::refreshInBackground, ms, ms, TimeUnit.MILLISECONDS);
    }

    /**
     * Opens every project index under {@code indexRoot} (creating the folder if needed). A damaged
     * index is deleted and reset to empty: {@link #status()} lists it; rebuild it with
     * {@link #rebuild}.
     */
    public static CatalogIndex open(Path indexRoot) {
        return open(indexRoot, null, DEFAULT_REFRESH);
    }

    /**
     * Opens every project index under {@code indexRoot} and makes it whole from {@code manifests}: a
     * damaged index, or a project of the store that has no index, is rebuilt from its manifests.
     * {@link #status()} says what was repaired.
     */
    public static CatalogIndex open(Path indexRoot, ManifestStore manifests) {
        return open(indexRoot, manifests, DEFAULT_REFRESH);
    }

    /** As {@link #open(Path, ManifestStore)} ({@code manifests} may be null) with a background refresh interval. */
    public static CatalogIndex open(Path indexRoot, ManifestStore manifests, Duration refreshEvery) {
        return open(indexRoot, manifests, refreshEvery, AssetUsage.NONE);
    }

    /**
     * As {@link #open(Path, ManifestStore, Duration)}, with the sequences that use each asset taken
     * from {@code usage} (the "used in" field) whenever an asset is indexed.
     */
    public static CatalogIndex open(Path indexRoot, ManifestStore manifests, Duration refreshEvery, AssetUsage usage) {
        Path root = Objects.requireNonNull(indexRoot, "indexRoot").toAbsolutePath();
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw GatewayException.io("cannot create the index folder " + root + ": " + e, e);
        }
        CatalogIndex catalog = new CatalogIndex(root, refreshEvery, usage);
        try {
            catalog.status = catalog.openAll(manifests);
            return catalog;
        } catch (RuntimeException e) {
            catalog.close();
            throw e;
        }
    }

    private IndexStatus openAll(ManifestStore manifests) {
        List<ProjectId> opened = new ArrayList<>();
        List<IndexStatus.Repair> repaired = new ArrayList<>();
        for (ProjectId project : projectFolders()) {
            try {
                projects.put(project, ProjectIndex.open(project, dirOf(project), analyzer));
                opened.add(project);
            } catch (GatewayException e) {
                if (e.reason() != Reason.CORRUPT) {
                    throw e;
                }
                LOG.log(
                        System.Logger.Level.WARNING,
                        "resetting the index of project " + project + " (it is rebuilt from the manifests): "
                                + e.getMessage());
                repaired.add(recreate(project, e.getMessage(), manifests));
            }
        }
        if (manifests != null) {
            for (ProjectId project : manifests.projects()) {
                if (!projects.containsKey(project)) {
                    List<Manifest> all = manifests.list(project);
                    if (!all.isEmpty()) {
                        long n = load(project, all);
                        repaired.add(new IndexStatus.Repair(project, "no index", true, n));
                    }
                }
            }
        }
        return new IndexStatus(opened, repaired);
    }

    private IndexStatus.Repair recreate(ProjectId project, String problem, ManifestStore manifests) {
        ProjectIndex old = projects.remove(project);
        if (old != null) {
            old.close();
        }
        deleteTree(dirOf(project));
        ProjectIndex fresh = ProjectIndex.open(project, dirOf(project), analyzer);
        projects.put(project, fresh);
        if (manifests == null) {
            return new IndexStatus.Repair(project, problem, false, 0);
        }
        return new IndexStatus.Repair(project, problem, true, load(project, manifests.list(project)));
    }

    /** What {@code open} found and repaired. */
    public IndexStatus status() {
        return status;
    }

    /** The projects that have an index, sorted. */
    public List<ProjectId> projects() {
        return projects.keySet().stream()
                .sorted(Comparator.comparing(ProjectId::value))
                .toList();
    }

    /** Adds the asset or replaces its entry (by asset id) in its project's index. */
    public void upsert(Manifest manifest) {
        indexOf(manifest.project()).upsert(manifest, usage);
    }

    public void delete(ProjectId project, AssetId asset) {
        ProjectIndex index = existing(project);
        if (index != null) {
            index.delete(asset);
        }
    }

    /** Makes every write durable in the index files (they are derived: a lost commit is rebuilt, not lost). */
    public void commit() {
        requireOpen();
        // In parallel: a commit flushes each project's in-memory segment, CPU-bound work per project.
        projects.values().parallelStream().forEach(ProjectIndex::commit);
    }

    /** Makes every write so far visible to searches and lookups that start after this returns. */
    public void refresh() {
        requireOpen();
        projects.values().parallelStream().forEach(ProjectIndex::refresh);
    }

    /**
     * Replaces the project's index with exactly {@code manifests} (all of that project; an asset id
     * given twice is the later manifest), committed and visible when this returns. The manifests are
     * read once, in order, and indexed by as many threads as there are cores (at most {@link
     * #REBUILD_THREADS}): this is the bulk path, for {@code ./gateway reindex} and repairs. A manifest
     * of another project is {@code INVALID_ARGUMENT} and leaves the index as it was before the call.
     * An index too damaged to clear is deleted and made anew.
     */
    public void rebuild(ProjectId project, Iterable<Manifest> manifests) {
        try {
            replaceAll(project, manifests);
        } catch (BulkLoad.InputFailure e) {
            throw e.input(); // the manifests failed, not the index
        } catch (GatewayException e) {
            if (e.reason() != Reason.IO && e.reason() != Reason.CORRUPT) {
                throw e;
            }
            LOG.log(System.Logger.Level.WARNING, "recreating the index of project " + project + ": " + e.getMessage());
            recreate(project, e.getMessage(), null);
            load(project, manifests);
        }
    }

    /** {@link #replaceAll}, with a failure of the manifests thrown as it was. */
    private long load(ProjectId project, Iterable<Manifest> manifests) {
        try {
            return replaceAll(project, manifests);
        } catch (BulkLoad.InputFailure e) {
            throw e.input();
        }
    }

    /**
     * {@link ProjectIndex#replaceAll}; an index that a failed rebuild rolled back and closed is
     * opened again. A failure of the manifests (the source's, or one of another project) is a {@link
     * BulkLoad.InputFailure}, so that only a failure of the index leads to recreating it.
     */
    private long replaceAll(ProjectId project, Iterable<Manifest> manifests) {
        ProjectIndex index = indexOf(project);
        int threads = Math.max(1, Math.min(REBUILD_THREADS, Runtime.getRuntime().availableProcessors()));
        try {
            return index.replaceAll(manifests, usage, threads);
        } catch (RuntimeException e) {
            reopenIfClosed(project, index, e);
            throw e;
        }
    }

    private void reopenIfClosed(ProjectId project, ProjectIndex index, RuntimeException failure) {
        if (!index.isOpen()) {
            projects.remove(project, index);
            try {
                indexOf(project);
            } catch (GatewayException reopen) {
                failure.addSuppressed(reopen);
            }
        }
    }

    /**
     * Brings the project's index in line with {@code manifests} (all of that project) without a full
     * rebuild: entries whose manifest version differs are re-indexed, entries with no manifest are
     * removed. Committed and visible when this returns.
     */
    public Reconciliation reconcile(ProjectId project, Iterable<Manifest> manifests) {
        ProjectIndex index = indexOf(project);
        index.refresh();
        Map<String, ProjectIndex.Indexed> indexed = new HashMap<>(index.indexedVersions());
        long upserted = 0;
        for (Manifest m : manifests) {
            if (!m.project().equals(project)) {
                throw GatewayException.invalid("cannot reconcile project " + project + " with asset " + m.assetId()
                        + " of project " + m.project());
            }
            ProjectIndex.Indexed entry = indexed.remove(m.assetId().value());
            if (entry == null
                    || entry.version() != m.version()
                    || entry.usageStamp() != AssetDocument.usageStamp(usage.sequencesUsing(project, m.assetId()))) {
                index.upsert(m, usage);
                upserted++;
            }
        }
        for (String stale : indexed.keySet()) {
            index.delete(new AssetId(stale));
        }
        index.commit();
        index.refresh();
        return new Reconciliation(project, upserted, indexed.size());
    }

    /** Searches the indexes of {@code request.readable()} projects only. */
    public SearchResult search(SearchRequest request) {
        requireOpen();
        return search.run(request, readableIndexes(request.readable()));
    }

    /** The open indexes of {@code readable}, by project id; projects without an index are skipped. */
    private List<ProjectIndex> readableIndexes(Set<ProjectId> readable) {
        return Objects.requireNonNull(readable, "readable").stream()
                .sorted(Comparator.comparing(ProjectId::value))
                .map(projects::get)
                .filter(Objects::nonNull)
                .toList();
    }

    /**
     * Autocomplete: up to {@code max} (1-100) clip names, reels and tags of the {@code readable}
     * projects that begin with {@code prefix}, case-insensitive, in alphabetical order (a reel
     * "A003" before the clip names it begins). Nothing of another project is ever read. A blank
     * prefix suggests nothing.
     */
    public List<String> suggest(String prefix, Set<ProjectId> readable, int max) {
        requireOpen();
        return Suggestions.of(prefix, readableIndexes(readable), max);
    }

    /** The manifest of an asset as indexed. */
    public Optional<Manifest> byId(ProjectId project, AssetId asset) {
        return lookup(project, new TermQuery(new Term(AssetDocument.ID, asset.value())), "asset " + asset).stream()
                .findFirst();
    }

    /** The assets whose reel is {@code reel} (case-insensitive, whole), sorted by asset id. */
    public List<Manifest> byReel(ProjectId project, String reel) {
        if (reel == null || reel.isBlank()) {
            return List.of();
        }
        return lookup(
                project, new TermQuery(new Term(AssetDocument.REEL_LC, AssetDocument.lower(reel))), "reel " + reel);
    }

    /**
     * The assets whose clip name or file name is {@code name}, case-insensitive, with or without a
     * file extension on either side ("A003C012" finds "A003C012.mov" and the other way round).
     */
    public List<Manifest> byClipName(ProjectId project, String name) {
        if (name == null || name.isBlank()) {
            return List.of();
        }
        BooleanQuery.Builder q = new BooleanQuery.Builder();
        for (String key : AssetDocument.clipKeys(name, null)) {
            q.add(new TermQuery(new Term(AssetDocument.CLIP_KEY, key)), Occur.SHOULD);
        }
        return lookup(project, q.build(), "clip name " + name);
    }

    /** The assets whose original's file name is the last segment of {@code fileName} (a path is fine), case-insensitive. */
    public List<Manifest> byFileName(ProjectId project, String fileName) {
        String name = AssetDocument.fileName(fileName);
        if (name == null) {
            return List.of();
        }
        return lookup(
                project, new TermQuery(new Term(AssetDocument.FILE_LC, AssetDocument.lower(name))), "file " + name);
    }

    private List<Manifest> lookup(ProjectId project, Query query, String what) {
        requireOpen();
        ProjectIndex index = existing(project);
        if (index == null) {
            return List.of();
        }
        IndexSearcher searcher = index.acquire();
        try {
            TopDocs top = searcher.search(query, LOOKUP_LIMIT, BY_ASSET);
            List<Manifest> out = new ArrayList<>();
            StoredFields stored = searcher.storedFields();
            for (ScoreDoc sd : top.scoreDocs) {
                Document d = stored.document(sd.doc, java.util.Set.of(AssetDocument.MANIFEST));
                out.add(StoredManifest.decode(
                        d.getBinaryValue(AssetDocument.MANIFEST),
                        d.get(AssetDocument.MANIFEST),
                        "the catalogue entry of " + what));
            }
            return out;
        } catch (IOException e) {
            throw GatewayException.io("looking up " + what + " in project " + project + " failed: " + e, e);
        } finally {
            index.release(searcher);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        refresher.shutdownNow();
        try {
            refresher.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        GatewayException first = null;
        for (ProjectIndex index : projects.values()) {
            try {
                index.close();
            } catch (GatewayException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        projects.clear();
        if (first != null) {
            throw first;
        }
    }

    private void refreshInBackground() {
        for (ProjectIndex index : projects.values()) {
            try {
                index.maybeRefresh();
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "background refresh of " + index + " failed: " + e);
            }
        }
    }

    private ProjectIndex indexOf(ProjectId project) {
        requireOpen();
        return projects.computeIfAbsent(project, p -> ProjectIndex.open(p, dirOf(p), analyzer));
    }

    private ProjectIndex existing(ProjectId project) {
        requireOpen();
        return projects.get(project);
    }

    private Path dirOf(ProjectId project) {
        return root.resolve(project.value());
    }

    private void requireOpen() {
        if (closed) {
            throw new GatewayException(Reason.FAILED_PRECONDITION, "the catalogue at " + root + " is closed");
        }
    }

    private List<ProjectId> projectFolders() {
        List<ProjectId> out = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                if (ProjectId.isValid(name)) {
                    out.add(new ProjectId(name));
                }
            }
        } catch (IOException e) {
            throw GatewayException.io("cannot list the project indexes in " + root + ": " + e, e);
        }
        out.sort(Comparator.comparing(ProjectId::value));
        return out;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw GatewayException.io("cannot delete the damaged index " + dir + ": " + e, e);
        }
    }
}
