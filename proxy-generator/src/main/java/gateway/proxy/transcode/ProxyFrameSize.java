package gateway.proxy.transcode;

import gateway.model.error.GatewayException;

/**
 * The picture size of a proxy: the original's divided by the smallest whole number that brings it
 * within a bounding box, with even results (4:2:0). 1920x1080 in 960x540 gives 960x540 (/2),
 * 3840x2160 gives 960x540 (/4), 4096x2160 gives 512x270 (/8).
 */
public record ProxyFrameSize(int width, int height, int divisor) {

    /** The size for an original of {@code width} x {@code height} within {@code maxWidth} x {@code maxHeight}. */
    public static ProxyFrameSize of(int width, int height, int maxWidth, int maxHeight) {
        if (width <= 0 || height <= 0) {
            throw GatewayException.invalid("picture size " + width + "x" + height + " must be positive");
        }
        for (int d = 1; d <= Math.max(width, height); d++) {
            if (width % d != 0 || height % d != 0) {
                continue;
            }
            int w = width / d;
            int h = height / d;
            if (w <= maxWidth && h <= maxHeight && w % 2 == 0 && h % 2 == 0) {
                return new ProxyFrameSize(w, h, d);
            }
        }
        throw new GatewayException(
                gateway.model.error.Reason.UNSUPPORTED,
                "picture size " + width + "x" + height + " has no exact even divisor within " + maxWidth + "x"
                        + maxHeight);
    }
}
