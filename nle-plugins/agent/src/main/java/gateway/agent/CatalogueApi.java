package gateway.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.client.AssetSummary;
import gateway.client.GatewayClient;
import gateway.client.SearchResult;
import gateway.client.Thumbnail;
import gateway.model.asset.AssetId;
import gateway.model.asset.DurableFiles;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code /v1/status}, {@code /v1/search}, {@code /v1/assets/{id}} and its poster: online through
 * the SDK (remembering what the gateway said in the {@link CatalogueCache}), offline from that
 * cache. Each call reports to the {@link ConnectionState}.
 */
final class CatalogueApi {
    static final String VERSION = "1";
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String POSTERS = ".posters";

    private final ClientSource clients;
    private final ProxyCache cache;
    private final CatalogueCache catalogue;
    private final ConnectionState connection;
    private final long maxCacheBytes;

    CatalogueApi(ClientSource clients, ProxyCache cache, ConnectionState connection, long maxCacheBytes) {
        this.clients = clients;
        this.cache = cache;
        this.catalogue = new CatalogueCache(cache.root());
        this.connection = connection;
        this.maxCacheBytes = maxCacheBytes;
    }

    ObjectNode status(int port) {
        Optional<StoredSession> session = clients.session();
        if (session.isPresent()) {
            probe();
        }
        ObjectNode n = JSON.createObjectNode();
        n.putObject("agent").put("version", VERSION).put("port", port);
        ConnectionState.Snapshot now = connection.current();
        ServerAddress server = clients.server();
        n.putObject("connection")
                .put("state", now.state().wire())
                .put("server", server == null ? null : server.toString())
                .put("since", now.since().toString());
        n.putObject("login")
                .put("logged_in", session.isPresent())
                .put("user", session.map(StoredSession::subject).orElse(null));
        n.putObject("cache")
                .put("root", cache.root().toString())
                .put(
                        "total_bytes",
                        cache.entries().stream()
                                .mapToLong(CacheEntry::sizeBytes)
                                .sum())
                .put("max_cache_bytes", maxCacheBytes);
        var rate = new LinkRate(cache.root()).bytesPerSecond();
        if (rate.isPresent()) {
            n.put("link_bytes_per_second", rate.getAsLong());
        } else {
            n.putNull("link_bytes_per_second");
        }
        return n;
    }

    ObjectNode search(String query, ProjectId project, int limit) {
        if (limit < 1 || limit > 1000) {
            throw GatewayException.invalid("limit " + limit + " is not 1-1000");
        }
        Optional<SearchResult> online = online(c -> c.search(query, project == null ? null : project.value(), limit));
        ObjectNode n = JSON.createObjectNode();
        ArrayNode hits = JSON.createArrayNode();
        if (online.isPresent()) {
            for (AssetSummary hit : online.get().hits()) {
                ObjectNode asset = AssetJson.of(hit);
                catalogue.put(asset);
                hits.add(AssetJson.withCached(asset, cache));
            }
            n.put("total", online.get().totalHits());
            n.put("offline", false);
        } else {
            List<JsonNode> found = catalogue.search(query, project, limit);
            found.forEach(a -> hits.add(AssetJson.withCached(a, cache)));
            n.put("total", found.size());
            n.put("offline", true);
        }
        n.set("hits", hits);
        return n;
    }

    ObjectNode asset(AssetId id) {
        Optional<ObjectNode> online = online(c -> AssetJson.of(c.getAsset(id.value())));
        online.ifPresent(catalogue::put);
        JsonNode asset = online.<JsonNode>map(a -> a)
                .or(() -> catalogue.get(id))
                .orElseThrow(() -> new GatewayException(
                        gateway.model.error.Reason.UNAVAILABLE,
                        "the gateway is unreachable and asset " + id + " was never seen by this agent"));
        return AssetJson.withCached(asset, cache);
    }

    /** The asset's poster (its middle thumbnail), kept in {@code <cache>/.posters/<id>.jpg} after the first time. */
    byte[] poster(AssetId id) {
        Path file = cache.root().resolve(POSTERS).resolve(id.value() + ".jpg");
        try {
            if (Files.exists(file)) {
                return Files.readAllBytes(file);
            }
        } catch (IOException e) {
            throw GatewayException.io("cannot read the cached poster " + file + ": " + e.getMessage(), e);
        }
        List<Thumbnail> thumbnails = online(c -> c.thumbnails(id.value()))
                .orElseThrow(() -> new GatewayException(
                        gateway.model.error.Reason.UNAVAILABLE,
                        "the gateway is unreachable and the poster of " + id + " is not cached"));
        if (thumbnails.isEmpty()) {
            throw GatewayException.notFound("asset " + id + " has no thumbnails yet");
        }
        byte[] jpeg = thumbnails.get(thumbnails.size() / 2).jpeg();
        DurableFiles.write(file, jpeg);
        return jpeg;
    }

    private void probe() {
        try {
            online(GatewayClient::listProjects);
        } catch (GatewayException e) {
            // The node answered (a refusal): the connection state has it; status still answers.
        }
    }

    /** The call's answer, or empty when the gateway cannot be reached (any other failure is thrown). */
    private <T> Optional<T> online(Function<GatewayClient, T> call) {
        try (GatewayClient client = clients.open()) {
            T answer = call.apply(client);
            connection.answered();
            return Optional.of(answer);
        } catch (GatewayException e) {
            if (connection.failed(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
