package gateway.proxy.transcode;

import gateway.model.asset.FragmentIndex;
import gateway.model.asset.Rendition;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one ladder run made: every file as a rendition (path relative to the asset folder, in the
 * order profiles are configured; a profile's main file comes before its side files, e.g. the MP4
 * before its fragment index JSON), and the fragment index of each fragmented rendition by profile.
 */
public record LadderResult(List<Rendition> renditions, Map<String, FragmentIndex> fragmentIndexes) {
    public static final String JSON_MIME_TYPE = "application/json";
    public static final String JPEG_MIME_TYPE = "image/jpeg";

    public LadderResult {
        renditions = List.copyOf(renditions);
        fragmentIndexes = Map.copyOf(fragmentIndexes);
    }

    /** The main file of {@code profile} (the first rendition with that profile). */
    public Optional<Rendition> rendition(String profile) {
        return renditions.stream().filter(r -> r.profile().equals(profile)).findFirst();
    }

    /** Every file of {@code profile} (all the thumbnails, say), main file first. */
    public List<Rendition> renditions(String profile) {
        return renditions.stream().filter(r -> r.profile().equals(profile)).toList();
    }
}
