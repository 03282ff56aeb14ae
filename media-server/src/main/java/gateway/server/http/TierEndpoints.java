package gateway.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.model.asset.ProjectId;
import gateway.server.auth.Action;
import gateway.server.auth.Authenticator;
import gateway.server.auth.Authoriser;
import gateway.server.auth.Principal;
import gateway.server.tiers.DemotionJob;
import gateway.server.tiers.PromotionJob;
import gateway.server.tiers.TierDesk;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code GET /api/v1/tiers/jobs?project=P} → {@code {"jobs": [{"asset_id", "name", "state", "percent",
 * "done_bytes", "total_bytes", "attempts", "error", "updated"}], "promotions": [{"asset_id", "name",
 * "state", "percent", "done_bytes", "total_bytes", "error", "updated"}]}}: the demotion and promotion
 * jobs this node ran or runs for project P (READ on P). {@code POST /api/v1/tiers/promote?project=P}
 * queues the promotion of every original of P whose NAS copy was released (INGEST on P) and answers
 * {@code {"promotions": [...]}} as queued; a failed one is queued again and resumes.
 */
public final class TierEndpoints {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Authenticator authenticator;
    private final Authoriser authoriser;
    private final TierDesk desk;

    public TierEndpoints(Authenticator authenticator, Authoriser authoriser, TierDesk desk) {
        this.authenticator = authenticator;
        this.authoriser = authoriser;
        this.desk = desk;
    }

    public void routing(HttpRouting.Builder routing) {
        routing.get("/api/v1/tiers/jobs", this::jobs).post("/api/v1/tiers/promote", this::promote);
    }

    private void jobs(ServerRequest req, ServerResponse res) {
        Principal who = HttpEndpoints.caller(authenticator, req);
        ProjectId project = IngestEndpoints.project(req);
        authoriser.requireOnProject(who, Action.READ, project);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode arr = out.putArray("jobs");
        for (DemotionJob j : desk.jobs()) {
            if (j.project().equals(project)) {
                arr.addObject()
                        .put("asset_id", j.asset().value())
                        .put("name", j.name())
                        .put("state", j.state())
                        .put("percent", j.percent())
                        .put("done_bytes", j.doneBytes())
                        .put("total_bytes", j.totalBytes())
                        .put("attempts", j.attempts())
                        .put("error", j.error())
                        .put("updated", j.updated().toString());
            }
        }
        promotions(out.putArray("promotions"), desk.promotions(), project);
        HttpEndpoints.sendJson(res, out);
    }

    private void promote(ServerRequest req, ServerResponse res) {
        Principal who = HttpEndpoints.caller(authenticator, req);
        ProjectId project = IngestEndpoints.project(req);
        authoriser.requireOnProject(who, Action.INGEST, project);
        ObjectNode out = JSON.createObjectNode();
        promotions(out.putArray("promotions"), desk.promote(project), project);
        HttpEndpoints.sendJson(res, out);
    }

    private static void promotions(ArrayNode arr, java.util.List<PromotionJob> jobs, ProjectId project) {
        for (PromotionJob j : jobs) {
            if (j.project().equals(project)) {
                arr.addObject()
                        .put("asset_id", j.asset().value())
                        .put("name", j.name())
                        .put("state", j.state())
                        .put("percent", j.percent())
                        .put("done_bytes", j.doneBytes())
                        .put("total_bytes", j.totalBytes())
                        .put("error", j.error())
                        .put("updated", j.updated().toString());
            }
        }
    }
}
