package gateway.index;

import java.util.List;
import java.util.Map;

/**
 * One page of hits. {@code total} counts every hit of the query in the readable projects;
 * {@code facets} counts values over all of them (not just this page), by facet name, most frequent
 * first. {@code nextPageToken} is null on the last page; it is opaque and only valid for the same
 * query over the same projects.
 */
public record SearchResult(
        long total, List<AssetHit> hits, Map<String, List<FacetCount>> facets, String nextPageToken) {
    public SearchResult {
        hits = List.copyOf(hits);
        facets = Map.copyOf(facets);
    }
}
