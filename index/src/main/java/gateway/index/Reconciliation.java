package gateway.index;

import gateway.model.asset.ProjectId;

/** What {@link CatalogIndex#reconcile} changed: entries (re)indexed from newer manifests, entries removed. */
public record Reconciliation(ProjectId project, long upserted, long removed) {}
