package gateway.index;

import gateway.model.asset.AssetId;
import gateway.model.asset.ProjectId;
import java.util.List;

/**
 * Where the "used in" field comes from: the names of the sequences (conformed or uploaded edits)
 * that use an asset. The media server gives the usage records on the store; an index without them
 * answers that nothing is used.
 */
@FunctionalInterface
public interface AssetUsage {
    AssetUsage NONE = (project, asset) -> List.of();

    /** The sequences of {@code project} that use {@code asset}; empty when none does. */
    List<String> sequencesUsing(ProjectId project, AssetId asset);
}
