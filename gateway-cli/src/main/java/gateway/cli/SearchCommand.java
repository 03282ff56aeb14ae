package gateway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.client.AssetSummary;
import gateway.client.GatewayClient;
import gateway.client.SearchQuery;
import gateway.index.SearchRequest;
import gateway.index.SearchResult;
import gateway.model.asset.ProjectId;
import gateway.server.http.HttpEndpoints;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code search QUERY --project P [--json] [--facets]}. */
final class SearchCommand implements Command {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> DEFAULT_FACETS = List.of("camera", "codec", "fps", "resolution", "tag");

    @Override
    public String help() {
        return """
                usage: ./gateway search [QUERY] --project P [--json] [--facets] [--limit N] [--page TOKEN]
                                        [--server HOST:PORT --user U --password P | --store DIR]

                QUERY: free text (typo-tolerant, prefix), field:value (name, reel, camera, codec, fps,
                tag ...; no QUERY lists everything), ranges (duration:>10s, fps:23.976), timecode coverage (tc:14:03:10:00
                reel:A003), AND / OR / NOT and parentheses. --json prints {"total", "hits", "facets",
                "next_page"}.""";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Set<String> valued = new HashSet<>(Remote.OPTIONS);
        valued.addAll(Set.of("project", "store", "limit", "page"));
        Args a = Args.parse("search", argv, valued, Set.of("json", "facets"));
        String query = String.join(" ", a.positionals());
        String project = a.require("search", "project");
        int limit = a.intOption("search", "limit", 20);
        List<String> facets = a.flag("facets") ? DEFAULT_FACETS : List.of();
        ObjectNode result;
        if (Remote.server(a).isPresent()) {
            try (GatewayClient client = Remote.connect("search", a)) {
                SearchQuery q = SearchQuery.of(query, project, limit).withFacets(facets);
                if (a.option("page").isPresent()) {
                    q = q.nextPage(a.option("page").get());
                }
                result = remoteJson(client.search(q));
            }
        } else {
            try (LocalStore store = LocalStore.open(Path.of(a.option("store").orElse("data")), true)) {
                SearchResult r = store.index.search(new SearchRequest(
                        query,
                        Set.of(new ProjectId(project)),
                        limit,
                        a.option("page").orElse(null),
                        facets));
                result = HttpEndpoints.searchJson(r);
            }
        }
        print(result, a.flag("json"), out);
        return 0;
    }

    private static ObjectNode remoteJson(gateway.client.SearchResult r) {
        ObjectNode out = JSON.createObjectNode();
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
                    .set("used_in", HttpEndpoints.stringArray(h.usedIn()));
        }
        ObjectNode facets = out.putObject("facets");
        r.facets().forEach((field, counts) -> {
            ObjectNode f = facets.putObject(field);
            counts.forEach(c -> f.put(c.value(), c.count()));
        });
        out.put("next_page", r.hasNextPage() ? r.nextPageToken() : null);
        return out;
    }

    private static void print(ObjectNode r, boolean json, PrintStream out) {
        if (json) {
            out.println(r.toPrettyString());
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
