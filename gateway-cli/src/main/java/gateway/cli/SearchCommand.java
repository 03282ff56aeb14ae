package gateway.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.client.AssetSummary;
import gateway.client.GatewayClient;
import gateway.client.SearchQuery;
import gateway.index.SearchRequest;
import gateway.index.SearchResult;
import gateway.model.asset.ProjectId;
import gateway.server.config.StoreConfig;
import gateway.server.http.HttpEndpoints;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code search QUERY --project P [--json] [--facets]}. */
@Command(
        name = "search",
        description = {
            "Searches the catalogue of a project.",
            "",
            "QUERY: free text (typo-tolerant, prefix), field:value (name, reel, camera, codec, fps,",
            "tag ...; no QUERY lists everything), ranges (duration:>10s, fps:23.976), timecode coverage",
            "(tc:14:03:10:00 reel:A003), AND / OR / NOT and parentheses. --json prints {\"total\", \"hits\",",
            "\"facets\", \"next_page\"}."
        })
final class SearchCommand extends CliCommand {
    static final List<String> DEFAULT_FACETS = List.of("camera", "codec", "fps", "resolution", "tag");

    @Parameters(arity = "0..*", paramLabel = "QUERY", description = "the query (its words are joined)")
    List<String> query = new ArrayList<>();

    @Option(names = "--project", paramLabel = "P", required = true, description = "the project to search")
    String project;

    @Option(names = "--json", description = "prints {\"total\", \"hits\", \"facets\", \"next_page\"}")
    boolean json;

    @Option(names = "--facets", description = "counts per camera, codec, fps, resolution and tag")
    boolean facets;

    @Option(names = "--limit", paramLabel = "N", description = "hits per page (default: 20)")
    int limit = 20;

    @Option(names = "--page", paramLabel = "TOKEN", description = "the next page (the token a search printed)")
    String page;

    @Option(names = "--store", paramLabel = "DIR", description = "the local store (default: ./data)")
    Path store = Path.of(StoreConfig.DEFAULT_DIR);

    @picocli.CommandLine.Mixin
    NodeDirOption nodeDir = new NodeDirOption();

    @Mixin
    Remote remote;

    @Override
    int run() {
        String text = String.join(" ", query);
        List<String> facetFields = facets ? DEFAULT_FACETS : List.of();
        ObjectNode result;
        if (remote.present()) {
            try (GatewayClient client = remote.connect("search", store)) {
                SearchQuery q = SearchQuery.of(text, project, limit).withFacets(facetFields);
                if (page != null) {
                    q = q.nextPage(page);
                }
                result = remoteJson(client.search(q));
            }
        } else {
            try (LocalStore local = LocalStore.open(store, nodeDir.dir(), true)) {
                SearchResult r = local.index.search(
                        new SearchRequest(text, Set.of(new ProjectId(project)), limit, page, facetFields));
                result = HttpEndpoints.searchJson(r);
            }
        }
        print(result, json, out);
        return 0;
    }

    private static ObjectNode remoteJson(gateway.client.SearchResult r) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("total", r.totalHits());
        ArrayNode hits = out.putArray("hits");
        for (AssetSummary h : r.hits()) {
            hits.addObject()
                    .put("asset_id", h.assetId().value())
                    .put("project", h.project().value())
                    .put("name", h.name())
                    .put("reel", h.reel())
                    .put(
                            "start_timecode",
                            h.startTimecode() == null ? null : h.startTimecode().toString())
                    .put(
                            "frame_rate",
                            h.frameRate() == null ? null : h.frameRate().toString())
                    .put("duration_frames", h.durationFrames())
                    .put("score", h.score())
                    .set("used_in", strings(h.usedIn()));
        }
        ObjectNode facets = out.putObject("facets");
        r.facets().forEach((field, counts) -> {
            ObjectNode f = facets.putObject(field);
            counts.forEach(c -> f.put(c.value(), c.count()));
        });
        out.put("next_page", r.hasNextPage() ? r.nextPageToken() : null);
        return out;
    }

    /**
     * As the REST search's {@code used_in}, without the node's HTTP class: initialising it (its
     * object mapper, Helidon's header names) took ~10 % of a profiled remote search for nothing.
     */
    private static ArrayNode strings(List<String> values) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        values.forEach(array::add);
        return array;
    }

    private static void print(ObjectNode r, boolean json, PrintStream out) {
        if (json) {
            out.println(PrettyJson.of(r));
            return;
        }
        out.println(r.path("total").asLong() + " asset(s)");
        List<String> lines = new ArrayList<>();
        r.path("hits")
                .forEach(h -> lines.add(String.format(
                        "  %-36s  %-24s reel %-12s %s @ %s, %d frames",
                        h.path("asset_id").asText(),
                        h.path("name").asText(),
                        h.path("reel").asText("-"),
                        h.path("start_timecode").asText("-"),
                        h.path("frame_rate").asText("-"),
                        h.path("duration_frames").asLong())));
        lines.forEach(out::println);
        r.path("facets").fields().forEachRemaining(f -> {
            StringBuilder sb = new StringBuilder("  " + f.getKey() + ":");
            f.getValue().fields().forEachRemaining(v -> sb.append(' ')
                    .append(v.getKey())
                    .append(" (")
                    .append(v.getValue().asLong())
                    .append(')'));
            out.println(sb);
        });
        if (!r.path("next_page").isNull() && !r.path("next_page").asText().isEmpty()) {
            out.println("  more: --page " + r.path("next_page").asText());
        }
    }
}
