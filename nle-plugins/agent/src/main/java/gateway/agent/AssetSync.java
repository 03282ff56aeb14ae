package gateway.agent;

import gateway.client.AssetSummary;
import gateway.client.GatewayClient;
import gateway.client.SearchQuery;
import gateway.client.SearchResult;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.PrintStream;

/**
 * Brings every asset of a search that has the wanted rendition into the cache, one at a time,
 * printing a line per asset. One asset failing does not stop the others; losing the login does.
 */
final class AssetSync {
    private static final int PAGE_SIZE = 100;

    /** How a sync went: counts of assets by what happened to them. */
    record Summary(int fetched, int alreadyCached, int skipped, int failed) {
        @Override
        public String toString() {
            return fetched + " fetched, " + alreadyCached + " already cached, " + skipped + " without the rendition, "
                    + failed + " failed";
        }
    }

    private final ProxyFetcher fetcher;
    private final PrintStream progress;

    AssetSync(ProxyFetcher fetcher, PrintStream progress) {
        this.fetcher = fetcher;
        this.progress = progress;
    }

    Summary run(GatewayClient client, ProjectId project, String query, String profile) {
        int fetched = 0, cached = 0, skipped = 0, failed = 0, seen = 0;
        SearchQuery page = SearchQuery.of(query, project.value(), PAGE_SIZE);
        while (true) {
            SearchResult result = client.search(page);
            for (AssetSummary hit : result.hits()) {
                seen++;
                String at = "[" + seen + "/" + result.totalHits() + "] ";
                if (!hit.profiles().contains(profile)) {
                    skipped++;
                    progress.println(at + "skipped " + hit.name() + ": no '" + profile + "' rendition yet");
                    continue;
                }
                try {
                    ProxyFetcher.Outcome outcome = fetcher.fetch(client, hit.assetId(), profile);
                    if (outcome.alreadyCached()) {
                        cached++;
                        progress.println(at + "cached  " + hit.name() + " -> " + outcome.path());
                    } else {
                        fetched++;
                        progress.println(at + "fetched " + hit.name() + " -> " + outcome.path() + " ("
                                + new ByteSize(outcome.entry().sizeBytes()) + ")");
                    }
                } catch (GatewayException e) {
                    if (e.reason() == Reason.UNAUTHENTICATED || e.reason() == Reason.PERMISSION_DENIED) {
                        throw e;
                    }
                    failed++;
                    progress.println(at + "FAILED  " + hit.name() + ": " + e.getMessage());
                }
            }
            if (!result.hasNextPage() || result.hits().isEmpty()) {
                return new Summary(fetched, cached, skipped, failed);
            }
            page = page.nextPage(result.nextPageToken());
        }
    }
}
