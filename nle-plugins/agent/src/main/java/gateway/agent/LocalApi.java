package gateway.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import gateway.client.GatewayClient;
import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's HTTP API for NLE panels, on 127.0.0.1 only, for callers that present the token of
 * the discovery file (API.md is the contract). JSON in and out:
 *
 * <ul>
 *   <li>{@code GET /v1/health} → {@code {"ok": true}}
 *   <li>{@code GET /v1/status}, {@code GET /v1/search}, {@code GET /v1/assets/{id}} and its
 *       {@code /poster}: see {@link CatalogueApi} (online through the SDK, offline from the cache)
 *   <li>{@code GET /v1/assets/{id}/path[?profile=edit]} → {@code {asset_id, profile, path, cached, size_bytes}}:
 *       the stable path, also before the asset is cached (then asked of the server)
 *   <li>{@code POST /v1/fetch} with {@code {"asset_id": "...", "profile": "edit"}} → the same shape once the
 *       rendition is cached (synchronous: the response comes when the file is complete)
 *   <li>{@code GET /v1/cache} → {@code {root, total_bytes, max_cache_bytes, pinned_projects, entries}}
 * </ul>
 *
 * Failures are {@code {"error": {"reason": "NOT_FOUND", "message": "..."}}} with an HTTP status
 * chosen by reason in one place. Because a web page in the editor's browser can also reach
 * 127.0.0.1, requests whose Host is not this loopback address are refused (DNS rebinding) and a
 * POST must be {@code application/json} (which a page cannot send across origins without a CORS
 * preflight this server never grants).
 */
public final class LocalApi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ASSET_PATH = Pattern.compile("/v1/assets/([^/]+)/path");
    private static final Pattern ASSET = Pattern.compile("/v1/assets/([^/]+)");
    private static final Pattern POSTER = Pattern.compile("/v1/assets/([^/]+)/poster");
    private static final Pattern PLAN_PIN = Pattern.compile("/v1/plans/([^/]+)/pin");
    private static final Pattern CONFORM = Pattern.compile("/v1/conforms/([^/]+)");
    private static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final String BEARER = "Bearer ";

    private final HttpServer server;
    private final ExecutorService executor;
    private final ApiToken token;
    private final ProxyFetcher fetcher;
    private final Supplier<GatewayClient> clients;
    private final CatalogueApi catalogue;
    private final long maxCacheBytes;
    private final PlanApi plans;
    private final ConformApi conforms;

    private LocalApi(
            HttpServer server,
            ExecutorService executor,
            ApiToken token,
            ProxyFetcher fetcher,
            ClientSource clients,
            ConnectionState connection,
            long maxCacheBytes) {
        this.server = server;
        this.executor = executor;
        this.token = token;
        this.fetcher = fetcher;
        this.clients = clients::open;
        this.catalogue = new CatalogueApi(clients, fetcher.cache(), connection, maxCacheBytes);
        this.maxCacheBytes = maxCacheBytes;
        this.plans = new PlanApi(clients, fetcher);
        this.conforms = new ConformApi(clients);
    }

    /** The conforms' events (API.md {@code conform.*}), for the events hub. */
    ConformApi conforms() {
        return conforms;
    }

    /** A JSON answer sent with 202 Accepted. */
    private record Accepted(JsonNode body) {}

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
        if (port < 0 || port > 65_535) {
            throw GatewayException.invalid("--port " + port + " is not 0-65535");
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw GatewayException.io("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        LocalApi api = new LocalApi(server, executor, token, fetcher, clients, connection, maxCacheBytes);
        server.createContext("/v1/", api::handle);
        server.setExecutor(executor);
        server.start();
        return api;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        conforms.close();
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            int status = 200;
            Object body;
            try {
                body = route(exchange);
                if (body instanceof Accepted a) {
                    status = 202;
                    body = a.body();
                }
            } catch (GatewayException e) {
                status = e instanceof MethodNotAllowed ? 405 : statusOf(e.reason());
                body = error(e.reason().name(), e.getMessage());
            } catch (RuntimeException e) {
                status = 500;
                body = error(Reason.INTERNAL.name(), "the agent failed: " + e);
            }
            boolean jpeg = body instanceof byte[];
            byte[] bytes = jpeg ? (byte[]) body : JSON.writeValueAsBytes(body);
            exchange.getResponseHeaders().set("Content-Type", jpeg ? "image/jpeg" : "application/json; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** A JSON answer, or a JPEG's bytes. */
    private Object route(HttpExchange exchange) throws IOException {
        requireLoopbackPeer(exchange);
        requireLocalHost(exchange);
        requireToken(exchange);
        URI uri = exchange.getRequestURI();
        String path = uri.getPath();
        String method = exchange.getRequestMethod();
        Matcher asset = ASSET_PATH.matcher(path);
        Matcher described = ASSET.matcher(path);
        Matcher poster = POSTER.matcher(path);
        if (path.equals("/v1/health")) {
            requireMethod(method, "GET");
            return JSON.createObjectNode().put("ok", true);
        }
        if (path.equals("/v1/status")) {
            requireMethod(method, "GET");
            return catalogue.status(port());
        }
        if (path.equals("/v1/search")) {
            requireMethod(method, "GET");
            return catalogue.search(
                    queryParameter(uri, "q").orElse(""),
                    queryParameter(uri, "project").map(ProjectId::new).orElse(null),
                    queryParameter(uri, "limit").map(LocalApi::wholeNumber).orElse(50));
        }
        if (described.matches()) {
            requireMethod(method, "GET");
            return catalogue.asset(new AssetId(described.group(1)));
        }
        if (poster.matches()) {
            requireMethod(method, "GET");
            return catalogue.poster(new AssetId(poster.group(1)));
        }
        if (asset.matches()) {
            requireMethod(method, "GET");
            return pathOf(
                    new AssetId(asset.group(1)), queryParameter(uri, "profile").orElse(StableName.EDIT_PROFILE));
        }
        if (path.equals("/v1/fetch")) {
            requireMethod(method, "POST");
            JsonNode request = jsonBody(exchange);
            String profile = request.path("profile").asText(StableName.EDIT_PROFILE);
            return fetch(new AssetId(request.path("asset_id").asText("")), profile);
        }
        if (path.equals("/v1/plan")) {
            requireMethod(method, "POST");
            return plans.plan(jsonBody(exchange));
        }
        Matcher pin = PLAN_PIN.matcher(path);
        if (pin.matches()) {
            requireMethod(method, method.equals("DELETE") ? "DELETE" : "POST");
            return plans.pin(pin.group(1), method.equals("POST"));
        }
        if (path.equals("/v1/conform")) {
            requireMethod(method, "POST");
            return new Accepted(conforms.start(jsonBody(exchange)));
        }
        Matcher conform = CONFORM.matcher(path);
        if (conform.matches()) {
            requireMethod(method, "GET");
            return conforms.status(conform.group(1));
        }
        if (path.equals("/v1/cache")) {
            requireMethod(method, "GET");
            return cache();
        }
        throw GatewayException.notFound("no such endpoint: " + method + " " + path);
    }

    private JsonNode pathOf(AssetId id, String profile) {
        Optional<CacheEntry> cached = fetcher.cache().use(id, profile);
        if (cached.isPresent()) {
            return describe(cached.get(), true);
        }
        try (GatewayClient client = clients.get()) {
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
        try (GatewayClient client = clients.get()) {
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

    private void requireLocalHost(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        Set<String> allowed = Set.of("127.0.0.1:" + port(), "localhost:" + port());
        if (host == null || !allowed.contains(host.toLowerCase(Locale.ROOT))) {
            throw new GatewayException(
                    Reason.PERMISSION_DENIED, "Host '" + host + "' is not this agent; use http://127.0.0.1:" + port());
        }
    }

    private static void requireLoopbackPeer(HttpExchange exchange) {
        InetAddress peer = exchange.getRemoteAddress().getAddress();
        if (!peer.isLoopbackAddress()) {
            throw new GatewayException(Reason.PERMISSION_DENIED, "peer " + peer.getHostAddress() + " is not loopback");
        }
    }

    /** {@code Authorization: Bearer <token>}; the WebSocket may carry it as {@code access_token} instead. */
    private void requireToken(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        String presented = header != null && header.startsWith(BEARER) ? header.substring(BEARER.length()) : null;
        if (presented == null && exchange.getRequestURI().getPath().equals("/v1/events")) {
            presented = queryParameter(exchange.getRequestURI(), "access_token").orElse(null);
        }
        if (!token.matches(presented)) {
            throw new GatewayException(
                    Reason.UNAUTHENTICATED,
                    (presented == null ? "no" : "a wrong") + " agent token: send 'Authorization: Bearer <token>' with"
                            + " the token of the discovery file agent.json");
        }
    }

    private static int wholeNumber(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw GatewayException.invalid("'" + text + "' is not a whole number");
        }
    }

    private static void requireMethod(String method, String expected) {
        if (!method.equals(expected)) {
            throw new MethodNotAllowed(method + " is not allowed here; use " + expected);
        }
    }

    /** The one refusal without a reason of its own: answered 405. */
    private static final class MethodNotAllowed extends GatewayException {
        private static final long serialVersionUID = 1L;

        MethodNotAllowed(String message) {
            super(Reason.INVALID_ARGUMENT, message);
        }
    }

    private static JsonNode jsonBody(HttpExchange exchange) throws IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new GatewayException(Reason.UNSUPPORTED, "the body must be application/json, not " + type);
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new GatewayException(Reason.RESOURCE_LIMIT, "the body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || !n.isObject()) {
                throw new GatewayException(Reason.PARSE_ERROR, "the body must be a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new GatewayException(Reason.PARSE_ERROR, "the body is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Optional<String> queryParameter(URI uri, String name) {
        String query = uri.getQuery();
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return Optional.of(URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    private static ObjectNode error(String reason, String message) {
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
            case UNSUPPORTED -> 415;
            case CORRUPT -> 502;
            case UNAVAILABLE, CANCELLED -> 503;
            case TIMEOUT -> 504;
            case IO, INTERNAL -> 500;
        };
    }
}
