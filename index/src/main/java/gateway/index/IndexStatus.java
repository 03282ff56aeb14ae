package gateway.index;

import gateway.model.asset.ProjectId;
import java.util.List;

/**
 * What {@link CatalogIndex#open} found: the project indexes that opened as they were, and those it
 * had to repair.
 */
public record IndexStatus(List<ProjectId> opened, List<Repair> repaired) {

    /**
     * A project index that was missing or damaged. {@code rebuilt} when it was rebuilt from the
     * manifests ({@code assets} of them); otherwise it was reset to empty and needs a reindex.
     */
    public record Repair(ProjectId project, String problem, boolean rebuilt, long assets) {}

    public IndexStatus {
        opened = List.copyOf(opened);
        repaired = List.copyOf(repaired);
    }

    public boolean healthy() {
        return repaired.isEmpty();
    }
}
