package gateway.proxy.gst;

import com.sun.jna.Pointer;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;

/**
 * Where each plane of a raw planar picture starts in its buffer (bytes from the start) and how many
 * bytes a row takes. A decoder that writes straight into its own buffers says so in a GstVideoMeta
 * (libav pads rows and pictures); otherwise the buffer has GStreamer's default layout for its caps.
 * GstVideoMeta and GstVideoInfo are public structs of GStreamer 1.x whose layout never changes
 * within 1.x; the fields read are checked against the caps before use.
 */
record PlaneLayout(long[] offsets, int[] strides) {
    // GstVideoMeta: GstMeta (16), buffer, flags, format, id, width @36, height @40, n_planes @44,
    // gsize offset[4] @48, gint stride[4] @80.
    private static final int META_WIDTH = 36;
    private static final int META_HEIGHT = 40;
    private static final int META_PLANES = 44;
    private static final int META_OFFSET = 48;
    private static final int META_STRIDE = 80;
    // GstVideoInfo: finfo, interlace_mode, flags, width @16, height @20, size, views, chroma_site,
    // colorimetry (4 ints), par, fps, gsize offset[4] @72, gint stride[4] @104.
    private static final int INFO_WIDTH = 16;
    private static final int INFO_HEIGHT = 20;
    private static final int INFO_OFFSET = 72;
    private static final int INFO_STRIDE = 104;

    PlaneLayout {
        offsets = offsets.clone();
        strides = strides.clone();
    }

    int planes() {
        return offsets.length;
    }

    /**
     * The layout of the first {@code planes} planes of {@code buffer} (a GstBuffer*), a
     * {@code width} x {@code height} picture with caps {@code caps} (a GstCaps*).
     */
    static PlaneLayout of(Pointer buffer, Pointer caps, int width, int height, int planes) {
        Pointer meta = ScaleNatives.Video.INSTANCE.gst_buffer_get_video_meta(buffer);
        if (meta != null) {
            check("video meta", meta.getInt(META_WIDTH), meta.getInt(META_HEIGHT), width, height);
            if (meta.getInt(META_PLANES) < planes) {
                throw new GatewayException(
                        Reason.INTERNAL,
                        "a decoded picture has " + meta.getInt(META_PLANES) + " planes, expected " + planes);
            }
            return read(meta, META_OFFSET, META_STRIDE, planes);
        }
        Pointer info = ScaleNatives.Video.INSTANCE.gst_video_info_new();
        try {
            if (!ScaleNatives.Video.INSTANCE.gst_video_info_from_caps(info, caps)) {
                throw new GatewayException(Reason.INTERNAL, "GStreamer cannot lay out a picture of these caps");
            }
            check("video info", info.getInt(INFO_WIDTH), info.getInt(INFO_HEIGHT), width, height);
            return read(info, INFO_OFFSET, INFO_STRIDE, planes);
        } finally {
            ScaleNatives.Video.INSTANCE.gst_video_info_free(info);
        }
    }

    /** GStreamer's default layout of an I420 picture {@code width} x {@code height} (rows of 4-byte multiples). */
    static PlaneLayout i420(int width, int height) {
        int lumaStride = roundUp4(width);
        int chromaStride = roundUp4(roundUp2(width) / 2);
        long lumaSize = (long) lumaStride * roundUp2(height);
        long chromaSize = (long) chromaStride * (roundUp2(height) / 2);
        return new PlaneLayout(
                new long[] {0, lumaSize, lumaSize + chromaSize}, new int[] {lumaStride, chromaStride, chromaStride});
    }

    /** The bytes an I420 picture of GStreamer's default layout takes. */
    static long i420Size(int width, int height) {
        PlaneLayout l = i420(width, height);
        return l.offsets[2] + (long) l.strides[2] * (roundUp2(height) / 2);
    }

    /** The plane pointers of a picture starting at {@code base}, four entries (libswscale reads up to four). */
    Pointer[] pointers(Pointer base) {
        Pointer[] p = new Pointer[4];
        for (int i = 0; i < offsets.length; i++) {
            p[i] = base.share(offsets[i]);
        }
        return p;
    }

    /** The strides, four entries. */
    int[] strides4() {
        int[] s = new int[4];
        System.arraycopy(strides, 0, s, 0, strides.length);
        return s;
    }

    private static PlaneLayout read(Pointer struct, int offsetAt, int strideAt, int planes) {
        long[] offsets = new long[planes];
        int[] strides = new int[planes];
        for (int i = 0; i < planes; i++) {
            offsets[i] = struct.getLong(offsetAt + 8L * i);
            strides[i] = struct.getInt(strideAt + 4L * i);
            if (strides[i] <= 0 || offsets[i] < 0) {
                throw new GatewayException(
                        Reason.INTERNAL,
                        "a decoded picture's plane " + i + " has offset " + offsets[i] + ", stride " + strides[i]);
            }
        }
        return new PlaneLayout(offsets, strides);
    }

    private static void check(String what, int gotWidth, int gotHeight, int width, int height) {
        if (gotWidth != width || gotHeight != height) {
            throw new GatewayException(
                    Reason.INTERNAL,
                    "GStreamer's " + what + " says " + gotWidth + "x" + gotHeight + " for a " + width + "x" + height
                            + " picture: its struct layout is not the one this build reads");
        }
    }

    private static int roundUp2(int v) {
        return (v + 1) & ~1;
    }

    private static int roundUp4(int v) {
        return (v + 3) & ~3;
    }
}
