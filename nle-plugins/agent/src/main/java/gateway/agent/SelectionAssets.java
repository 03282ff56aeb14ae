package gateway.agent;

import gateway.client.AssetSummary;
import gateway.client.GatewayClient;
import gateway.client.SearchResult;
import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.RationalTime;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The assets a {@link Selection} stands for, as the gateway describes them (their manifests), in
 * order: asset ids as given; a query's hits in the catalogue's order (at most {@value #MAX_HITS});
 * a timeline's assets in the order of first use, each once.
 *
 * <p>A timeline's event is linked to an asset by the asset id when the edit carries it, else by
 * its reel (tape), else its source file name, else its clip name, searched in the project: of the
 * hits, the one whose timecode range holds the event's first source frame; a single hit without a
 * usable timecode is taken as it is. An event none of this links is listed as unlinked (the
 * conform report says why in detail), never guessed.
 */
final class SelectionAssets {
    static final int MAX_HITS = 1000;

    /** The assets in order, and the events of a timeline that could not be linked ("event 7 (reel A003 at ...)"). */
    record Resolved(List<Manifest> assets, List<String> unlinked, boolean truncated) {
        Resolved {
            assets = List.copyOf(assets);
            unlinked = List.copyOf(unlinked);
        }
    }

    private SelectionAssets() {}

    static Resolved resolve(GatewayClient client, Selection selection) {
        if (!selection.assetIds().isEmpty()) {
            Map<String, Manifest> found = new LinkedHashMap<>();
            for (AssetId id : selection.assetIds()) {
                found.computeIfAbsent(id.value(), client::getAsset);
            }
            return new Resolved(new ArrayList<>(found.values()), List.of(), false);
        }
        if (selection.query() != null) {
            SearchResult result =
                    client.search(selection.query(), selection.project().value(), MAX_HITS);
            List<Manifest> assets = new ArrayList<>();
            for (AssetSummary hit : result.hits()) {
                assets.add(client.getAsset(hit.assetId().value()));
            }
            return new Resolved(
                    assets, List.of(), result.totalHits() > result.hits().size());
        }
        return timeline(client, selection);
    }

    private static Resolved timeline(GatewayClient client, Selection selection) {
        List<TimelineUses.Use> uses = TimelineUses.read(selection.timeline(), selection.rateOrDefault());
        Map<String, Manifest> found = new LinkedHashMap<>();
        List<String> unlinked = new ArrayList<>();
        Map<String, List<AssetSummary>> searches = new HashMap<>();
        for (TimelineUses.Use use : uses) {
            Optional<String> id =
                    use.assetId() != null ? Optional.of(use.assetId()) : link(client, selection, use, searches);
            if (id.isEmpty()) {
                unlinked.add(use.describe());
                continue;
            }
            if (!found.containsKey(id.get())) {
                Manifest m = client.getAsset(id.get());
                if (!m.project().equals(selection.project())) {
                    throw new GatewayException(
                            Reason.FAILED_PRECONDITION,
                            selection.timeline() + " " + use.describe() + " names asset " + id.get() + " of project "
                                    + m.project() + ", not " + selection.project());
                }
                found.put(id.get(), m);
            }
        }
        return new Resolved(new ArrayList<>(found.values()), unlinked, false);
    }

    private static Optional<String> link(
            GatewayClient client, Selection selection, TimelineUses.Use use, Map<String, List<AssetSummary>> searches) {
        String query;
        String key;
        if (use.reel() != null) {
            query = "reel:\"" + use.reel().replace("\"", "") + "\"";
            key = use.reel();
        } else {
            String name = use.sourceFile() != null ? use.sourceFile() : use.clipName();
            if (name == null || name.isBlank()) {
                return Optional.empty();
            }
            int dot = name.lastIndexOf('.');
            key = dot > 0 ? name.substring(0, dot) : name;
            query = "name:\"" + key.replace("\"", "") + "\"";
        }
        List<AssetSummary> hits = searches.computeIfAbsent(
                query, q -> client.search(q, selection.project().value(), 50).hits());
        List<AssetSummary> named = hits.stream()
                .filter(h -> use.reel() != null
                        ? key.equalsIgnoreCase(h.reel())
                        : h.name().toLowerCase(Locale.ROOT).startsWith(key.toLowerCase(Locale.ROOT)))
                .toList();
        List<AssetSummary> holding =
                named.stream().filter(h -> holds(h, use.sourceStart())).toList();
        if (holding.size() == 1) {
            return Optional.of(holding.get(0).assetId().value());
        }
        if (holding.isEmpty() && named.size() == 1 && named.get(0).startTimecode() == null) {
            return Optional.of(named.get(0).assetId().value());
        }
        return Optional.empty();
    }

    /** True when the asset's timecode range holds {@code frame} (compared at the asset's rate). */
    private static boolean holds(AssetSummary hit, RationalTime frame) {
        if (hit.startTimecode() == null) {
            return false;
        }
        long start = hit.startTimecode().toFrames();
        long at = frame.rescaledTo(hit.frameRate(), RoundingMode.HALF_UP).value();
        return at >= start && at < start + hit.durationFrames();
    }
}
