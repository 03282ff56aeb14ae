package gateway.server.catalog;

import gateway.index.CatalogIndex;
import gateway.model.asset.AssetId;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.ProjectId;
import gateway.model.asset.SequenceUse;
import gateway.model.asset.UsageStore;
import gateway.relink.link.EventLink;
import gateway.relink.link.LinkResult;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Feeds the reverse "used in" index: a conformed (or uploaded) sequence is recorded on the store
 * with the assets its events were linked to, then those assets are re-indexed here and announced
 * to the other nodes ({@code announce(project, asset)}), which re-read the record and re-index too.
 */
public final class UsageFeed {
    /** The change-feed prefix that tells a node to re-read a project's usage before re-indexing the asset. */
    public static final String CHANGE_PREFIX = "usage/";

    private final UsageStore usage;
    private final ManifestStore store;
    private final CatalogIndex index;
    private final BiConsumer<ProjectId, AssetId> announce;
    private final Clock clock;

    public UsageFeed(
            UsageStore usage,
            ManifestStore store,
            CatalogIndex index,
            BiConsumer<ProjectId, AssetId> announce,
            Clock clock) {
        this.usage = usage;
        this.store = store;
        this.index = index;
        this.announce = announce;
        this.clock = clock;
    }

    /**
     * Records that {@code sequence} of {@code project} uses the assets its linked events chose;
     * returns how many assets' "used in" changed (those that joined or left the sequence).
     */
    public int record(ProjectId project, String sequence, String source, LinkResult linked) {
        Set<AssetId> changed =
                usage.record(new SequenceUse(project, sequence, source, clock.instant(), eventsPerAsset(linked)));
        for (AssetId asset : changed) {
            store.read(project, asset).ifPresent(index::upsert);
        }
        index.commit();
        index.refresh();
        changed.forEach(asset -> announce.accept(project, asset));
        return changed.size();
    }

    /** The names of the sequences of {@code project} that use {@code asset}, as recorded; empty when none. */
    public List<String> sequencesUsing(ProjectId project, AssetId asset) {
        return usage.sequencesUsing(project, asset);
    }

    /** How many events of the edit use each asset an event was linked to. */
    static Map<AssetId, Integer> eventsPerAsset(LinkResult linked) {
        Map<AssetId, Integer> events = new HashMap<>();
        for (EventLink e : linked.events()) {
            if (e.asset() != null && AssetId.isValid(e.asset().assetId())) {
                events.merge(new AssetId(e.asset().assetId()), 1, Integer::sum);
            }
        }
        return events;
    }

    /** The name a conformed sequence is known by: the edit's own title, else its file name without extension. */
    public static String sequenceName(LinkResult linked, String fileName) {
        String title = linked.timeline().name();
        if (title != null && !title.isBlank()) {
            return title.strip();
        }
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
