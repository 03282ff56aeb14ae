package gateway.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.ingest.IngestCoordinator;
import gateway.ingest.cluster.ClusterMember;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.server.auth.AuditLog;
import gateway.server.auth.Authenticator;
import gateway.server.auth.Principal;
import gateway.server.ingest.AuthorisedIngest;
import gateway.server.ingest.JobEventLog;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/admin/cluster}: the cluster's members (nodes and {@code gateway worker}s) and
 * the jobs workers hold now, for a caller who administers a project (jobs of the projects it
 * administers only). Audited as CLUSTER, allowed or refused. {@code GET /api/v1/admin/cluster/events}:
 * the same, live ({@link ClusterEventStream}).
 */
public final class ClusterEndpoints {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Authenticator authenticator;
    private final AuditLog audit;
    private final Supplier<List<ClusterMember.Member>> members;
    private final AuthorisedIngest ingest;
    private final ClusterEventStream events;

    public ClusterEndpoints(
            Authenticator authenticator,
            AuditLog audit,
            Supplier<List<ClusterMember.Member>> members,
            AuthorisedIngest ingest,
            JobEventLog jobEvents) {
        this.authenticator = authenticator;
        this.audit = audit;
        this.members = members;
        this.ingest = ingest;
        this.events =
                new ClusterEventStream(authenticator, this, jobEvents, IngestEndpoints.KEEP_ALIVE, Clock.systemUTC());
    }

    public void routing(HttpRouting.Builder routing) {
        routing.get("/api/v1/admin/cluster", this::cluster);
        routing.get("/api/v1/admin/cluster/events", events::handle);
    }

    private void cluster(ServerRequest req, ServerResponse res) {
        Principal who = HttpEndpoints.caller(authenticator, req);
        requireAdmin(who);
        HttpEndpoints.sendJson(res, view(who));
    }

    /** PERMISSION_DENIED unless {@code who} administers a project; audited as CLUSTER either way. */
    void requireAdmin(Principal who) {
        List<ProjectId> administered = AdminEndpoints.administered(who);
        audit.record(who.subject(), "CLUSTER", "", "members and workers", !administered.isEmpty());
        if (administered.isEmpty()) {
            throw new GatewayException(
                    Reason.PERMISSION_DENIED,
                    who.subject() + " administers no project and may not see the cluster"
                            + " (that needs the admin role on a project)");
        }
    }

    /**
     * {@code {"members": [{"uuid", "address", "name", "kind": node | worker, "local"}], "workers":
     * [{"worker_id", "jobs": [job, ...]}]}}: the jobs of the projects {@code who} may see.
     */
    ObjectNode view(Principal who) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode arr = out.putArray("members");
        for (ClusterMember.Member m : members.get()) {
            arr.addObject()
                    .put("uuid", m.uuid())
                    .put("address", m.address())
                    .put("name", m.name())
                    .put("kind", m.name().startsWith("worker-") ? "worker" : "node")
                    .put("local", m.local());
        }
        Map<String, ArrayNode> byWorker = new LinkedHashMap<>();
        for (IngestCoordinator.Running r : ingest.running(who)) {
            byWorker.computeIfAbsent(r.workerId(), k -> JSON.createArrayNode()).add(IngestEndpoints.jobJson(r.job()));
        }
        ArrayNode workers = out.putArray("workers");
        byWorker.forEach((id, jobs) -> workers.addObject().put("worker_id", id).set("jobs", jobs));
        return out;
    }
}
