package gateway.proxy.probe;

import gateway.model.asset.AssetId;
import java.util.Optional;

/**
 * How a gateway proxy carries its asset id: the QuickTime comment tag ("©cmt", GStreamer's
 * {@code comment}) holds {@code gateway-asset-id=<id>}. Relink finds the original from it, never
 * from a path.
 */
public final class EmbeddedAssetId {
    /** The prefix of the comment tag's value. */
    public static final String PREFIX = "gateway-asset-id=";

    private EmbeddedAssetId() {}

    /** The comment tag value that names {@code id}. */
    public static String tagValue(AssetId id) {
        return PREFIX + id.value();
    }

    /** The asset id in a tag value, if it is one of ours. */
    public static Optional<AssetId> parse(String tagValue) {
        if (tagValue == null || !tagValue.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String id = tagValue.substring(PREFIX.length()).trim();
        return AssetId.isValid(id) ? Optional.of(new AssetId(id)) : Optional.empty();
    }
}
