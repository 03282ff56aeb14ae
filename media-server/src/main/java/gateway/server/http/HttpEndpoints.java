package gateway.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.index.AssetHit;
import gateway.index.SearchResult;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestJson;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.server.auth.Action;
import gateway.server.auth.Authenticator;
import gateway.server.auth.CallInfo;
import gateway.server.auth.Principal;
import gateway.server.catalog.Catalogue;
import gateway.server.metrics.Metrics;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * The node's HTTP side on Helidon: a status page, {@code /health}, {@code /metrics} (Prometheus)
 * and the REST mirror of the public API under {@code /api/v1}. Tests reuse {@link #routing}.
 */
public final class HttpEndpoints {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    /** The request a handler thread serves, for the audit log (set by the filter around each request). */
    private static final ThreadLocal<CallInfo> CURRENT = new ThreadLocal<>();

    /** What the status page and readiness report about the node. */
    public interface NodeState {
        String grpcAddress();

        String clusterSummary();

        boolean ready();

        String storeDir();
    }

    private final Catalogue catalogue;
    private final Authenticator authenticator;
    private final Metrics metrics;
    private final NodeState node;

    public HttpEndpoints(Catalogue catalogue, Authenticator authenticator, Metrics metrics, NodeState node) {
        this.catalogue = catalogue;
        this.authenticator = authenticator;
        this.metrics = metrics;
        this.node = node;
    }

    public void routing(HttpRouting.Builder routing) {
        ConsoleFiles.routing(routing);
        routing.addFilter((chain, req, res) -> {
                    CURRENT.set(new CallInfo(
                            requestId(req.headers().first(REQUEST_ID).orElse(null)),
                            "",
                            address(req.remotePeer().address()),
                            ""));
                    try {
                        chain.proceed();
                    } finally {
                        CURRENT.remove();
                    }
                })
                .get("/status", this::statusPage)
                .get("/health", (req, res) -> health(res, node::ready))
                .get("/health/live", (req, res) -> health(res, () -> true))
                .get("/health/ready", (req, res) -> health(res, node::ready))
                .get("/metrics", this::metricsText)
                .post("/api/v1/auth/login", this::login)
                .post("/api/v1/auth/refresh", this::refresh)
                .post("/api/v1/auth/api-key", this::exchangeApiKey)
                .get("/api/v1/projects", this::projects)
                .get("/api/v1/search", this::search)
                .get("/api/v1/suggest", this::suggest)
                .get("/api/v1/assets/{id}", this::asset)
                .error(GatewayException.class, (req, res, e) -> error(res, e));
    }

    private void statusPage(ServerRequest req, ServerResponse res) {
        String html = """
                <!doctype html><html><head><meta charset="utf-8"><title>Editorial gateway</title>
                <link rel="stylesheet" href="/console/console.css">
                <link rel="icon" href="/console/favicon.svg" type="image/svg+xml">
                </head><body><main><h1>Editorial gateway</h1><p><a href="/">the console</a></p><table>
                <tr><td>status</td><td id="status">%s</td></tr>
                <tr><td>gRPC</td><td>%s</td></tr>
                <tr><td>cluster</td><td>%s</td></tr>
                <tr><td>store</td><td>%s</td></tr>
                </table><p><a href="/health">/health</a> · <a href="/metrics">/metrics</a> ·
                REST: <code>POST /api/v1/auth/login</code>, <code>GET /api/v1/search?q=…&amp;project=…</code>,
                <code>GET /api/v1/suggest?q=…</code>,
                <code>GET /api/v1/assets/{id}</code></p></main></body></html>
                """.formatted(
                        node.ready() ? "ready" : "starting",
                        escape(node.grpcAddress()),
                        escape(node.clusterSummary()),
                        escape(node.storeDir()));
        ConsoleFiles.secure(res);
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8").send(html);
    }

    private static void health(ServerResponse res, BooleanSupplier ready) {
        boolean up = ready.getAsBoolean();
        res.status(up ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503)
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .send("{\"status\":\"" + (up ? "UP" : "DOWN") + "\"}");
    }

    private void metricsText(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
                .send(metrics.render());
    }

    private void login(ServerRequest req, ServerResponse res) throws Exception {
        JsonNode body = body(req);
        sendJson(
                res,
                tokensJson(authenticator.login(
                        body.path("username").asText(), body.path("password").asText())));
    }

    private void refresh(ServerRequest req, ServerResponse res) {
        sendJson(
                res,
                tokensJson(authenticator.refresh(body(req).path("refresh_token").asText())));
    }

    private void exchangeApiKey(ServerRequest req, ServerResponse res) {
        sendJson(
                res,
                tokensJson(
                        authenticator.exchangeApiKey(body(req).path("api_key").asText())));
    }

    /** The JSON of issued tokens ({@code expires_at} kept for older clients). */
    static ObjectNode tokensJson(Authenticator.Tokens t) {
        ObjectNode out = JSON.createObjectNode()
                .put("access_token", t.accessToken())
                .put("expires_at", t.accessExpiresAt().toString())
                .put("subject", t.subject());
        if (t.refreshToken() != null) {
            out.put("refresh_token", t.refreshToken())
                    .put("refresh_expires_at", t.refreshExpiresAt().toString());
        }
        ArrayNode projects = out.putArray("projects");
        t.projects().forEach(p -> projects.add(p.value()));
        return out;
    }

    static JsonNode body(ServerRequest req) {
        if (!req.content().hasEntity()) {
            // Helidon fails an empty body's read with an IllegalStateException, a 500
            throw new GatewayException(Reason.PARSE_ERROR, "the request has no body; a JSON object was expected");
        }
        return json(req.content().as(String.class));
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new GatewayException(Reason.PARSE_ERROR, "the request body is not JSON: " + e.getMessage());
        }
    }

    private void projects(ServerRequest req, ServerResponse res) {
        Principal who = authenticate(req);
        ArrayNode arr = JSON.createArrayNode();
        catalogue.projects(who).forEach(p -> arr.add(p.value()));
        sendJson(res, JSON.createObjectNode().set("projects", arr));
    }

    private void search(ServerRequest req, ServerResponse res) {
        Principal who = authenticate(req);
        String q = req.query().first("q").orElse("");
        List<String> projects = req.query().all("project", List::of);
        String size = req.query().first("page_size").orElse("20");
        if (!size.matches("\\d{1,4}")) {
            throw GatewayException.invalid("page_size must be a whole number 1-9999, not '" + size + "'");
        }
        int pageSize = Integer.parseInt(size);
        String token = req.query().first("page_token").orElse(null);
        List<String> facets = Arrays.stream(
                        req.query().first("facets").orElse("").split(","))
                .filter(s -> !s.isBlank())
                .toList();
        SearchResult r = catalogue.search(who, q, projects, pageSize, token, facets);
        sendJson(res, searchJson(r));
    }

    private void asset(ServerRequest req, ServerResponse res) throws Exception {
        Principal who = authenticate(req);
        Manifest m = catalogue.asset(who, req.path().pathParameters().get("id"), Action.READ);
        ObjectNode out = (ObjectNode) JSON.readTree(ManifestJson.toJson(m));
        // Not part of the manifest: the sequences that use the asset, from the store's usage records.
        out.set(
                "used_in",
                stringArray(catalogue
                        .usage()
                        .map(u -> u.sequencesUsing(m.project(), m.assetId()))
                        .orElse(List.of())));
        sendJson(res, out);
    }

    /** The stable JSON of a search, shared with the CLI's {@code --json}. */
    public static ObjectNode searchJson(SearchResult r) {
        ObjectNode out = JSON.createObjectNode();
        out.put("total", r.total());
        ArrayNode hits = out.putArray("hits");
        for (AssetHit h : r.hits()) {
            hits.addObject()
                    .put("asset_id", h.assetId().value())
                    .put("project", h.project().value())
                    .put("name", h.name())
                    .put("reel", h.reel())
                    .put(
                            "start_timecode",
                            h.startTimecode() == null ? null : h.startTimecode().toString())
                    .put("frame_rate", h.frameRate().toString())
                    .put("duration_frames", h.durationFrames())
                    .put("score", h.score())
                    .set("used_in", stringArray(h.usedIn()));
        }
        ObjectNode facets = out.putObject("facets");
        r.facets().forEach((field, counts) -> {
            ObjectNode f = facets.putObject(field);
            counts.forEach(c -> f.put(c.value(), c.count()));
        });
        out.put("next_page", r.nextPageToken());
        return out;
    }

    /** A JSON array of strings, in order. */
    public static ArrayNode stringArray(List<String> values) {
        ArrayNode arr = JSON.createArrayNode();
        values.forEach(arr::add);
        return arr;
    }

    private void suggest(ServerRequest req, ServerResponse res) {
        Principal who = authenticate(req);
        String max = req.query().first("max").orElse("10");
        if (!max.matches("\\d{1,3}")) {
            throw GatewayException.invalid("max must be a whole number 1-999, not '" + max + "'");
        }
        List<String> found = catalogue.suggest(
                who, req.query().first("q").orElse(""), req.query().all("project", List::of), Integer.parseInt(max));
        sendJson(res, JSON.createObjectNode().set("suggestions", stringArray(found)));
    }

    private Principal authenticate(ServerRequest req) {
        return caller(authenticator, req);
    }

    /**
     * Who makes {@code req} (its bearer token or API key), refused unless authenticated; the audit
     * lines of this request then name the caller's session. Every REST endpoint starts here.
     */
    static Principal caller(Authenticator authenticator, ServerRequest req) {
        return authenticated(authenticator, req).principal();
    }

    /** As {@link #caller}, with the token the caller came with (for log-out). */
    static Authenticator.Caller authenticated(Authenticator authenticator, ServerRequest req) {
        return caller(
                authenticator,
                req,
                req.headers().first(HeaderNames.AUTHORIZATION).orElse(null));
    }

    /**
     * As {@link #caller(Authenticator, ServerRequest)} with the credential given as an
     * {@code authorization} value ("Bearer …") taken from wherever the route reads it (the media
     * routes also read it from their cookie); the caller with its credential.
     */
    static Authenticator.Caller caller(Authenticator authenticator, ServerRequest req, String authorization) {
        Authenticator.Caller caller = authenticator.authenticate(
                authorization, req.prologue().method().text() + " " + req.path().path());
        CallInfo call = CURRENT.get();
        if (call != null) {
            CURRENT.set(call.withSession(caller.credential().tokenId()));
        }
        return caller;
    }

    /** Marks the request this thread serves as reading {@code length} bytes from {@code offset} (for the audit line). */
    static void markByteRange(long offset, long length) {
        CallInfo call = CURRENT.get();
        if (call != null) {
            CURRENT.set(call.withByteRange(offset, length));
        }
    }

    /** The HTTP request this thread serves, as the audit log names it; {@link CallInfo#NONE} outside one. */
    public static CallInfo callInfo() {
        CallInfo c = CURRENT.get();
        return c == null ? CallInfo.NONE : c;
    }

    private static final io.helidon.http.HeaderName REQUEST_ID = HeaderNames.create("X-Request-Id");

    private static String requestId(String given) {
        if (given != null && SAFE_REQUEST_ID.matcher(given).matches()) {
            return given;
        }
        return "h-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    private static String address(SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            return (i.getAddress() == null ? i.getHostString() : i.getAddress().getHostAddress()) + ":" + i.getPort();
        }
        return a == null ? "" : a.toString();
    }

    static void error(ServerResponse res, GatewayException e) {
        ObjectNode body =
                JSON.createObjectNode().put("reason", e.reason().name()).put("message", e.getMessage());
        res.status(Status.create(HttpErrors.statusOf(e)))
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .send(body.toString());
    }

    static void sendJson(ServerResponse res, JsonNode node) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json").send(node.toString());
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
