package gateway.proxy.finish;

import gateway.model.error.GatewayException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where to write the master and at what picture size; a size of 0 x 0 takes the size of the first
 * clip's original. The codec is ProRes 422 HQ: GStreamer's QuickTime muxer here takes no DNxHR.
 */
public record RenderOptions(Path output, int width, int height) {
    public RenderOptions {
        Objects.requireNonNull(output, "output");
        boolean original = width == 0 && height == 0;
        if (!original && (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0)) {
            throw GatewayException.invalid("master size " + width + "x" + height + " must be positive and even");
        }
    }

    /** A ProRes 422 HQ master at the size of the first clip's original. */
    public static RenderOptions to(Path output) {
        return new RenderOptions(output, 0, 0);
    }

    public RenderOptions withSize(int w, int h) {
        return new RenderOptions(output, w, h);
    }

    boolean sizeFromOriginal() {
        return width == 0 && height == 0;
    }
}
