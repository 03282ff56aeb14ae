package gateway.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import gateway.proxy.finish.QcOptions;
import gateway.relink.TargetFormat;
import gateway.relink.link.LinkStatus;
import gateway.server.auth.Authenticator;
import gateway.server.conform.ConformDesk;
import gateway.server.conform.FinishingRuns;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

/**
 * The REST mirror of ConformService, through the same {@link ConformDesk} (authorisation, audit,
 * scratch folder, follow-up work): {@code POST /api/v1/conform?project=P&file_name=cut.edl[&to=otio|
 * edl|fcp7xml|fcpxml|ale][&rate=23.976][&strict=true][&handles=N][&consolidate=true][&render=true]
 * [&master=FORMAT][&render_anyway=true][&markers=true][&qc_reference=ASSET_ID][&qc_search=N][&plan=true]}
 * with the edit's bytes as the body ({@code plan=true}: the egress plan of consolidating with
 * {@code handles} only, in {@code egress_plan} and the report's {@code consolidation.egress}; nothing
 * is restored, trimmed or rendered) ({@code qc_reference}: conform QC of the master against that asset of
 * the project, searching N frames either side, default 5); {@code GET /api/v1/conforms/{id}} tells
 * where its follow-up work stands, {@code GET /api/v1/conforms/{id}/events} follows it as server-sent
 * events ({@link ConformEventStream}).
 */
public final class ConformEndpoints {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Authenticator authenticator;
    private final ConformDesk desk;
    private final ConformEventStream events;

    public ConformEndpoints(Authenticator authenticator, ConformDesk desk) {
        this.authenticator = authenticator;
        this.desk = desk;
        this.events = new ConformEventStream(authenticator, desk, IngestEndpoints.KEEP_ALIVE, Clock.systemUTC());
    }

    public void routing(HttpRouting.Builder routing) {
        routing.post("/api/v1/conform", this::conform)
                .get("/api/v1/conforms/{id}", this::progress)
                .get("/api/v1/conforms/{id}/events", events::handle);
    }

    /**
     * 200 {@code {"conform_id", "totals": {status: count}, "all_matched", "report": {conform-report.json},
     * "report_html", "conformed_file_name", "conformed_format", "conformed_timeline", "consolidation_summary",
     * "output_dir", "egress_plan": [lines]}}: the report is never withheld, an unmatched event is data.
     */
    private void conform(ServerRequest req, ServerResponse res) throws Exception {
        var who = HttpEndpoints.caller(authenticator, req);
        byte[] edit = req.content().inputStream().readNBytes(ConformDesk.MAX_EDIT_BYTES + 1);
        String project = req.query().first("project").orElse("");
        if (!ProjectId.isValid(project)) {
            throw GatewayException.invalid(
                    "conform: query parameter project must be a project id, not '" + project + "'");
        }
        ConformDesk.Outcome o = desk.conform(
                who,
                new ConformDesk.Submission(
                        req.query().first("file_name").orElse("edit"),
                        edit,
                        new ProjectId(project),
                        req.query().first("rate").map(FrameRate::parse).orElse(null),
                        flag(req, "strict"),
                        handles(req),
                        req.query().first("to").map(TargetFormat::parse).orElse(null),
                        flag(req, "consolidate"),
                        master(req),
                        flag(req, "render_anyway"),
                        flag(req, "markers"),
                        req.query().first("qc_reference").orElse(null),
                        qcSearch(req),
                        flag(req, "plan")));
        ObjectNode out = JSON.createObjectNode().put("conform_id", o.conformId());
        ObjectNode totals = out.putObject("totals");
        o.result().totals().forEach((status, n) -> totals.put(statusName(status), n));
        out.put("all_matched", o.result().allMatched());
        out.set("report", JSON.readTree(o.reportJson()));
        out.put("report_html", o.reportHtml())
                .put("conformed_file_name", o.timelineFileName())
                .put("conformed_format", o.format().extension())
                .put("conformed_timeline", new String(o.timeline(), StandardCharsets.UTF_8))
                .put("consolidation_summary", o.consolidationSummary())
                .put("output_dir", o.outputDir() == null ? null : o.outputDir().toString());
        o.egressPlan().forEach(out.putArray("egress_plan")::add);
        HttpEndpoints.sendJson(res, out);
    }

    /** 200 {@code {"conform_id", "stage": consolidating|rendering|done|failed, "percent", "message"}}. */
    private void progress(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        FinishingRuns.Update u = desk.latest(HttpEndpoints.caller(authenticator, req), id);
        HttpEndpoints.sendJson(res, progressJson(id, u));
    }

    /** {@code {"conform_id", "stage", "percent", "message"}}: one progress report, as REST tells it. */
    static JsonNode progressJson(String id, FinishingRuns.Update u) {
        return JSON.createObjectNode()
                .put("conform_id", id)
                .put("stage", u.stage().name().toLowerCase(Locale.ROOT))
                .put("percent", u.percent())
                .put("message", u.message());
    }

    /**
     * The master to render: {@code master=FORMAT} (a master format name, e.g. dnxhr-hq-mxf), or
     * {@code render=true} for ProRes 422 HQ; null for none.
     */
    private static String master(ServerRequest req) {
        Optional<String> named = req.query().first("master").asOptional();
        if (named.isPresent()) {
            return named.get();
        }
        return flag(req, "render") ? "prores-hq" : null;
    }

    private static boolean flag(ServerRequest req, String name) {
        Optional<String> v = req.query().first(name).asOptional();
        if (v.isEmpty()) {
            return false;
        }
        return switch (v.get()) {
            case "true", "1", "" -> true;
            case "false", "0" -> false;
            default -> throw GatewayException.invalid("conform: " + name + " is true or false, not '" + v.get() + "'");
        };
    }

    private static long handles(ServerRequest req) {
        String v = req.query().first("handles").orElse("0");
        if (!v.matches("\\d{1,6}")) {
            throw GatewayException.invalid("conform: handles is a whole number of frames, not '" + v + "'");
        }
        return Long.parseLong(v);
    }

    private static int qcSearch(ServerRequest req) {
        String v = req.query().first("qc_search").orElse(Integer.toString(QcOptions.DEFAULT_SEARCH_FRAMES));
        if (!v.matches("\\d{1,2}")) {
            throw GatewayException.invalid("conform: qc_search is a whole number of frames (0-50), not '" + v + "'");
        }
        return Integer.parseInt(v);
    }

    private static String statusName(LinkStatus s) {
        return s.name().toLowerCase(Locale.ROOT);
    }
}
