package gateway.server.catalog;

import gateway.index.CatalogIndex;
import gateway.index.SearchRequest;
import gateway.index.SearchResult;
import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.server.auth.Action;
import gateway.server.auth.Authoriser;
import gateway.server.auth.Principal;
import gateway.server.metrics.Metrics;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The catalogue as the services see it (gRPC and REST alike): searches only the projects the
 * caller may read, and finds assets by id with the project taken from the server's own manifest.
 */
public final class Catalogue {
    /** Manifests kept for lookups by id (every Fetch, Watch and GetAsset makes one): a few MB at most. */
    private static final int MANIFESTS_HELD = 4096;

    private final CatalogIndex index;
    private final ManifestCache manifests;
    private final Authoriser authoriser;
    private final Metrics.Histogram searchLatency;
    private final Optional<UsageFeed> usage;

    public Catalogue(CatalogIndex index, ManifestStore store, Authoriser authoriser, Metrics metrics) {
        this(index, store, authoriser, metrics, null);
    }

    /** A catalogue whose conforms feed the "used in" index through {@code usage} (null: they do not). */
    public Catalogue(CatalogIndex index, ManifestStore store, Authoriser authoriser, Metrics metrics, UsageFeed usage) {
        this.usage = Optional.ofNullable(usage);
        this.index = index;
        this.manifests = new ManifestCache(store, MANIFESTS_HELD);
        this.authoriser = authoriser;
        this.searchLatency = metrics.histogram("gateway_search_latency_seconds", "Catalogue search latency");
    }

    public SearchResult search(
            Principal who, String query, List<String> projects, int pageSize, String pageToken, List<String> facets) {
        Set<ProjectId> readable = readable(who, projects);
        long start = System.nanoTime();
        try {
            if (readable.isEmpty()) {
                return new SearchResult(0, List.of(), java.util.Map.of(), null);
            }
            return index.search(new SearchRequest(
                    query,
                    readable,
                    pageSize <= 0 ? 20 : Math.min(pageSize, 500),
                    pageToken == null || pageToken.isEmpty() ? null : pageToken,
                    facets));
        } finally {
            searchLatency.observeNanos(System.nanoTime() - start);
        }
    }

    /**
     * Completions of {@code prefix} (clip names, reels, tags) from the projects the caller may read
     * (all of them, or those named, each checked); at most {@code max}, capped at 50.
     */
    public List<String> suggest(Principal who, String prefix, List<String> projects, int max) {
        Set<ProjectId> readable = readable(who, projects);
        if (prefix == null || prefix.isBlank() || readable.isEmpty()) {
            return List.of();
        }
        return index.suggest(prefix, readable, max <= 0 ? 10 : Math.min(max, 50));
    }

    /** The caller's readable projects, or the named ones once each is authorised (a refusal is audited). */
    private Set<ProjectId> readable(Principal who, List<String> projects) {
        Set<ProjectId> readable = new LinkedHashSet<>();
        if (projects.isEmpty()) {
            readable.addAll(who.readable());
        } else {
            for (String p : projects) {
                ProjectId id = new ProjectId(p);
                authoriser.requireOnProject(who, Action.READ, id);
                readable.add(id);
            }
        }
        return readable;
    }

    /** The asset's manifest, when the caller may do {@code action} on its project; NOT_FOUND otherwise. */
    public Manifest asset(Principal who, String assetId, Action action) {
        if (!AssetId.isValid(assetId)) {
            throw GatewayException.notFound("no asset " + assetId);
        }
        Manifest m = manifests
                .find(new AssetId(assetId))
                .orElseThrow(() -> GatewayException.notFound("no asset " + assetId));
        authoriser.requireOnAsset(who, action, m.project(), assetId);
        return m;
    }

    /** Where conformed sequences are recorded for the "used in" index; empty when this catalogue has none. */
    public Optional<UsageFeed> usage() {
        return usage;
    }

    public List<ProjectId> projects(Principal who) {
        return who.readable().stream()
                .sorted((a, b) -> a.value().compareTo(b.value()))
                .toList();
    }

    /** How many assets the catalogue holds for the project (a count from the index, not a read of every manifest). */
    public long assetCount(ProjectId project) {
        return index.search(new SearchRequest("", Set.of(project), 1, null, List.of()))
                .total();
    }
}
