package gateway.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.client.GatewayClient;
import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.websocket.WsRouting;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's API for NLE panels (API.md is the contract), HTTP and the {@code /v1/events}
 * WebSocket on one port of 127.0.0.1, served by Helidon WebServer, for callers that present the
 * token of the discovery file.
 *
 * <p>Every request passes the same checks first: a loopback peer, a {@code Host} naming this
 * agent (DNS rebinding), the token; then the route table decides. <b>Adding a route</b> is one line
 * in {@link #routes}: {@code route("POST", "/v1/plan", plans::plan);} with a path regular expression
 * (its groups are {@link ApiRequest#pathGroup}) and a {@link Handler} that returns a
 * {@link JsonNode} (200) or a {@link Reply}, and throws {@link GatewayException} for failures.
 * A path that matches with another method is answered 405; {@code OPTIONS} is always 405 and no
 * CORS header is ever sent, so a web page cannot call the API across origins.
 *
 * <p>Failures are {@code {"error": {"reason": "NOT_FOUND", "message": "..."}}} with an HTTP status
 * chosen by reason in one place ({@link #statusOf}).
 */
public final class LocalApi implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LocalApi.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BEARER = "Bearer ";
    static final String EVENTS_PATH = "/v1/events";

    /** A route's work: the request in, a {@link JsonNode} (200) or a {@link Reply} out. */
    @FunctionalInterface
    interface Handler {
        Object handle(ApiRequest request);
    }

    private record Route(String method, Pattern path, Handler handler) {}

    private final List<Route> table = new ArrayList<>();
    private final ApiToken token;
    private final ProxyFetcher fetcher;
    private final ClientSource clients;
    private final ConnectionState connection;
    private final CatalogueApi catalogue;
    private final EventHub events;
    private final DownloadJobs jobs;
    private final MediaApi media;
    private final PlanApi plans;
    private final ConformApi conforms;
    private final long maxCacheBytes;
    private volatile WebServer server;
    private volatile int port;

    private LocalApi(
            ApiToken token,
            ProxyFetcher fetcher,
            ClientSource clients,
            ConnectionState connection,
            long maxCacheBytes,
            Clock clock) {
        this.token = token;
        this.fetcher = fetcher;
        this.clients = clients;
        this.connection = connection;
        this.maxCacheBytes = maxCacheBytes;
        this.catalogue = new CatalogueApi(clients, fetcher.cache(), connection, maxCacheBytes);
        this.events = new EventHub(this::checkUpgrade, connection, clients::server);
        this.jobs = new DownloadJobs(fetcher, clients, connection, events);
        this.plans = new PlanApi(clients, fetcher);
        this.conforms = new ConformApi(clients);
        conforms.subscribe(events::publish);
        this.media = new MediaApi(fetcher, clients, connection, jobs);
        routes();
    }

    /** The conforms this API runs (tests and the events hub subscribe to them). */
    ConformApi conforms() {
        return conforms;
    }

    /** The route table: one line per endpoint (see the class comment). */
    private void routes() {
        route("GET", "/v1/health", r -> JSON.createObjectNode().put("ok", true));
        route("GET", "/v1/status", r -> catalogue.status(port()));
        route(
                "GET",
                "/v1/search",
                r -> catalogue.search(
                        r.query("q").orElse(""),
                        r.query("project").map(ProjectId::new).orElse(null),
                        r.query("limit").map(ApiRequest::wholeNumber).orElse(50)));
        route("GET", "/v1/assets/([^/]+)", r -> catalogue.asset(new AssetId(r.pathGroup(1))));
        route(
                "GET",
                "/v1/assets/([^/]+)/poster",
                r -> Reply.bytes(200, "image/jpeg", catalogue.poster(new AssetId(r.pathGroup(1)))));
        route("GET", "/v1/assets/([^/]+)/media", media::serve);
        route(
                "GET",
                "/v1/assets/([^/]+)/path",
                r -> pathOf(new AssetId(r.pathGroup(1)), r.query("profile").orElse(StableName.EDIT_PROFILE)));
        route("POST", "/v1/fetch", r -> {
            JsonNode body = r.json();
            return fetch(
                    new AssetId(body.path("asset_id").asText("")),
                    body.path("profile").asText(StableName.EDIT_PROFILE));
        });
        route("GET", "/v1/cache", r -> cache());
        route("POST", "/v1/local", jobs::start);
        route("GET", "/v1/jobs/([^/]+)", r -> jobs.describe(r.pathGroup(1)));
        route("POST", "/v1/plan", r -> plans.plan(r.json()));
        route("POST", "/v1/plans/([^/]+)/pin", r -> plans.pin(r.pathGroup(1), true));
        route("DELETE", "/v1/plans/([^/]+)/pin", r -> plans.pin(r.pathGroup(1), false));
        route("POST", "/v1/conform", r -> Reply.json(202, conforms.start(r.json())));
        route("GET", "/v1/conforms/([^/]+)", r -> conforms.status(r.pathGroup(1)));
        // Reached only when a request is not a WebSocket upgrade (or the upgrade was refused).
        route("GET", EVENTS_PATH, r -> {
            throw GatewayException.invalid(EVENTS_PATH + " is a WebSocket: send 'Upgrade: websocket'");
        });
    }

    /** Adds an endpoint: {@code method} and a regular expression for the whole path. */
    void route(String method, String pathRegex, Handler handler) {
        table.add(new Route(method, Pattern.compile(pathRegex), handler));
    }

    /**
     * Starts serving on 127.0.0.1:{@code port} (0 for any free port) to callers that present
     * {@code token}; {@code clients} opens one client per call to the gateway.
     */
    static LocalApi start(
            int port,
            ApiToken token,
            ProxyFetcher fetcher,
            ClientSource clients,
            ConnectionState connection,
            long maxCacheBytes) {
        return start(port, token, fetcher, clients, connection, maxCacheBytes, Clock.systemUTC());
    }

    static LocalApi start(
            int port,
            ApiToken token,
            ProxyFetcher fetcher,
            ClientSource clients,
            ConnectionState connection,
            long maxCacheBytes,
            Clock clock) {
        if (port < 0 || port > 65_535) {
            throw GatewayException.invalid("--port " + port + " is not 0-65535");
        }
        LocalApi api = new LocalApi(token, fetcher, clients, connection, maxCacheBytes, clock);
        clients.onRefresh(connection::relogging);
        try {
            api.server = WebServer.builder()
                    .host(InetAddress.getLoopbackAddress().getHostAddress())
                    .port(port)
                    // blocking sockets: Helidon 4.4.0's NIO sockets drop the tail of a partial write
                    // (a proxy served to a slow reader arrives short; see GatewayNode)
                    .useNio(false)
                    .routing(HttpRouting.builder().any(api::handle))
                    .addRouting(WsRouting.builder().endpoint(EVENTS_PATH, api.events))
                    .build()
                    .start();
        } catch (UncheckedIOException | IllegalStateException e) {
            throw GatewayException.io("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        api.port = api.server.port();
        return api;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        jobs.close();
        conforms.close();
        events.close();
        if (server != null) {
            server.stop();
        }
    }

    private void handle(ServerRequest req, ServerResponse res) {
        Reply reply;
        try {
            reply = answer(req);
        } catch (GatewayException e) {
            int status = e instanceof MethodNotAllowed ? 405 : statusOf(e.reason());
            reply = Reply.json(status, error(e.reason().name(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "the agent failed on " + req.path().path(),
                    e);
            reply = Reply.json(500, error(Reason.INTERNAL.name(), "the agent failed: " + e));
        }
        res.status(Status.create(reply.status()));
        res.header(HeaderNames.CONTENT_TYPE, reply.contentType());
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        if (req.headers()
                .first(HeaderNames.CONNECTION)
                .map(v -> v.equalsIgnoreCase("close"))
                .orElse(false)) {
            res.header(HeaderValues.CONNECTION_CLOSE); // the caller reads to the end of the stream
        }
        reply.headers().forEach((name, value) -> res.header(name, value));
        if (reply.length() >= 0) {
            res.header(HeaderNames.CONTENT_LENGTH, Long.toString(reply.length()));
        }
        try (OutputStream out = res.outputStream()) {
            reply.body().writeTo(out);
        } catch (IOException | UncheckedIOException e) {
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "the caller left during " + req.path().path() + ": " + e.getMessage());
        } catch (GatewayException e) {
            // After the first byte the status is sent: all that is left is to cut the answer short.
            LOG.log(System.Logger.Level.WARNING, req.path().path() + " stopped part-way: " + e.getMessage());
        }
    }

    private Reply answer(ServerRequest req) {
        requireLoopbackPeer(req.remotePeer().address());
        String host = req.headers().first(HeaderNames.HOST).orElse(null);
        requireLocalHost(host);
        String path = req.path().path();
        String presented = bearer(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null));
        if (presented == null && path.equals(EVENTS_PATH)) {
            presented = req.query().first("access_token").orElse(null);
        }
        requireToken(presented);
        String method = req.prologue().method().text();
        Optional<Route> found = Optional.empty();
        List<String> allowed = new ArrayList<>();
        Matcher matched = null;
        for (Route route : table) {
            Matcher m = route.path().matcher(path);
            if (m.matches()) {
                allowed.add(route.method());
                if (route.method().equals(method)) {
                    found = Optional.of(route);
                    matched = m;
                    break;
                }
            }
        }
        if (found.isEmpty()) {
            if (allowed.isEmpty() && !method.equals("OPTIONS")) {
                throw GatewayException.notFound("no such endpoint: " + method + " " + path);
            }
            throw new MethodNotAllowed(method + " is not allowed on " + path
                    + (allowed.isEmpty() ? "" : "; use " + String.join(" or ", allowed)));
        }
        ApiRequest request = new ApiRequest(
                method,
                path,
                matched,
                name -> req.query().first(name).asOptional(),
                name -> req.headers().first(HeaderNames.create(name)),
                req.content().inputStream());
        Object answer = found.get().handler().handle(request);
        return answer instanceof Reply r ? r : Reply.json(200, (JsonNode) answer);
    }

    /** The checks of an HTTP request, for a WebSocket upgrade (whose peer the socket's listener checks). */
    private void checkUpgrade(String host, String authorization, String accessToken) {
        requireLocalHost(host);
        String presented = bearer(authorization);
        requireToken(presented != null ? presented : accessToken);
    }

    private JsonNode pathOf(AssetId id, String profile) {
        Optional<CacheEntry> cached = fetcher.cache().use(id, profile);
        if (cached.isPresent()) {
            return describe(cached.get(), true);
        }
        try (GatewayClient client = clients.open()) {
            Manifest manifest = client.getAsset(id.value());
            return JSON.createObjectNode()
                    .put("asset_id", id.value())
                    .put("project", manifest.project().value())
                    .put("profile", StableName.requireProfile(profile))
                    .put("path", fetcher.stablePath(manifest, profile).toString())
                    .put("cached", false);
        }
    }

    private JsonNode fetch(AssetId id, String profile) {
        Optional<CacheEntry> cached = fetcher.cache().use(id, profile);
        if (cached.isPresent()) {
            return describe(cached.get(), true);
        }
        try (GatewayClient client = clients.open()) {
            return describe(fetcher.fetch(client, id, profile).entry(), true);
        }
    }

    private JsonNode cache() {
        ProxyCache cache = fetcher.cache();
        ObjectNode n = JSON.createObjectNode();
        n.put("root", cache.root().toString());
        var entries = cache.entries();
        n.put("total_bytes", entries.stream().mapToLong(CacheEntry::sizeBytes).sum());
        n.put("max_cache_bytes", maxCacheBytes);
        ArrayNode pins = n.putArray("pinned_projects");
        cache.pinnedProjects().stream().sorted().forEach(pins::add);
        ArrayNode list = n.putArray("entries");
        entries.forEach(e -> list.add(describe(e, true)));
        return n;
    }

    private ObjectNode describe(CacheEntry e, boolean cached) {
        ObjectNode n = e.toJson();
        n.put("path", e.file(fetcher.cache().root()).toString());
        n.put("cached", cached);
        return n;
    }

    private void requireLocalHost(String host) {
        Set<String> allowed = Set.of("127.0.0.1:" + port(), "localhost:" + port());
        if (host == null || !allowed.contains(host.toLowerCase(Locale.ROOT))) {
            throw new GatewayException(
                    Reason.PERMISSION_DENIED, "Host '" + host + "' is not this agent; use http://127.0.0.1:" + port());
        }
    }

    static void requireLoopbackPeer(SocketAddress address) {
        InetAddress peer = address instanceof InetSocketAddress a ? a.getAddress() : null;
        if (peer == null || !peer.isLoopbackAddress()) {
            throw new GatewayException(
                    Reason.PERMISSION_DENIED,
                    "peer " + (peer == null ? address : peer.getHostAddress()) + " is not loopback");
        }
    }

    private static String bearer(String header) {
        return header != null && header.startsWith(BEARER) ? header.substring(BEARER.length()) : null;
    }

    /** {@code Authorization: Bearer <token>}; the WebSocket may carry it as {@code access_token} instead. */
    private void requireToken(String presented) {
        if (!token.matches(presented)) {
            throw new GatewayException(
                    Reason.UNAUTHENTICATED,
                    (presented == null ? "no" : "a wrong") + " agent token: send 'Authorization: Bearer <token>' with"
                            + " the token of the discovery file agent.json");
        }
    }

    /** The one refusal without a reason of its own: answered 405. */
    private static final class MethodNotAllowed extends GatewayException {
        private static final long serialVersionUID = 1L;

        MethodNotAllowed(String message) {
            super(Reason.INVALID_ARGUMENT, message);
        }
    }

    static ObjectNode error(String reason, String message) {
        ObjectNode n = JSON.createObjectNode();
        n.putObject("error").put("reason", reason).put("message", message);
        return n;
    }

    /** The one place a failure's reason becomes an HTTP status. */
    static int statusOf(Reason reason) {
        return switch (reason) {
            case INVALID_ARGUMENT, PARSE_ERROR, OUT_OF_RANGE -> 400;
            case UNAUTHENTICATED -> 401;
            case PERMISSION_DENIED -> 403;
            case NOT_FOUND -> 404;
            case ALREADY_EXISTS, FAILED_PRECONDITION -> 409;
            case RESOURCE_LIMIT -> 413;
            case STORAGE_FULL -> 507;
            case UNSUPPORTED -> 415;
            case CORRUPT -> 502;
            case UNAVAILABLE, CANCELLED -> 503;
            case TIMEOUT -> 504;
            case IO, INTERNAL -> 500;
        };
    }
}
