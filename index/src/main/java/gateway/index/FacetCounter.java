package gateway.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;

/**
 * Counts the values of sorted-set doc-values fields over every hit of a query: per segment by
 * ordinal (an array increment per hit, the ordinals read from {@link FacetOrdinals}), then by value
 * across segments. Works over any reader,
 * including a MultiReader built for one search, with no facet state to build first.
 */
final class FacetCounter implements CollectorManager<FacetCounter.Counting, Map<String, Map<String, Long>>> {
    private final Map<String, String> fields;

    /** {@code fields}: facet name → doc-values field. */
    FacetCounter(Map<String, String> fields) {
        this.fields = Map.copyOf(fields);
    }

    @Override
    public Counting newCollector() {
        return new Counting(fields);
    }

    @Override
    public Map<String, Map<String, Long>> reduce(Collection<Counting> collectors) throws IOException {
        Map<String, Map<String, Long>> total = new HashMap<>();
        for (Counting c : collectors) {
            c.flush();
            c.counts.forEach((facet, values) -> values.forEach((value, n) ->
                    total.computeIfAbsent(facet, k -> new HashMap<>()).merge(value, n, Long::sum)));
        }
        fields.keySet().forEach(f -> total.computeIfAbsent(f, k -> new HashMap<>()));
        return total;
    }

    /** One collector: counts ordinals of the current segment, folds them into values when it moves on. */
    static final class Counting implements Collector {
        private final Map<String, String> fields;
        private final Map<String, Map<String, Long>> counts = new HashMap<>();
        private final List<Segment> current = new ArrayList<>();

        Counting(Map<String, String> fields) {
            this.fields = fields;
        }

        @Override
        public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
            flush();
            for (Map.Entry<String, String> f : fields.entrySet()) {
                SortedSetDocValues values = DocValues.getSortedSet(context.reader(), f.getValue());
                current.add(new Segment(
                        f.getKey(),
                        values,
                        FacetOrdinals.of(context.reader(), f.getValue()),
                        new long[(int) values.getValueCount()]));
            }
            Segment[] segments = current.toArray(Segment[]::new);
            return new LeafCollector() {
                @Override
                public void setScorer(Scorable scorer) {}

                @Override
                public void collect(int doc) {
                    for (Segment s : segments) {
                        s.docOrdinals().count(doc, s.ordinals());
                    }
                }
            };
        }

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE_NO_SCORES;
        }

        void flush() throws IOException {
            for (Segment s : current) {
                Map<String, Long> byValue = counts.computeIfAbsent(s.facet(), k -> new HashMap<>());
                long[] ords = s.ordinals();
                for (int ord = 0; ord < ords.length; ord++) {
                    if (ords[ord] > 0) {
                        byValue.merge(s.values().lookupOrd(ord).utf8ToString(), ords[ord], Long::sum);
                    }
                }
            }
            current.clear();
        }
    }

    /** One field in one segment: its values (to name the ordinals), each document's ordinals, the counts by ordinal. */
    private record Segment(String facet, SortedSetDocValues values, FacetOrdinals docOrdinals, long[] ordinals) {}
}
