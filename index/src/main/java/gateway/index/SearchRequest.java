package gateway.index;

import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One catalogue search. Only the indexes of {@code readable} projects are searched: hits, totals and
 * facets never see another project. {@code pageToken} is the {@link SearchResult#nextPageToken()} of
 * the previous page of the same query over the same projects (null for the first page).
 * {@code facetFields} are any of camera, codec, fps, resolution, tag.
 */
public record SearchRequest(
        String query, Set<ProjectId> readable, int pageSize, String pageToken, List<String> facetFields) {
    public static final int DEFAULT_PAGE_SIZE = 20;
    public static final int MAX_PAGE_SIZE = 500;

    public SearchRequest {
        query = query == null ? "" : query;
        readable = Set.copyOf(Objects.requireNonNull(readable, "readable"));
        if (pageSize == 0) {
            pageSize = DEFAULT_PAGE_SIZE;
        }
        if (pageSize < 0 || pageSize > MAX_PAGE_SIZE) {
            throw GatewayException.invalid("page size " + pageSize + " must be between 1 and " + MAX_PAGE_SIZE);
        }
        pageToken = pageToken == null || pageToken.isBlank() ? null : pageToken;
        facetFields = List.copyOf(facetFields == null ? List.of() : facetFields);
    }

    /** The first page of {@code query} over {@code readable}, default size, no facets. */
    public static SearchRequest of(String query, Set<ProjectId> readable) {
        return new SearchRequest(query, readable, DEFAULT_PAGE_SIZE, null, List.of());
    }

    /** The same search, the page after the one {@code token} came with. */
    public SearchRequest nextPage(String token) {
        return new SearchRequest(query, readable, pageSize, token, facetFields);
    }
}
