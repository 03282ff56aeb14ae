package gateway.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.ingest.JobStatus;
import gateway.ingest.config.WatchFolder;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.server.auth.Authenticator;
import gateway.server.auth.Principal;
import gateway.server.ingest.AuthorisedIngest;
import gateway.server.ingest.JobEventLog;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The REST mirror of IngestService: {@code POST /api/v1/ingest} queues jobs, {@code GET
 * /api/v1/jobs/{id}} tells where one stands. Authorisation, ingest roots and audit are those of
 * the gRPC service ({@link AuthorisedIngest}); errors go through the routing's one error handler.
 */
public final class IngestEndpoints {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Authenticator authenticator;
    private final AuthorisedIngest ingest;
    private final JobEventStream events;

    /** {@code events}: the job changes this node heard, for {@code GET /api/v1/jobs/events}. */
    public IngestEndpoints(Authenticator authenticator, AuthorisedIngest ingest, JobEventLog events) {
        this.authenticator = authenticator;
        this.ingest = ingest;
        this.events = new JobEventStream(authenticator, ingest, events, KEEP_ALIVE, Clock.systemUTC());
    }

    /**
     * How often an idle event stream sends a comment: proxies keep it open, and a client that has
     * gone is noticed by these writes alone (the handler never reads the socket): the first write
     * after the client left still succeeds (the peer answers it with a reset), the next fails. So
     * a stream is released within two of these, about 4 s, not 30 s; the cost is 14 bytes every
     * 2 s per open stream.
     */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(2);

    public void routing(HttpRouting.Builder routing) {
        // The fixed paths before /jobs/{id}: Helidon takes the first route that matches.
        routing.post("/api/v1/ingest", this::submit)
                .get("/api/v1/jobs", this::list)
                .get("/api/v1/jobs/events", events::handle)
                .get("/api/v1/jobs/quarantine", this::quarantine)
                .get("/api/v1/ingest/sources", this::sources)
                .get("/api/v1/jobs/{id}", this::job)
                .post("/api/v1/jobs/{id}/retry", this::retry);
    }

    /** {@code GET /api/v1/jobs?project=P} → {@code {"jobs": [job, ...]}}: open jobs and those finished within the TTL. */
    private void list(ServerRequest req, ServerResponse res) {
        Principal who = caller(req);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode arr = out.putArray("jobs");
        ingest.jobs(who, project(req)).forEach(j -> arr.add(jobJson(j)));
        HttpEndpoints.sendJson(res, out);
    }

    /** {@code GET /api/v1/jobs/quarantine?project=P} → {@code {"jobs": [job, ...]}}: jobs failed too often, not tried again. */
    private void quarantine(ServerRequest req, ServerResponse res) {
        Principal who = caller(req);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode arr = out.putArray("jobs");
        ingest.quarantined(who, project(req)).forEach(j -> arr.add(jobJson(j)));
        HttpEndpoints.sendJson(res, out);
    }

    /** {@code POST /api/v1/jobs/{id}/retry} → 200 the job, queued again (INGEST on its project). */
    private void retry(ServerRequest req, ServerResponse res) {
        Principal who = caller(req);
        HttpEndpoints.sendJson(
                res, jobJson(ingest.retry(who, req.path().pathParameters().get("id"))));
    }

    /**
     * {@code GET /api/v1/ingest/sources?project=P} → {@code {"roots": [path, ...], "watch_folders":
     * [{"path", "project", "copy", "settle_s"}]}} (INGEST on P): what an ingest form may offer.
     */
    private void sources(ServerRequest req, ServerResponse res) {
        Principal who = caller(req);
        AuthorisedIngest.Sources s = ingest.sources(who, project(req));
        ObjectNode out = JSON.createObjectNode();
        ArrayNode roots = out.putArray("roots");
        s.roots().forEach(r -> roots.add(r.toString()));
        ArrayNode folders = out.putArray("watch_folders");
        for (WatchFolder w : s.watchFolders()) {
            folders.addObject()
                    .put("path", w.path().toString())
                    .put("project", w.project().value())
                    .put("copy", w.copy())
                    .put("settle_s", w.settle().toSeconds());
        }
        HttpEndpoints.sendJson(res, out);
    }

    /** The {@code project} query parameter, checked. */
    static ProjectId project(ServerRequest req) {
        String p = req.query().first("project").orElseThrow(JobEventStream::noProject);
        if (!ProjectId.isValid(p)) {
            throw GatewayException.invalid("project must be a project id, not '" + p + "'");
        }
        return new ProjectId(p);
    }

    /** {@code {"paths": ["/cards/A001"], "project": "P", "copy": false}} → 202 {@code {"jobs": [job, ...]}}. */
    private void submit(ServerRequest req, ServerResponse res) {
        Principal who = caller(req);
        JsonNode body = HttpEndpoints.body(req);
        JsonNode paths = body.path("paths");
        if (!paths.isArray() || paths.isEmpty()) {
            throw GatewayException.invalid("ingest: \"paths\" must be a non-empty list of paths");
        }
        List<String> list = new ArrayList<>();
        for (JsonNode p : paths) {
            if (!p.isTextual() || p.asText().isBlank()) {
                throw GatewayException.invalid("ingest: every entry of \"paths\" must be a path, not " + p);
            }
            list.add(p.asText());
        }
        String project = body.path("project").asText("");
        if (!ProjectId.isValid(project)) {
            throw GatewayException.invalid("ingest: \"project\" must be a project id, not '" + project + "'");
        }
        JsonNode copy = body.path("copy");
        if (!copy.isMissingNode() && !copy.isBoolean()) {
            throw GatewayException.invalid("ingest: \"copy\" must be true or false, not " + copy);
        }
        List<JobStatus> jobs = ingest.submit(who, list, new ProjectId(project), copy.asBoolean(false));
        ObjectNode out = JSON.createObjectNode();
        ArrayNode arr = out.putArray("jobs");
        jobs.forEach(j -> arr.add(jobJson(j)));
        res.status(Status.ACCEPTED_202);
        HttpEndpoints.sendJson(res, out);
    }

    private void job(ServerRequest req, ServerResponse res) {
        Principal who = caller(req);
        HttpEndpoints.sendJson(
                res, jobJson(ingest.status(who, req.path().pathParameters().get("id"))));
    }

    /**
     * {@code {"job_id", "project", "path", "state", "phase", "worker", "percent", "frames_done",
     * "frames_total", "asset_id", "error": null |
     * {"reason", "message"}, "warnings": [...]}}; state is QUEUED, RUNNING, DONE or QUARANTINED;
     * phase is COPYING, HASHING or PROXYING while RUNNING (null otherwise); percent is of the whole job;
     * worker is the claimer that runs or ran it (null before the first claim); frames_done and
     * frames_total: while RUNNING and decoding pictures, the frames decoded so far and the original's
     * count (null when not known), from which a client tells the speed in frames per second.
     */
    static ObjectNode jobJson(JobStatus s) {
        ObjectNode n = JSON.createObjectNode()
                .put("job_id", s.jobId())
                .put("project", s.project())
                .put("path", s.path())
                .put("state", s.state())
                .put("phase", s.phase().isEmpty() ? null : s.phase())
                .put("worker", s.worker().isEmpty() ? null : s.worker())
                .put("percent", s.percent())
                .put("frames_done", s.framesDone() > 0 ? s.framesDone() : null)
                .put("frames_total", s.framesTotal() > 0 ? s.framesTotal() : null)
                .put("asset_id", s.assetId().isEmpty() ? null : s.assetId());
        if (s.errorReason().isEmpty()) {
            n.putNull("error");
        } else {
            n.putObject("error").put("reason", s.errorReason()).put("message", s.errorMessage());
        }
        ArrayNode w = n.putArray("warnings");
        if (!s.warnings().isEmpty()) {
            for (String line : s.warnings().split("\n")) {
                w.add(line);
            }
        }
        return n;
    }

    private Principal caller(ServerRequest req) {
        return HttpEndpoints.caller(authenticator, req);
    }
}
