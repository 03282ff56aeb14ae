package gateway.client;

import gateway.model.time.RationalTime;
import gateway.protos.mapper.TimeMapper;

/**
 * One thumbnail of an asset.
 *
 * @param at the frame it shows, from the start of the asset, at the asset's rate
 * @param jpeg the JPEG file
 * @param widthPx its width
 * @param heightPx its height
 */
public record Thumbnail(RationalTime at, byte[] jpeg, int widthPx, int heightPx) {

    static Thumbnail of(gateway.protos.stream.v1.Thumbnail t) {
        return new Thumbnail(
                TimeMapper.fromProto(t.getAt(), "at"), t.getJpeg().toByteArray(), t.getWidthPx(), t.getHeightPx());
    }
}
