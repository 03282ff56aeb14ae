package gateway.proxy.finish;

import gateway.model.error.GatewayException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where to write the master, at what picture size (0 x 0 takes the size of the first clip's
 * original), in which {@link MasterFormat}, and whether clips the render cannot render as the edit
 * asks are refused (the default) or rendered black with the reason burnt in ({@code renderAnyway}).
 */
public record RenderOptions(Path output, int width, int height, MasterFormat format, boolean renderAnyway) {
    public RenderOptions {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(format, "format");
        boolean original = width == 0 && height == 0;
        if (!original && (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0)) {
            throw GatewayException.invalid("master size " + width + "x" + height + " must be positive and even");
        }
    }

    public RenderOptions(Path output, int width, int height) {
        this(output, width, height, MasterFormat.DEFAULT, false);
    }

    /** A ProRes 422 HQ master at the size of the first clip's original. */
    public static RenderOptions to(Path output) {
        return new RenderOptions(output, 0, 0);
    }

    public RenderOptions withSize(int w, int h) {
        return new RenderOptions(output, w, h, format, renderAnyway);
    }

    public RenderOptions withFormat(MasterFormat f) {
        return new RenderOptions(output, width, height, f, renderAnyway);
    }

    /** {@code on}: clips that cannot be rendered as asked show black with the reason written on them. */
    public RenderOptions withRenderAnyway(boolean on) {
        return new RenderOptions(output, width, height, format, on);
    }

    boolean sizeFromOriginal() {
        return width == 0 && height == 0;
    }
}
