package gateway.client;

import gateway.protos.catalog.v1.Facet;
import gateway.protos.catalog.v1.SearchResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One page of search results.
 *
 * @param totalHits matches across all pages
 * @param hits this page, best first
 * @param facets per requested field, its values with counts, most frequent first
 * @param nextPageToken for {@link SearchQuery#nextPage}; empty on the last page
 */
public record SearchResult(
        long totalHits, List<AssetSummary> hits, Map<String, List<FacetCount>> facets, String nextPageToken) {

    /** One value of a facet field and how many matching assets have it. */
    public record FacetCount(String value, long count) {}

    public SearchResult {
        hits = List.copyOf(hits);
        facets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(facets));
    }

    public boolean hasNextPage() {
        return !nextPageToken.isEmpty();
    }

    static SearchResult of(SearchResponse response) {
        Map<String, List<FacetCount>> facets = new LinkedHashMap<>();
        for (Facet f : response.getFacetsList()) {
            facets.put(
                    f.getField(),
                    f.getValuesList().stream()
                            .map(v -> new FacetCount(v.getValue(), v.getCount()))
                            .toList());
        }
        return new SearchResult(
                response.getTotalHits(),
                response.getHitsList().stream().map(AssetSummary::of).toList(),
                facets,
                response.getNextPageToken());
    }
}
