package gateway.index;

import gateway.model.asset.Manifest;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.Term;

/**
 * A rebuild's load of a whole project into a writer that was just emptied: several threads take
 * manifests from one source in batches and add them (IndexWriter is thread-safe and gives each
 * thread its own in-memory segment). The index is empty, so each asset is a plain add, not an
 * update that must first delete an older entry by its id term; an asset id seen twice is the one
 * exception: the later manifests are applied as upserts, in their order, once every add is done, so
 * the last one wins as it would with {@link ProjectIndex#upsert}. Each thread flushes the
 * in-memory segments at its end, so flushing runs on every core instead of in the commit's one
 * thread.
 */
final class BulkLoad {
    /** Manifests a thread takes per turn at the source: few turns, and a slow source is read by one thread at a time. */
    private static final int BATCH = 64;

    private final IndexWriter writer;
    private final ProjectId project;
    private final AssetUsage usage;
    private final Iterator<Manifest> source;
    private final Set<String> seen = new HashSet<>();
    private final List<Manifest> repeated = new ArrayList<>();
    private volatile boolean stopped;

    BulkLoad(IndexWriter writer, ProjectId project, AssetUsage usage, Iterator<Manifest> source) {
        this.writer = writer;
        this.project = project;
        this.usage = usage;
        this.source = source;
    }

    /**
     * Adds every manifest of the source with {@code threads} threads (the caller's among them) and
     * returns how many assets are indexed. The first failure (an {@link InputFailure}, or the
     * writer's) stops every thread and is thrown once all have stopped.
     */
    long run(int threads) throws IOException {
        List<Thread> helpers = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int i = 1; i < threads; i++) {
            helpers.add(Thread.ofPlatform()
                    .name("catalog-rebuild " + project + " " + i)
                    .daemon()
                    .start(() -> workCapturing(failures)));
        }
        workCapturing(failures);
        boolean interrupted = false;
        for (Thread t : helpers) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    // the helpers hold the writer: wait for them whatever happens, then keep the interrupt
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (!failures.isEmpty()) {
            Throwable first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            switch (first) {
                case IOException e -> throw e;
                case UncheckedIOException e -> throw e.getCause();
                case RuntimeException e -> throw e;
                case Error e -> throw e;
                default -> throw new IllegalStateException(first);
            }
        }
        for (Manifest m : repeated) {
            writer.updateDocument(
                    new Term(AssetDocument.ID, m.assetId().value()),
                    AssetDocument.of(m, usage.sequencesUsing(project, m.assetId())));
        }
        return seen.size();
    }

    private void workCapturing(List<Throwable> failures) {
        try {
            work();
        } catch (IOException | RuntimeException | Error e) {
            stopped = true;
            synchronized (failures) {
                failures.add(e);
            }
        }
    }

    private void work() throws IOException {
        List<Manifest> batch = new ArrayList<>(BATCH);
        while (take(batch)) {
            for (Manifest m : batch) {
                writer.addDocument(AssetDocument.of(m, usage.sequencesUsing(project, m.assetId())));
            }
            batch.clear();
        }
        if (!stopped) {
            // Flush the in-memory segments now, in parallel, rather than one after another in the commit.
            while (writer.flushNextBuffer()) {
                // each call flushes one segment buffer
            }
        }
    }

    /**
     * Fills {@code batch} from the source; false when there is nothing more to do. What goes wrong
     * with the source (its own failure, a manifest of another project) is an {@link InputFailure}.
     */
    private synchronized boolean take(List<Manifest> batch) {
        try {
            while (!stopped && batch.size() < BATCH && source.hasNext()) {
                Manifest m = source.next();
                if (!m.project().equals(project)) {
                    throw GatewayException.invalid("cannot rebuild project " + project + " with asset " + m.assetId()
                            + " of project " + m.project());
                }
                if (seen.add(m.assetId().value())) {
                    batch.add(m);
                } else {
                    repeated.add(m);
                }
            }
        } catch (RuntimeException e) {
            throw new InputFailure(e);
        }
        return !stopped && !batch.isEmpty();
    }

    /** A failure of the manifests given to a rebuild, not of the index: the caller gets {@link #input()} as it was. */
    static final class InputFailure extends RuntimeException {
        InputFailure(RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
        }

        RuntimeException input() {
            return (RuntimeException) getCause();
        }
    }
}
