package gateway.perf;

import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.MultiCollectorManager;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * The benchmark's baseline: the catalogue's queries built by hand as Lucene queries and run straight
 * against the same index folders through one long-lived searcher, with the same sort, exact totals,
 * facet counting and stored-field reads, and no query language, no per-search reader, no manifest
 * decoding, no highlights.
 */
final class SearchRawLucene implements AutoCloseable {
    static final Sort ORDER = new Sort(SortField.FIELD_SCORE, new SortField("sort_key", SortField.Type.STRING));

    private static final Set<String> MANIFEST = Set.of("manifest");

    private final List<DirectoryReader> readers = new ArrayList<>();
    private final MultiReader reader;
    private final IndexSearcher searcher;

    SearchRawLucene(List<Path> indexDirs) throws IOException {
        for (Path dir : indexDirs) {
            readers.add(DirectoryReader.open(FSDirectory.open(dir)));
        }
        reader = new MultiReader(readers.toArray(IndexReader[]::new), false);
        searcher = new IndexSearcher(reader);
    }

    /** One page: top {@code size} after {@code after} (or null), exact total, facets, stored manifests. */
    record Page(long total, FieldDoc last, List<BytesRef> manifests, Map<String, Map<String, Long>> facets) {}

    Page search(Query query, int size, FieldDoc after, Map<String, String> facetFields) throws IOException {
        TopFieldCollectorManager top = new TopFieldCollectorManager(ORDER, size, after, Integer.MAX_VALUE);
        TopFieldDocs docs;
        Map<String, Map<String, Long>> facets = Map.of();
        if (facetFields.isEmpty()) {
            docs = searcher.search(query, top);
        } else {
            Object[] both = searcher.search(query, new MultiCollectorManager(top, new Facets(facetFields)));
            docs = (TopFieldDocs) both[0];
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Long>> counted = (Map<String, Map<String, Long>>) both[1];
            facets = counted;
        }
        List<BytesRef> manifests = new ArrayList<>();
        FieldDoc last = null;
        StoredFields stored = searcher.storedFields(); // once per page, as ours does
        for (ScoreDoc sd : docs.scoreDocs) {
            manifests.add(stored.document(sd.doc, MANIFEST).getBinaryValue("manifest"));
            last = (FieldDoc) sd;
        }
        return new Page(docs.totalHits.value(), last, manifests, facets);
    }

    // ---- the queries, as the catalogue's compiler builds them ---------------------------------

    static Query freeText(String word) {
        BooleanQuery.Builder b = new BooleanQuery.Builder().setMinimumNumberShouldMatch(1);
        b.add(new BooleanQuery.Builder().add(tolerant(word), Occur.MUST).build(), Occur.SHOULD);
        for (String f : new String[] {"name_lc", "file_lc", "reel_lc", "clip_key"}) {
            b.add(new BoostQuery(new TermQuery(new Term(f, word)), 5), Occur.SHOULD);
        }
        return b.build();
    }

    static Query prefixText(String word) {
        BooleanQuery.Builder b = new BooleanQuery.Builder().setMinimumNumberShouldMatch(1);
        b.add(
                new BooleanQuery.Builder()
                        .add(new PrefixQuery(new Term("text", word)), Occur.MUST)
                        .build(),
                Occur.SHOULD);
        for (String f : new String[] {"name_lc", "file_lc", "reel_lc", "clip_key"}) {
            b.add(new BoostQuery(new PrefixQuery(new Term(f, word)), 5), Occur.SHOULD);
        }
        return b.build();
    }

    private static Query tolerant(String word) {
        Term t = new Term("text", word);
        int n = word.length();
        int edits = n <= 2 ? 0 : n <= 5 ? 1 : 2;
        BooleanQuery.Builder b = new BooleanQuery.Builder().setMinimumNumberShouldMatch(1);
        b.add(new BoostQuery(new TermQuery(t), 3), Occur.SHOULD);
        b.add(new BoostQuery(new PrefixQuery(t), 1.5f), Occur.SHOULD);
        if (edits > 0) {
            b.add(new FuzzyQuery(t, edits), Occur.SHOULD);
        }
        return b.build();
    }

    static Query keyword(String field, String value) {
        return new TermQuery(new Term(field, value));
    }

    /** camera:WORD tag:TAG */
    static Query cameraAndTag(String cameraWord, String tag) {
        Query camera = new BooleanQuery.Builder()
                .setMinimumNumberShouldMatch(1)
                .add(
                        new BooleanQuery.Builder()
                                .add(new TermQuery(new Term("camera_words", cameraWord)), Occur.MUST)
                                .build(),
                        Occur.SHOULD)
                .build();
        return new BooleanQuery.Builder()
                .add(camera, Occur.MUST)
                .add(new TermQuery(new Term("tag", tag)), Occur.MUST)
                .build();
    }

    /** tc:H:M:S:F over the timecode modes the benchmark's assets use. */
    static Query coversTimecode(int h, int m, int s, int f, List<FrameRate> rates) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (FrameRate rate : rates) {
            for (boolean df : rate.supportsDropFrame() ? new boolean[] {false, true} : new boolean[] {false}) {
                long frame;
                try {
                    frame = new Timecode(h, m, s, f, rate, df).toFrames();
                } catch (RuntimeException e) {
                    continue;
                }
                long day = Timecode.framesPerDay(rate, df);
                Query covers = new BooleanQuery.Builder()
                        .add(covers(frame), Occur.SHOULD)
                        .add(covers(frame + day), Occur.SHOULD)
                        .build();
                b.add(
                        new BooleanQuery.Builder()
                                .add(new TermQuery(new Term("tc_mode", rate + (df ? ";df" : ":ndf"))), Occur.FILTER)
                                .add(covers, Occur.FILTER)
                                .build(),
                        Occur.SHOULD);
            }
        }
        return b.build();
    }

    private static Query covers(long frame) {
        return new BooleanQuery.Builder()
                .add(LongPoint.newRangeQuery("tc_start", Long.MIN_VALUE, frame), Occur.FILTER)
                .add(LongPoint.newRangeQuery("tc_end_exclusive", frame + 1, Long.MAX_VALUE), Occur.FILTER)
                .build();
    }

    /** Counts sorted-set doc values per hit, by ordinal per segment. */
    private record Facets(Map<String, String> fields)
            implements CollectorManager<Facets.Counting, Map<String, Map<String, Long>>> {
        @Override
        public Counting newCollector() {
            return new Counting(fields);
        }

        @Override
        public Map<String, Map<String, Long>> reduce(Collection<Counting> collectors) throws IOException {
            Map<String, Map<String, Long>> total = new HashMap<>();
            for (Counting c : collectors) {
                c.flush();
                c.counts.forEach((k, v) -> v.forEach((value, n) ->
                        total.computeIfAbsent(k, x -> new HashMap<>()).merge(value, n, Long::sum)));
            }
            return total;
        }

        static final class Counting implements Collector {
            private final Map<String, String> fields;
            private final Map<String, Map<String, Long>> counts = new HashMap<>();
            private final List<Object[]> current = new ArrayList<>();

            Counting(Map<String, String> fields) {
                this.fields = fields;
            }

            @Override
            public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
                flush();
                List<SortedSetDocValues> values = new ArrayList<>();
                List<long[]> ords = new ArrayList<>();
                for (Map.Entry<String, String> f : fields.entrySet()) {
                    SortedSetDocValues v = DocValues.getSortedSet(context.reader(), f.getValue());
                    long[] o = new long[(int) v.getValueCount()];
                    values.add(v);
                    ords.add(o);
                    current.add(new Object[] {f.getKey(), v, o});
                }
                return new LeafCollector() {
                    @Override
                    public void setScorer(Scorable scorer) {}

                    @Override
                    public void collect(int doc) throws IOException {
                        for (int i = 0; i < values.size(); i++) {
                            SortedSetDocValues v = values.get(i);
                            if (v.advanceExact(doc)) {
                                long[] o = ords.get(i);
                                for (int k = 0; k < v.docValueCount(); k++) {
                                    o[(int) v.nextOrd()]++;
                                }
                            }
                        }
                    }
                };
            }

            @Override
            public ScoreMode scoreMode() {
                return ScoreMode.COMPLETE_NO_SCORES;
            }

            void flush() throws IOException {
                for (Object[] c : current) {
                    SortedSetDocValues v = (SortedSetDocValues) c[1];
                    long[] o = (long[]) c[2];
                    Map<String, Long> byValue = counts.computeIfAbsent((String) c[0], k -> new HashMap<>());
                    for (int ord = 0; ord < o.length; ord++) {
                        if (o[ord] > 0) {
                            byValue.merge(v.lookupOrd(ord).utf8ToString(), o[ord], Long::sum);
                        }
                    }
                }
                current.clear();
            }
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
        for (DirectoryReader r : readers) {
            r.close();
        }
    }
}
