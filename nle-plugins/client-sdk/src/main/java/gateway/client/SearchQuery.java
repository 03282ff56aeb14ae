package gateway.client;

import gateway.model.error.GatewayException;
import java.util.List;

/**
 * A catalogue search.
 *
 * @param text query text; empty matches everything
 * @param projects projects to search; empty for every project the caller may read
 * @param pageSize hits per page; 0 for the server default
 * @param pageToken the previous page's {@link SearchResult#nextPageToken()}, or empty for the first page
 * @param facetFields fields to count values of ("reel", "video_codec", "frame_rate" ...)
 */
public record SearchQuery(
        String text, List<String> projects, int pageSize, String pageToken, List<String> facetFields) {
    public SearchQuery {
        text = text == null ? "" : text;
        projects = List.copyOf(projects == null ? List.of() : projects);
        pageToken = pageToken == null ? "" : pageToken;
        facetFields = List.copyOf(facetFields == null ? List.of() : facetFields);
        if (pageSize < 0) {
            throw GatewayException.invalid("search page size " + pageSize + " must not be negative");
        }
    }

    /** The first page of {@code text} in one project (or all when {@code project} is null or empty). */
    public static SearchQuery of(String text, String project, int pageSize) {
        return new SearchQuery(
                text, project == null || project.isEmpty() ? List.of() : List.of(project), pageSize, "", List.of());
    }

    public SearchQuery nextPage(String token) {
        return new SearchQuery(text, projects, pageSize, token, facetFields);
    }

    public SearchQuery withFacets(List<String> fields) {
        return new SearchQuery(text, projects, pageSize, pageToken, fields);
    }
}
