package gateway.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.client.AssetSummary;
import gateway.client.ConformOptions;
import gateway.client.ConformResult;
import gateway.client.GatewayClient;
import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * API.md's Selection, resolved to assets in the order they are wanted: {@code asset_ids} as
 * given, {@code query} + {@code project} in the search's order, {@code timeline_path} +
 * {@code project} (+ {@code rate}) in the order of first use on the record side, only the assets
 * the edit uses.
 *
 * <p>A timeline is resolved by the node's conform (through the SDK): it reads every format conform
 * reads and links events to assets against the catalogue, which the agent does not hold. Reading
 * the edit on the laptop with relink-service would pull the index (Lucene) into the agent and
 * still need the node to link the events.
 */
final class Selection {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_QUERY_HITS = 1000;

    private Selection() {}

    /** The assets' manifests, in order, without repeats. */
    static List<Manifest> resolve(GatewayClient client, JsonNode body) {
        boolean ids = body.has("asset_ids");
        boolean query = body.has("query");
        boolean timeline = body.has("timeline_path");
        if ((ids ? 1 : 0) + (query ? 1 : 0) + (timeline ? 1 : 0) != 1) {
            throw GatewayException.invalid(
                    "a selection has exactly one of 'asset_ids', 'query' (with 'project') or 'timeline_path' (with 'project')");
        }
        Set<AssetId> wanted = new LinkedHashSet<>();
        if (ids) {
            if (!body.get("asset_ids").isArray() || body.get("asset_ids").isEmpty()) {
                throw GatewayException.invalid("'asset_ids' must be a non-empty array of asset ids");
            }
            body.get("asset_ids").forEach(id -> wanted.add(new AssetId(id.asText())));
        } else if (query) {
            String project = requireProject(body);
            for (AssetSummary hit : client.search(body.get("query").asText(), project, MAX_QUERY_HITS)
                    .hits()) {
                wanted.add(hit.assetId());
            }
        } else {
            wanted.addAll(usedBy(client, body));
        }
        List<Manifest> manifests = new ArrayList<>();
        for (AssetId id : wanted) {
            manifests.add(client.getAsset(id.value()));
        }
        return manifests;
    }

    /** The assets an edit uses, by first use: events sorted by record in-point (stable, so track order breaks ties). */
    private static List<AssetId> usedBy(GatewayClient client, JsonNode body) {
        String project = requireProject(body);
        Path edit = Path.of(body.get("timeline_path").asText());
        if (!edit.isAbsolute() || !Files.isRegularFile(edit)) {
            throw GatewayException.notFound("timeline_path " + edit + " is not an absolute path to a file");
        }
        ConformOptions options = ConformOptions.defaults();
        if (body.hasNonNull("rate")) {
            options = options.withRate(FrameRate.parse(body.get("rate").asText()));
        }
        ConformResult result = client.conform(edit, project, options);
        JsonNode report;
        try {
            report = JSON.readTree(result.reportJson());
        } catch (IOException e) {
            throw new GatewayException(Reason.CORRUPT, "the node's conform report of " + edit + " is not JSON", e);
        }
        List<JsonNode> events = new ArrayList<>();
        report.path("events").forEach(events::add);
        events.sort(Comparator.comparing(
                (JsonNode e) -> e.path("record_in").asText(""), Comparator.nullsLast(Comparator.naturalOrder())));
        Set<AssetId> used = new LinkedHashSet<>();
        for (JsonNode e : events) {
            String id = e.path("asset_id").asText("");
            if (!id.isEmpty()) {
                used.add(new AssetId(id));
            }
        }
        if (used.isEmpty()) {
            throw new GatewayException(
                    Reason.FAILED_PRECONDITION,
                    "no event of " + edit + " matched an asset of project " + project + " (" + events.size()
                            + " events read)");
        }
        return List.copyOf(used);
    }

    private static String requireProject(JsonNode body) {
        String project = body.path("project").asText("");
        if (project.isBlank()) {
            throw GatewayException.invalid("a 'query' or 'timeline_path' selection needs 'project'");
        }
        return project;
    }
}
