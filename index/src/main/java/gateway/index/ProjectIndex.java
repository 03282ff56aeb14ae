package gateway.index;

import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.error.RetriableGatewayException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.LiveIndexWriterConfig;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.Bits;

/**
 * One project's index: one {@link IndexWriter} (upserts by the asset-id term) and one
 * {@link SearcherManager} that the catalogue refreshes in the background. Searches acquire a
 * searcher and release it, as Lucene's SearcherManager asks.
 */
final class ProjectIndex implements AutoCloseable {
    /** Commit user data: the version of {@link AssetDocument}'s field layout. A mismatch means rebuild. */
    static final String SCHEMA_KEY = "gateway.catalog.schema";

    static final String SCHEMA = "3";

    /**
     * The in-memory segment budget of a rebuild (the usual one is {@link #RAM_BUFFER_MB}): fewer,
     * larger segments to flush and no merges while a project loads; an eighth of the heap at most.
     */
    private static final double BULK_RAM_BUFFER_MB =
            Math.max(64, Math.min(256, Runtime.getRuntime().maxMemory() / 8 / (1024 * 1024)));

    private static final double RAM_BUFFER_MB = 64;

    private final ProjectId project;
    private final Path dir;
    private final FSDirectory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;

    private ProjectIndex(
            ProjectId project, Path dir, FSDirectory directory, IndexWriter writer, SearcherManager searchers) {
        this.project = project;
        this.dir = dir;
        this.directory = directory;
        this.writer = writer;
        this.searchers = searchers;
    }

    /**
     * Opens (or creates) the index in {@code dir} and checks it cheaply: a readable commit point
     * with our schema, segments that open, stored fields that read. A failure that means the files
     * are damaged or of another layout is {@link Reason#CORRUPT}; a lock held by another process is
     * {@link Reason#UNAVAILABLE} (the files are fine, someone else owns them).
     */
    static ProjectIndex open(ProjectId project, Path dir, Analyzer analyzer) {
        FSDirectory directory = null;
        IndexWriter writer = null;
        try {
            Files.createDirectories(dir);
            directory = FSDirectory.open(dir);
            boolean exists = DirectoryReader.indexExists(directory);
            if (exists) {
                String schema =
                        SegmentInfos.readLatestCommit(directory).getUserData().get(SCHEMA_KEY);
                if (!SCHEMA.equals(schema)) {
                    throw new GatewayException(
                            Reason.CORRUPT,
                            "index " + dir + " has field layout " + schema + ", this gateway writes " + SCHEMA
                                    + " (an upgrade: the index is derived, nothing is lost)");
                }
            } else if (hasFiles(directory)) {
                throw new GatewayException(Reason.CORRUPT, "index " + dir + " has files but no commit point");
            }
            IndexWriterConfig config = new IndexWriterConfig(analyzer)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    // Bigger in-memory segments: bulk ingest and rebuilds flush and merge less often.
                    .setRAMBufferSizeMB(RAM_BUFFER_MB)
                    // Plain segment files: writing a compound file copies every flushed segment once more.
                    // A project index has few segments, so the file handles it would save are few.
                    .setUseCompoundFile(false)
                    .setCommitOnClose(true);
            config.getMergePolicy().setNoCFSRatio(0.0);
            writer = new IndexWriter(directory, config);
            writer.setLiveCommitData(Map.of(SCHEMA_KEY, SCHEMA).entrySet());
            if (!exists) {
                writer.commit();
            }
            SearcherManager searchers = new SearcherManager(writer, null);
            probe(searchers);
            return new ProjectIndex(project, dir, directory, writer, searchers);
        } catch (LockObtainFailedException e) {
            closeQuietly(writer, directory);
            throw new RetriableGatewayException(
                    Reason.UNAVAILABLE, "index " + dir + " of project " + project + " is locked by another process", e);
        } catch (GatewayException e) {
            closeQuietly(writer, directory);
            throw e;
        } catch (IOException | RuntimeException e) {
            closeQuietly(writer, directory);
            throw new GatewayException(
                    Reason.CORRUPT, "index " + dir + " of project " + project + " cannot be opened: " + e, e);
        }
    }

    private static boolean hasFiles(FSDirectory directory) throws IOException {
        for (String f : directory.listAll()) {
            if (!f.equals(IndexWriter.WRITE_LOCK_NAME)) {
                return true;
            }
        }
        return false;
    }

    /** Reads the last document of every segment: stored fields that do not decode mean a damaged index. */
    private static void probe(SearcherManager searchers) throws IOException {
        IndexSearcher s = searchers.acquire();
        try {
            for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
                int max = leaf.reader().maxDoc();
                if (max > 0) {
                    leaf.reader().storedFields().document(max - 1);
                }
            }
        } finally {
            searchers.release(s);
        }
    }

    ProjectId project() {
        return project;
    }

    Path dir() {
        return dir;
    }

    void upsert(Manifest m, AssetUsage usage) {
        if (!m.project().equals(project)) {
            throw GatewayException.invalid("asset " + m.assetId() + " of project " + m.project()
                    + " cannot go into the index of project " + project);
        }
        try {
            writer.updateDocument(
                    new Term(AssetDocument.ID, m.assetId().value()),
                    AssetDocument.of(m, usage.sequencesUsing(project, m.assetId())));
        } catch (IOException e) {
            throw GatewayException.io("cannot index asset " + m.assetId() + " in " + dir + ": " + e, e);
        }
    }

    void delete(AssetId asset) {
        try {
            writer.deleteDocuments(new Term(AssetDocument.ID, asset.value()));
        } catch (IOException e) {
            throw GatewayException.io("cannot delete asset " + asset + " from " + dir + ": " + e, e);
        }
    }

    /**
     * Replaces the whole index with {@code manifests} (all of this project), loaded by {@code
     * threads} threads, then commits and refreshes; returns how many assets are indexed. Whatever
     * fails rolls the index back to what it held when the rebuild began and closes this index (the
     * caller opens it again): a failure of the manifests as a {@link BulkLoad.InputFailure}, the
     * writer's {@link IOException} as {@link Reason#IO}, anything else as it is.
     */
    long replaceAll(Iterable<Manifest> manifests, AssetUsage usage, int threads) {
        LiveIndexWriterConfig config = writer.getConfig();
        double ramBuffer = config.getRAMBufferSizeMB();
        boolean begun = false;
        try {
            writer.commit(); // the state a failed rebuild returns to
            begun = true;
            writer.deleteAll();
            writer.setLiveCommitData(Map.of(SCHEMA_KEY, SCHEMA).entrySet());
            config.setRAMBufferSizeMB(BULK_RAM_BUFFER_MB);
            long n = new BulkLoad(writer, project, usage, manifests.iterator()).run(threads);
            config.setRAMBufferSizeMB(ramBuffer);
            writer.commit();
            searchers.maybeRefreshBlocking();
            return n;
        } catch (IOException | RuntimeException e) {
            config.setRAMBufferSizeMB(ramBuffer);
            if (begun) {
                rollBack(e);
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw GatewayException.io("cannot rebuild index " + dir + " of project " + project + ": " + e, e);
        }
    }

    /** Drops every change since the last commit and closes this index; a failure to do so is added to {@code cause}. */
    private void rollBack(Exception cause) {
        try {
            writer.rollback();
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
        try {
            close();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** True until {@link #close()} or a failed {@link #replaceAll} closed it. */
    boolean isOpen() {
        return writer.isOpen();
    }

    /** What an entry was made from: the manifest version and the usage stamp. */
    record Indexed(long version, long usageStamp) {}

    /** Asset id → what each live entry was made from, as of the last refresh. */
    Map<String, Indexed> indexedVersions() {
        IndexSearcher s = acquire();
        try {
            Map<String, Indexed> out = new HashMap<>();
            for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
                SortedDocValues keys = DocValues.getSorted(leaf.reader(), AssetDocument.SORT_KEY);
                NumericDocValues versions = DocValues.getNumeric(leaf.reader(), AssetDocument.VERSION);
                NumericDocValues stamps = DocValues.getNumeric(leaf.reader(), AssetDocument.USAGE_STAMP);
                Bits live = leaf.reader().getLiveDocs();
                for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
                    if ((live != null && !live.get(doc)) || !keys.advanceExact(doc) || !versions.advanceExact(doc)) {
                        continue;
                    }
                    String key = keys.lookupOrd(keys.ordValue()).utf8ToString();
                    long stamp = stamps.advanceExact(doc) ? stamps.longValue() : 0;
                    out.put(key.substring(key.indexOf('/') + 1), new Indexed(versions.longValue(), stamp));
                }
            }
            return out;
        } catch (IOException e) {
            throw GatewayException.io("cannot read the indexed versions of " + dir + ": " + e, e);
        } finally {
            release(s);
        }
    }

    void commit() {
        try {
            writer.commit();
        } catch (IOException e) {
            throw GatewayException.io("cannot commit index " + dir + ": " + e, e);
        }
    }

    /** Makes every write so far visible to searches that start after this returns. */
    void refresh() {
        try {
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw GatewayException.io("cannot refresh the searcher of " + dir + ": " + e, e);
        }
    }

    /** The background refresh: cheap when nothing changed, skipped when another refresh is running. */
    void maybeRefresh() throws IOException {
        try {
            searchers.maybeRefresh();
        } catch (AlreadyClosedException e) {
            // closing: nothing left to refresh
        }
    }

    IndexSearcher acquire() {
        try {
            return searchers.acquire();
        } catch (IOException e) {
            throw GatewayException.io("cannot open a searcher on " + dir + ": " + e, e);
        }
    }

    void release(IndexSearcher searcher) {
        try {
            searchers.release(searcher);
        } catch (IOException e) {
            throw GatewayException.io("cannot release a searcher on " + dir + ": " + e, e);
        }
    }

    @Override
    public void close() {
        try {
            searchers.close();
            writer.close();
            directory.close();
        } catch (IOException e) {
            throw GatewayException.io("cannot close index " + dir + ": " + e, e);
        }
    }

    /** Closes what an open that failed half-way had opened; the open's own failure is what matters. */
    private static void closeQuietly(AutoCloseable... resources) {
        for (AutoCloseable r : resources) {
            if (r == null) {
                continue;
            }
            try {
                r.close();
            } catch (Exception suppressed) {
                // the failure being reported is the open's, not this close's
            }
        }
    }

    @Override
    public String toString() {
        return "index of " + project + " at " + Objects.toString(dir);
    }
}
