package gateway.relink.link;

import gateway.index.CatalogIndex;
import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.asset.ProjectId;
import java.util.List;
import java.util.Optional;

/** The linker's catalogue backed by the gateway's Lucene index. */
public final class IndexAssetCatalogue implements AssetCatalogue {
    private final CatalogIndex index;

    public IndexAssetCatalogue(CatalogIndex index) {
        this.index = index;
    }

    @Override
    public Optional<Manifest> byId(ProjectId project, AssetId id) {
        return index.byId(project, id);
    }

    @Override
    public List<Manifest> byReel(ProjectId project, String reel) {
        return index.byReel(project, reel);
    }

    @Override
    public List<Manifest> byClipName(ProjectId project, String name) {
        return index.byClipName(project, name);
    }

    @Override
    public List<Manifest> byFileName(ProjectId project, String fileName) {
        return index.byFileName(project, fileName);
    }
}
