package gateway.proxy.gst;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/** The few libgstpbutils / libgstreamer / GLib functions the discoverer binding calls (JNA). */
final class PbUtils {
    private PbUtils() {}

    interface Discoverer extends Library {
        Discoverer INSTANCE = Native.load("gstpbutils-1.0", Discoverer.class);

        Pointer gst_discoverer_new(long timeoutNanos, PointerByReference error);

        Pointer gst_discoverer_discover_uri(Pointer discoverer, String uri, PointerByReference error);

        int gst_discoverer_info_get_result(Pointer info);

        long gst_discoverer_info_get_duration(Pointer info);

        Pointer gst_discoverer_info_get_stream_info(Pointer info);

        Pointer gst_discoverer_info_get_video_streams(Pointer info);

        Pointer gst_discoverer_info_get_audio_streams(Pointer info);

        Pointer gst_discoverer_info_get_tags(Pointer info);

        void gst_discoverer_stream_info_list_free(Pointer list);

        Pointer gst_discoverer_stream_info_get_caps(Pointer stream);

        int gst_discoverer_video_info_get_width(Pointer video);

        int gst_discoverer_video_info_get_height(Pointer video);

        int gst_discoverer_video_info_get_framerate_num(Pointer video);

        int gst_discoverer_video_info_get_framerate_denom(Pointer video);

        boolean gst_discoverer_video_info_is_image(Pointer video);

        int gst_discoverer_audio_info_get_channels(Pointer audio);

        int gst_discoverer_audio_info_get_sample_rate(Pointer audio);

        int gst_discoverer_audio_info_get_depth(Pointer audio);
    }

    interface Core extends Library {
        Core INSTANCE = Native.load("gstreamer-1.0", Core.class);

        Pointer gst_caps_to_string(Pointer caps);

        void gst_mini_object_unref(Pointer object);

        Pointer gst_tag_list_to_string(Pointer tags);

        void gst_message_parse_error(Pointer message, PointerByReference error, PointerByReference debug);
    }

    interface GLib extends Library {
        GLib INSTANCE = Native.load("glib-2.0", GLib.class);

        void g_free(Pointer memory);

        void g_error_free(Pointer error);
    }

    interface GObject extends Library {
        GObject INSTANCE = Native.load("gobject-2.0", GObject.class);

        void g_object_unref(Pointer object);
    }

    /** A C string returned as new memory: copied into Java and freed. */
    static String takeString(Pointer p) {
        if (p == null) {
            return null;
        }
        try {
            return p.getString(0, "UTF-8");
        } finally {
            GLib.INSTANCE.g_free(p);
        }
    }

    /** The message of a GError, which is then freed; null when there is no error. */
    static String takeError(PointerByReference ref) {
        Pointer error = ref.getValue();
        if (error == null) {
            return null;
        }
        try {
            Pointer message = error.getPointer(8); // struct GError { GQuark domain; gint code; gchar *message; }
            return message == null ? "unknown error" : message.getString(0, "UTF-8");
        } finally {
            GLib.INSTANCE.g_error_free(error);
        }
    }
}
