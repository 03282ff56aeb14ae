package gateway.proxy.transcode;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;

/**
 * The picture size of a proxy: the original's divided by the smallest whole number that brings it
 * within a bounding box, with even results (4:2:0). 1920x1080 in 960x540 gives 960x540 (/2),
 * 3840x2160 gives 960x540 (/4), 4096x2160 gives 512x270 (/8), 2048x858 stays 2048x858.
 */
public record ProxyFrameSize(int width, int height, int divisor) {
    /**
     * The scaler from a decoded picture to a proxy size, format and size in one pass. Chroma is only
     * downsampled, never upsampled first: a 10-bit 4:2:2 original halved to 4:2:0 keeps its own
     * chroma samples through the box filter, closer to swscale's area filter (55 dB chroma PSNR
     * against it instead of 49) and about a quarter cheaper than interpolating chroma that the scaler
     * averages away again.
     */
    static final String SCALER = "videoconvertscale n-threads=2 chroma-mode=downsample-only";

    /**
     * The size for an original of {@code width} x {@code height} within {@code maxWidth} x
     * {@code maxHeight}; when no exact even divisor fits (2048x858), the smallest exact even one.
     */
    public static ProxyFrameSize of(int width, int height, int maxWidth, int maxHeight) {
        if (width <= 0 || height <= 0) {
            throw GatewayException.invalid("picture size " + width + "x" + height + " must be positive");
        }
        ProxyFrameSize smallest = null;
        for (int d = 1; d <= Math.min(width, height); d++) {
            if (width % d != 0 || height % d != 0 || (width / d) % 2 != 0 || (height / d) % 2 != 0) {
                continue;
            }
            smallest = new ProxyFrameSize(width / d, height / d, d);
            if (smallest.width <= maxWidth && smallest.height <= maxHeight) {
                return smallest;
            }
        }
        if (smallest == null) {
            throw new GatewayException(
                    Reason.UNSUPPORTED, "picture size " + width + "x" + height + " has no even exact divisor (4:2:0)");
        }
        return smallest;
    }

    /**
     * The chain that scales decoded pictures to this size in one pass (format and size together),
     * from its input queue {@code vin}: the decoder, the scaler and the encoder after it each get a
     * thread of their own.
     */
    String scaleChain() {
        return "queue name=vin ! " + SCALER + " ! " + rawCaps();
    }

    /** The raw caps that make a scaler produce this size: I420 (8-bit 4:2:0), square pixels. */
    public String rawCaps() {
        return "video/x-raw,format=I420,width=" + width + ",height=" + height + ",pixel-aspect-ratio=1/1";
    }
}
