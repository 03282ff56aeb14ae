package gateway.index;

import gateway.index.query.CatalogQueryParser;
import gateway.index.query.QueryNode;
import gateway.model.asset.Manifest;
import gateway.model.error.GatewayException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MultiCollectorManager;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.util.BytesRef;

/**
 * Runs one {@link SearchRequest} over the indexes of the readable projects, read together through
 * a MultiReader: hits by score, ties broken by project/asset so search-after pages are stable, exact
 * totals, facet counts over every hit. A query whose exact field values found nothing is retried
 * typo-tolerant (a misspelled reel still finds its asset); later pages keep the mode of the first.
 */
final class CatalogSearch {
    /** Facet names people ask for → doc-values fields. */
    static final Map<String, String> FACETS = facets();

    private static final int TOP_FACET_VALUES = 50;
    private static final Sort ORDER =
            new Sort(SortField.FIELD_SCORE, new SortField(AssetDocument.SORT_KEY, SortField.Type.STRING));

    /** The stored fields a hit reads. */
    private static final Set<String> STORED = Set.of(AssetDocument.MANIFEST, AssetDocument.USED_IN);

    private final WordAnalyzer words;
    private final PageTokens tokens;

    CatalogSearch(WordAnalyzer words, PageTokens tokens) {
        this.words = words;
        this.tokens = tokens;
    }

    private static Map<String, String> facets() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("camera", AssetDocument.FACET_CAMERA);
        m.put("codec", AssetDocument.FACET_CODEC);
        m.put("fps", AssetDocument.FACET_FPS);
        m.put("resolution", AssetDocument.FACET_RESOLUTION);
        m.put("tag", AssetDocument.FACET_TAG);
        return m;
    }

    SearchResult run(SearchRequest request, List<ProjectIndex> indexes) {
        QueryNode node = CatalogQueryParser.parse(request.query());
        Map<String, String> facetFields = facetFields(request.facetFields());
        byte[] fingerprint = PageTokens.fingerprint(request.query(), request.pageSize(), request.readable());
        PageTokens.Position after = request.pageToken() == null ? null : tokens.open(request.pageToken(), fingerprint);
        if (indexes.isEmpty()) {
            Map<String, List<FacetCount>> none = new LinkedHashMap<>();
            facetFields.keySet().forEach(f -> none.put(f, List.of()));
            return new SearchResult(0, List.of(), none, null);
        }
        List<IndexSearcher> acquired = new ArrayList<>();
        try {
            for (ProjectIndex index : indexes) {
                acquired.add(index.acquire());
            }
            IndexReader[] readers =
                    acquired.stream().map(IndexSearcher::getIndexReader).toArray(IndexReader[]::new);
            try (MultiReader reader = new MultiReader(readers, false)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                IndexVocabulary vocabulary = IndexVocabulary.of(reader);
                boolean lenient = after != null && after.lenient();
                Page page = page(
                        searcher,
                        new QueryCompiler(words, vocabulary, lenient).compile(node),
                        request,
                        after,
                        facetFields);
                if (after == null && page.total() == 0 && QueryCompiler.hasLenientAlternative(node)) {
                    lenient = true;
                    page = page(
                            searcher,
                            new QueryCompiler(words, vocabulary, true).compile(node),
                            request,
                            null,
                            facetFields);
                }
                return result(
                        searcher, page, request, after, lenient, fingerprint, Highlights.of(node, words, lenient));
            }
        } catch (IOException e) {
            throw GatewayException.io("search '" + request.query() + "' failed reading the index: " + e, e);
        } finally {
            for (int i = 0; i < acquired.size(); i++) {
                indexes.get(i).release(acquired.get(i));
            }
        }
    }

    private record Page(long total, TopFieldDocs top, Map<String, Map<String, Long>> facets) {}

    private static Page page(
            IndexSearcher searcher,
            Query query,
            SearchRequest request,
            PageTokens.Position after,
            Map<String, String> facetFields)
            throws IOException {
        FieldDoc afterDoc = after == null
                ? null
                : new FieldDoc(
                        Integer.MAX_VALUE, after.score(), new Object[] {after.score(), new BytesRef(after.sortKey())});
        TopFieldCollectorManager hits =
                new TopFieldCollectorManager(ORDER, request.pageSize(), afterDoc, Integer.MAX_VALUE);
        if (facetFields.isEmpty()) {
            TopFieldDocs top = searcher.search(query, hits);
            return new Page(top.totalHits.value(), top, Map.of());
        }
        Object[] both = searcher.search(query, new MultiCollectorManager(hits, new FacetCounter(facetFields)));
        TopFieldDocs top = (TopFieldDocs) both[0];
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Long>> counts = (Map<String, Map<String, Long>>) both[1];
        return new Page(top.totalHits.value(), top, counts);
    }

    private SearchResult result(
            IndexSearcher searcher,
            Page page,
            SearchRequest request,
            PageTokens.Position after,
            boolean lenient,
            byte[] fingerprint,
            Highlights highlights)
            throws IOException {
        List<AssetHit> hits = new ArrayList<>();
        FieldDoc last = null;
        // One stored-fields reader for the page: each storedFields() call clones a reader per segment.
        StoredFields storedFields = searcher.storedFields();
        for (ScoreDoc sd : page.top().scoreDocs) {
            FieldDoc fd = (FieldDoc) sd;
            Document stored = storedFields.document(fd.doc, STORED);
            Manifest m = StoredManifest.decode(
                    stored.getBinaryValue(AssetDocument.MANIFEST),
                    stored.get(AssetDocument.MANIFEST),
                    "the catalogue entry of document " + fd.doc);
            float score = (Float) fd.fields[0];
            hits.add(new AssetHit(m, score, highlights.of(m), List.of(stored.getValues(AssetDocument.USED_IN))));
            last = fd;
        }
        long served = (after == null ? 0 : after.served()) + hits.size();
        String next = null;
        if (last != null && hits.size() == request.pageSize() && served < page.total()) {
            String sortKey = ((BytesRef) last.fields[1]).utf8ToString();
            next = tokens.seal(fingerprint, new PageTokens.Position(lenient, served, (Float) last.fields[0], sortKey));
        }
        Map<String, List<FacetCount>> facets = new LinkedHashMap<>();
        page.facets().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> facets.put(e.getKey(), top(e.getValue())));
        return new SearchResult(page.total(), hits, facets, next);
    }

    private static List<FacetCount> top(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .map(e -> new FacetCount(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingLong(FacetCount::count).reversed().thenComparing(FacetCount::value))
                .limit(TOP_FACET_VALUES)
                .toList();
    }

    private static Map<String, String> facetFields(List<String> names) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String n : names) {
            String name = n.trim().toLowerCase(java.util.Locale.ROOT);
            if (name.equals("tags")) {
                name = "tag";
            }
            String field = FACETS.get(name);
            if (field == null) {
                throw GatewayException.invalid(
                        "unknown facet '" + n + "'; expected any of " + String.join(", ", FACETS.keySet()));
            }
            out.put(name, field);
        }
        return out;
    }
}
