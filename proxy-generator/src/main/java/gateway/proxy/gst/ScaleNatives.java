package gateway.proxy.gst;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * The libswscale / libavutil / GStreamer functions {@link SwscaleStage} calls (JNA). libswscale
 * comes with GStreamer's libav plugin (through libavfilter), so it is there wherever ProRes decodes;
 * JNA finds the versioned file (libswscale.so.6 on Debian 12) without a development package.
 */
final class ScaleNatives {
    private ScaleNatives() {}

    interface Swscale extends Library {
        /** {@code SWS_AREA}: the area-averaging filter (ffmpeg's {@code scale=...:flags=area}). */
        int SWS_AREA = 0x20;

        Pointer sws_getContext(
                int srcW,
                int srcH,
                int srcFormat,
                int dstW,
                int dstH,
                int dstFormat,
                int flags,
                Pointer srcFilter,
                Pointer dstFilter,
                Pointer param);

        int sws_scale(
                Pointer context,
                Pointer[] srcSlice,
                int[] srcStride,
                int srcSliceY,
                int srcSliceH,
                Pointer[] dst,
                int[] dstStride);

        void sws_freeContext(Pointer context);
    }

    interface AvUtil extends Library {
        /** The AVPixelFormat named (as {@code ffmpeg -pix_fmts} names it), -1 when unknown. */
        int av_get_pix_fmt(String name);
    }

    interface Video extends Library {
        Video INSTANCE = Native.load("gstvideo-1.0", Video.class);

        Pointer gst_buffer_get_video_meta(Pointer buffer);

        long gst_video_meta_api_get_type();

        Pointer gst_video_info_new();

        boolean gst_video_info_from_caps(Pointer info, Pointer caps);

        void gst_video_info_free(Pointer info);
    }

    interface App extends Library {
        App INSTANCE = Native.load("gstapp-1.0", App.class);

        /** The next sample (transfer full), null at end of stream or when flushing. */
        Pointer gst_app_sink_pull_sample(Pointer appsink);

        /** Pushes the sample's buffer; with handle-segment-change, a new segment first when it changed. */
        int gst_app_src_push_sample(Pointer appsrc, Pointer sample);
    }

    /**
     * libgstreamer, called on raw pointers: the scaler's per-picture path makes no gst1-java-core
     * wrappers (they are released by the garbage collector, which must not meet a reference
     * counted elsewhere).
     */
    interface Core extends Library {
        Core INSTANCE = Native.load("gstreamer-1.0", Core.class);

        int GST_MAP_READ = 1;
        int GST_MAP_WRITE = 2;
        /** GST_BUFFER_COPY_FLAGS | GST_BUFFER_COPY_TIMESTAMPS: what a GstBaseTransform copies by default. */
        int COPY_FLAGS_AND_TIMESTAMPS = 1 | 2;
        /** GstMapInfo: GstMemory *memory, GstMapFlags flags, guint8 *data @16, gsize size @24 ... (104 bytes). */
        int MAP_INFO_BYTES = 128;

        int MAP_INFO_DATA = 16;
        int MAP_INFO_SIZE = 24;
        /** GstQuery: GstMiniObject (64 bytes), then GstQueryType type. */
        int QUERY_TYPE = 64;

        Pointer gst_sample_new(Pointer buffer, Pointer caps, Pointer segment, Pointer info);

        Pointer gst_sample_get_segment(Pointer sample);

        Pointer gst_sample_get_buffer(Pointer sample);

        Pointer gst_sample_get_caps(Pointer sample);

        Pointer gst_mini_object_ref(Pointer object);

        void gst_mini_object_unref(Pointer object);

        Pointer gst_buffer_new_allocate(Pointer allocator, long size, Pointer params);

        boolean gst_buffer_map(Pointer buffer, Pointer mapInfo, int flags);

        void gst_buffer_unmap(Pointer buffer, Pointer mapInfo);

        boolean gst_buffer_copy_into(Pointer dest, Pointer src, int flags, long offset, long size);

        Pointer gst_caps_from_string(String caps);

        boolean gst_caps_is_equal(Pointer caps1, Pointer caps2);

        Pointer gst_caps_get_structure(Pointer caps, int index);

        String gst_structure_get_string(Pointer structure, String field);

        boolean gst_structure_get_int(Pointer structure, String field, IntByReference value);

        boolean gst_structure_get_fraction(
                Pointer structure, String field, IntByReference numerator, IntByReference denominator);

        String gst_query_type_get_name(int type);

        /** GST_PAD_PROBE_TYPE_QUERY_DOWNSTREAM. */
        int PROBE_QUERY_DOWNSTREAM = 1 << 9;

        int PROBE_OK = 1;
        int PROBE_HANDLED = 4;
        /** GstPadProbeInfo: GstPadProbeType type, gulong id, gpointer data @16 ... */
        int PROBE_INFO_DATA = 16;

        /** A pad probe (GstPadProbeCallback): GstPadProbeReturn (*) (GstPad *, GstPadProbeInfo *, gpointer). */
        interface Probe extends Callback {
            int invoke(Pointer pad, Pointer info, Pointer userData);
        }

        long gst_pad_add_probe(Pointer pad, int mask, Probe callback, Pointer userData, Pointer destroyData);

        void gst_query_add_allocation_meta(Pointer query, long api, Pointer params);
    }
}
