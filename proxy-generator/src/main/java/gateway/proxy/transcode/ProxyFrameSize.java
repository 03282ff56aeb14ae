package gateway.proxy.transcode;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.proxy.gst.PipelineJob;
import gateway.proxy.gst.SwscaleStage;

/**
 * The picture size of a proxy: the original's divided by the smallest whole number that brings it
 * within a bounding box, with even results (4:2:0). 1920x1080 in 960x540 gives 960x540 (/2),
 * 3840x2160 gives 960x540 (/4), 4096x2160 gives 512x270 (/8), 2048x858 stays 2048x858.
 */
public record ProxyFrameSize(int width, int height, int divisor) {
    /**
     * GStreamer's own scaler from a decoded picture to a proxy size, format and size in one pass,
     * used when libswscale is missing (or {@value #SCALER_PROPERTY}=gstreamer). Chroma is only
     * downsampled, never upsampled first: a 10-bit 4:2:2 original halved to 4:2:0 keeps its own
     * chroma samples through the box filter, closer to swscale's area filter (55 dB chroma PSNR
     * against it instead of 49) and about a quarter cheaper than interpolating chroma that the scaler
     * averages away again.
     */
    static final String SCALER = "videoconvertscale n-threads=2 chroma-mode=downsample-only";

    /**
     * System property choosing the scaler of decoded pictures: "swscale" (the default when
     * libswscale loads: {@link SwscaleStage}, ffmpeg's area filter at about a sixth of the CPU of
     * GStreamer 1.22's generic 10-bit path) or "gstreamer" ({@link #SCALER}), for comparisons.
     */
    static final String SCALER_PROPERTY = "gateway.proxy.scaler";

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
     * thread of their own. Its scaler is stage {@code vscale}: {@link #attachScaler} it once parsed.
     */
    String scaleChain() {
        return "queue name=vin ! " + scalerChain(STAGE);
    }

    /** The stage name {@link #scaleChain()} gives its scaler. */
    static final String STAGE = "vscale";

    /**
     * The scaler from a decoded picture (of any size and format) to I420 at this size, elements
     * named from {@code stage}, ending in {@link #rawCaps()}. Link a queue into it.
     */
    String scalerChain(String stage) {
        return (swscale() ? SwscaleStage.description(stage) : SCALER) + " ! " + rawCaps();
    }

    /** Connects the scaler of {@link #scalerChain(String)} once the pipeline is parsed (a no-op for GStreamer's). */
    void attachScaler(PipelineJob job, String stage) {
        if (swscale()) {
            SwscaleStage.attach(job, stage, width, height);
        }
    }

    /** True when decoded pictures are scaled by libswscale ({@link #SCALER_PROPERTY}). */
    static boolean swscale() {
        return !"gstreamer".equals(System.getProperty(SCALER_PROPERTY)) && SwscaleStage.available();
    }

    /**
     * The raw caps that make a scaler produce this size: I420 (8-bit 4:2:0). The pixel aspect ratio
     * stays the original's (the size is an exact divisor of its), so nothing is letterboxed.
     */
    public String rawCaps() {
        return "video/x-raw,format=I420,width=" + width + ",height=" + height;
    }
}
