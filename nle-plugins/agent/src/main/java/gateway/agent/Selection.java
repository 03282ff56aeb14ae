package gateway.agent;

import com.fasterxml.jackson.databind.JsonNode;
import gateway.model.asset.AssetId;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a plan, an export or a "make local" is about (API.md "Selection"), exactly one of: asset
 * ids; a catalogue query in a project; an exported timeline in a project (read at {@code rate}
 * when the file does not say, null for 25).
 */
record Selection(List<AssetId> assetIds, String query, ProjectId project, Path timeline, FrameRate rate) {

    Selection {
        assetIds = List.copyOf(assetIds == null ? List.of() : assetIds);
        int kinds = (assetIds.isEmpty() ? 0 : 1) + (query == null ? 0 : 1) + (timeline == null ? 0 : 1);
        if (kinds != 1) {
            throw GatewayException.invalid(
                    "a selection is exactly one of: asset ids; a query with a project; a timeline with a project");
        }
        if ((query != null || timeline != null) && project == null) {
            throw GatewayException.invalid(
                    (query != null ? "a query" : "a timeline") + " needs the project it is about");
        }
        if (timeline != null && !timeline.isAbsolute()) {
            throw GatewayException.invalid("timeline_path '" + timeline + "' must be an absolute path");
        }
    }

    static Selection ofAssets(List<AssetId> ids) {
        return new Selection(ids, null, null, null, null);
    }

    static Selection ofQuery(String query, ProjectId project) {
        return new Selection(List.of(), query, project, null, null);
    }

    static Selection ofTimeline(Path timeline, ProjectId project, FrameRate rate) {
        return new Selection(List.of(), null, project, timeline.toAbsolutePath().normalize(), rate);
    }

    /** {@code {"asset_ids": [...]}}, {@code {"query", "project"}} or {@code {"timeline_path", "project", "rate"}}. */
    static Selection fromJson(JsonNode n) {
        List<AssetId> ids = new ArrayList<>();
        JsonNode list = n.path("asset_ids");
        if (!list.isMissingNode() && !list.isArray()) {
            throw GatewayException.invalid("asset_ids must be an array of asset ids");
        }
        list.forEach(id -> ids.add(new AssetId(id.asText())));
        if (list.isArray() && ids.isEmpty()) {
            throw GatewayException.invalid("asset_ids is empty: name at least one asset");
        }
        return new Selection(
                ids,
                text(n, "query"),
                text(n, "project") == null ? null : new ProjectId(text(n, "project")),
                text(n, "timeline_path") == null ? null : Path.of(text(n, "timeline_path")),
                text(n, "rate") == null ? null : FrameRate.parse(text(n, "rate")));
    }

    /** The rate to read a timeline at when it does not say. */
    FrameRate rateOrDefault() {
        return rate == null ? FrameRate.FPS_25 : rate;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() && !v.isNumber()) {
            throw GatewayException.invalid(field + " must be a string");
        }
        return v.asText();
    }
}
