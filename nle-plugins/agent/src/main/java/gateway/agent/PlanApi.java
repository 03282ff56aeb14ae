package gateway.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.client.GatewayClient;
import gateway.model.asset.AssetId;
import gateway.model.asset.DurableFiles;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/plan} and {@code POST|DELETE /v1/plans/{plan_id}/pin} (API.md), transport-free:
 * each method takes the parsed request and returns the answer's JSON, or throws a {@link
 * GatewayException} whose reason the transport turns into the status.
 *
 * <p>A plan is made from the manifests (through the SDK; nothing is downloaded) and kept in
 * {@code <cache>/.plans/<plan_id>.json}, so pinning it later, from another process too, knows its
 * assets. Pinning records the plan's asset ids in the cache index ({@code pinned_plans}): every
 * rendition of them, cached now or later, is never evicted until the plan is unpinned.
 */
final class PlanApi {
    static final String PLANS = ".plans";
    private static final Pattern PLAN_ID = Pattern.compile("p-[0-9a-f]{16}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClientSource clients;
    private final ProxyFetcher fetcher;

    PlanApi(ClientSource clients, ProxyFetcher fetcher) {
        this.clients = clients;
        this.fetcher = fetcher;
    }

    /** {@code POST /v1/plan} with a Selection. */
    ObjectNode plan(JsonNode request) {
        return plan(Selection.fromJson(request));
    }

    ObjectNode plan(Selection selection) {
        SelectionAssets.Resolved resolved;
        try (GatewayClient client = clients.open()) {
            resolved = SelectionAssets.resolve(client, selection);
        } catch (GatewayException e) {
            if (ConnectionState.unreachable(e)) {
                throw new GatewayException(
                        e.reason(),
                        "a plan needs the gateway (the renditions' sizes are in its manifests), and it is"
                                + " unreachable: " + e.getMessage(),
                        e);
            }
            throw e;
        }
        String project = selection.project() != null
                ? selection.project().value()
                : resolved.assets().isEmpty()
                        ? null
                        : resolved.assets().get(0).project().value();
        ObjectNode plan = TakeAwayPlan.of(
                project, resolved.assets(), fetcher.cache(), fetcher.linkRate().bytesPerSecond());
        if (!resolved.unlinked().isEmpty()) {
            resolved.unlinked().forEach(plan.putArray("unlinked")::add);
        }
        if (resolved.truncated()) {
            plan.put("truncated", true);
        }
        keep(plan);
        return plan;
    }

    /** {@code POST} ({@code pinned} true) or {@code DELETE /v1/plans/{plan_id}/pin}. */
    ObjectNode pin(String planId, boolean pinned) {
        List<AssetId> assets = assetsOf(planId);
        if (pinned) {
            fetcher.cache().pinPlan(planId, assets);
        } else {
            fetcher.cache().unpinPlan(planId);
        }
        return JSON.createObjectNode().put("plan_id", planId).put("pinned", pinned);
    }

    private void keep(ObjectNode plan) {
        Path file = fileOf(plan.path("plan_id").asText());
        try {
            DurableFiles.write(file, JSON.writeValueAsBytes(plan));
        } catch (IOException e) {
            throw GatewayException.io("cannot keep the plan in " + file + ": " + e.getMessage(), e);
        }
    }

    private List<AssetId> assetsOf(String planId) {
        Path file = fileOf(planId);
        JsonNode plan;
        try {
            plan = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw GatewayException.notFound("no plan " + planId + " in " + file.getParent()
                    + ": make it first with POST /v1/plan or 'gateway agent plan'");
        } catch (IOException e) {
            throw new GatewayException(Reason.CORRUPT, "cannot read the plan " + file + ": " + e.getMessage(), e);
        }
        List<AssetId> ids = new ArrayList<>();
        plan.path("assets").forEach(a -> ids.add(new AssetId(a.path("asset_id").asText())));
        return ids;
    }

    private Path fileOf(String planId) {
        if (planId == null || !PLAN_ID.matcher(planId).matches()) {
            throw GatewayException.invalid("'" + planId + "' is not a plan id (p- and 16 hex digits)");
        }
        return fetcher.cache().root().resolve(PLANS).resolve(planId + ".json");
    }
}
