package gateway.index;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.DocIdSetIterator;

/**
 * One segment's facet ordinals of one field, on the heap: document d has the ordinals
 * {@code ords[starts[d]] .. ords[starts[d + 1] - 1]}. Facet counting reads them for every hit of a
 * query (143 k hits for {@code codec:prores} at 1 M assets), and reading two int arrays costs a
 * fraction of decoding doc values each time. Built once per segment and field on first use; a
 * segment never changes, and its entry is dropped when Lucene closes the segment.
 */
final class FacetOrdinals {
    private static final Map<IndexReader.CacheKey, Map<String, FacetOrdinals>> SEGMENTS = new ConcurrentHashMap<>();

    private final int[] starts;
    private final int[] ords;

    private FacetOrdinals(int[] starts, int[] ords) {
        this.starts = starts;
        this.ords = ords;
    }

    /** The ordinals of {@code field} in the segment {@code reader}, from the cache or read now. */
    static FacetOrdinals of(LeafReader reader, String field) throws IOException {
        IndexReader.CacheHelper core = reader.getCoreCacheHelper();
        if (core == null) {
            return read(reader, field); // a reader that cannot say when it closes: not cached
        }
        Map<String, FacetOrdinals> fields = SEGMENTS.computeIfAbsent(core.getKey(), key -> {
            core.addClosedListener(SEGMENTS::remove);
            return new ConcurrentHashMap<>();
        });
        FacetOrdinals cached = fields.get(field);
        if (cached == null) {
            cached = read(reader, field);
            fields.put(field, cached); // two searches racing both read it: harmless, the same content
        }
        return cached;
    }

    private static FacetOrdinals read(LeafReader reader, String field) throws IOException {
        int maxDoc = reader.maxDoc();
        int[] starts = new int[maxDoc + 1];
        int[] ords = new int[Math.max(16, maxDoc)];
        int n = 0;
        int next = 0;
        SortedSetDocValues values = DocValues.getSortedSet(reader, field);
        for (int doc = values.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = values.nextDoc()) {
            while (next <= doc) {
                starts[next++] = n;
            }
            int count = values.docValueCount();
            if (n + count > ords.length) {
                ords = Arrays.copyOf(ords, Math.max(n + count, ords.length + (ords.length >> 1)));
            }
            for (int i = 0; i < count; i++) {
                ords[n++] = (int) values.nextOrd();
            }
        }
        while (next <= maxDoc) {
            starts[next++] = n;
        }
        return new FacetOrdinals(starts, n == ords.length ? ords : Arrays.copyOf(ords, n));
    }

    /** Adds one to {@code counts[ord]} for every ordinal of document {@code doc}. */
    void count(int doc, long[] counts) {
        for (int i = starts[doc], end = starts[doc + 1]; i < end; i++) {
            counts[ords[i]]++;
        }
    }
}
