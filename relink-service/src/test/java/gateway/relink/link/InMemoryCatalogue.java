package gateway.relink.link;

import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.ProjectId;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** A catalogue of a few manifests held in a list: our own interface, no index needed. */
public final class InMemoryCatalogue implements AssetCatalogue {
    private final List<Manifest> manifests = new ArrayList<>();

    /** Adds an original at {@code path} with reel {@code reel}, starting at {@code start} for {@code frames}. */
    public Manifest add(String project, String path, String reel, FrameRate rate, String start, long frames) {
        Timecode tc = Timecode.parse(start, rate);
        MediaInfo media = new MediaInfo(path, "mov", rate, frames, tc, reel, null, List.of(), false, null, List.of());
        String file = path.substring(path.lastIndexOf('/') + 1);
        String name = file.contains(".") ? file.substring(0, file.lastIndexOf('.')) : file;
        Manifest m = new Manifest(
                Manifest.SCHEMA_VERSION,
                1,
                AssetId.random(),
                new ProjectId(project),
                name,
                path,
                media,
                null,
                List.of(),
                Map.of(),
                Instant.EPOCH);
        manifests.add(m);
        return m;
    }

    /** Puts {@code m} in place of the manifest with its asset id (a new version: renditions added ...). */
    public Manifest replace(Manifest m) {
        manifests.replaceAll(old -> old.assetId().equals(m.assetId()) ? m : old);
        return m;
    }

    private List<Manifest> where(ProjectId project, Predicate<Manifest> test) {
        return manifests.stream()
                .filter(m -> m.project().equals(project))
                .filter(test)
                .toList();
    }

    @Override
    public Optional<Manifest> byId(ProjectId project, AssetId id) {
        return where(project, m -> m.assetId().equals(id)).stream().findFirst();
    }

    @Override
    public List<Manifest> byReel(ProjectId project, String reel) {
        return where(project, m -> reel.equals(m.media().reel()));
    }

    @Override
    public List<Manifest> byClipName(ProjectId project, String name) {
        return where(project, m -> name.equals(m.name()));
    }

    @Override
    public List<Manifest> byFileName(ProjectId project, String fileName) {
        return where(project, m -> m.originalPath().endsWith("/" + fileName));
    }
}
