package gateway.proxy.gst;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;

/**
 * One libswscale context: pictures of one source format and size to 8-bit 4:2:0 (yuv420p) at one
 * size, with the area filter and libswscale's default dither, exactly what ffmpeg's
 * {@code scale=W:H:flags=area,format=yuv420p} does. Not thread-safe: one streaming thread uses it;
 * {@link #close()} once that thread has stopped.
 */
final class SwsScaler implements AutoCloseable {
    private final Pointer context;
    private final SourceFormat from;
    private final int srcWidth;
    private final int srcHeight;
    private boolean closed;

    private SwsScaler(Pointer context, SourceFormat from, int srcWidth, int srcHeight) {
        this.context = context;
        this.from = from;
        this.srcWidth = srcWidth;
        this.srcHeight = srcHeight;
    }

    /** The libraries, loaded on first use; null when they are missing. */
    private static final class Libs {
        static final ScaleNatives.Swscale SWSCALE;
        static final ScaleNatives.AvUtil AVUTIL;

        static {
            ScaleNatives.Swscale sws = null;
            ScaleNatives.AvUtil av = null;
            try {
                sws = Native.load("swscale", ScaleNatives.Swscale.class);
                av = Native.load("avutil", ScaleNatives.AvUtil.class);
            } catch (UnsatisfiedLinkError e) {
                sws = null;
                av = null;
            }
            SWSCALE = sws;
            AVUTIL = av;
        }
    }

    /** True when libswscale and libavutil load. */
    static boolean available() {
        return Libs.SWSCALE != null && Libs.AVUTIL != null;
    }

    static SwsScaler open(SourceFormat from, int srcWidth, int srcHeight, int dstWidth, int dstHeight) {
        if (!available()) {
            throw new GatewayException(
                    Reason.FAILED_PRECONDITION, "libswscale is not installed (it comes with gstreamer1.0-libav)");
        }
        int src = pixelFormat(from.avName());
        int dst = pixelFormat("yuv420p");
        Pointer context = Libs.SWSCALE.sws_getContext(
                srcWidth, srcHeight, src, dstWidth, dstHeight, dst, ScaleNatives.Swscale.SWS_AREA, null, null, null);
        if (context == null) {
            throw new GatewayException(
                    Reason.UNSUPPORTED,
                    "libswscale cannot scale " + from.gstName() + " " + srcWidth + "x" + srcHeight + " to " + dstWidth
                            + "x" + dstHeight);
        }
        return new SwsScaler(context, from, srcWidth, srcHeight);
    }

    boolean converts(SourceFormat format, int width, int height) {
        return from.equals(format) && srcWidth == width && srcHeight == height;
    }

    /** Scales the whole source picture ({@code src} planes, strides) into {@code dst}. */
    void scale(Pointer[] src, int[] srcStrides, Pointer[] dst, int[] dstStrides) {
        if (closed) {
            throw new GatewayException(Reason.INTERNAL, "the scaler is closed");
        }
        int rows = Libs.SWSCALE.sws_scale(context, src, srcStrides, 0, srcHeight, dst, dstStrides);
        if (rows <= 0) {
            throw new GatewayException(
                    Reason.INTERNAL,
                    "libswscale failed on a " + srcWidth + "x" + srcHeight + " " + from.gstName() + " picture");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Libs.SWSCALE.sws_freeContext(context);
        }
    }

    private static int pixelFormat(String name) {
        int f = Libs.AVUTIL.av_get_pix_fmt(name);
        if (f < 0) {
            throw new GatewayException(Reason.UNSUPPORTED, "this libavutil does not know the pixel format " + name);
        }
        return f;
    }
}
