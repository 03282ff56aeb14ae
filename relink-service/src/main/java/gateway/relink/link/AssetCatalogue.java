package gateway.relink.link;

import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.asset.ProjectId;
import java.util.List;
import java.util.Optional;

/**
 * The lookups the linker needs, per project. The gateway's implementation is the Lucene catalogue
 * ({@link IndexAssetCatalogue}); tests use an in-memory one. An unknown project has no assets.
 */
public interface AssetCatalogue {
    Optional<Manifest> byId(ProjectId project, AssetId id);

    /** Assets whose reel (tape) name is {@code reel}, exactly. */
    List<Manifest> byReel(ProjectId project, String reel);

    /** Assets whose clip name (file name without extension) is {@code name}. */
    List<Manifest> byClipName(ProjectId project, String name);

    /** Assets whose original file is called {@code fileName} (no folders). */
    List<Manifest> byFileName(ProjectId project, String fileName);
}
