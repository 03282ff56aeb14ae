package gateway.proxy.gst;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * GStreamer's discoverer (libgstpbutils) over JNA: gst1-java-core has no binding for it. Each call
 * makes its own discoverer with a time limit, so a file that stalls a demuxer fails with TIMEOUT
 * instead of hanging.
 */
public final class MediaDiscoverer {
    private static final int OK = 0;
    private static final int URI_INVALID = 1;
    private static final int ERROR = 2;
    private static final int TIMEOUT = 3;
    private static final int MISSING_PLUGINS = 5;

    private final Duration timeout;

    public MediaDiscoverer(Duration timeout) {
        this.timeout = timeout;
    }

    public DiscoveredMedia discover(Path file) {
        GStreamerRuntime.ensureStarted();
        String name = file.getFileName().toString();
        PbUtils.Discoverer pb = PbUtils.Discoverer.INSTANCE;
        PointerByReference error = new PointerByReference();
        Pointer discoverer = pb.gst_discoverer_new(timeout.toNanos(), error);
        String problem = PbUtils.takeError(error);
        if (discoverer == null) {
            throw new GatewayException(Reason.INTERNAL, "cannot create a GStreamer discoverer: " + problem);
        }
        Pointer info = null;
        try {
            error = new PointerByReference();
            info = pb.gst_discoverer_discover_uri(
                    discoverer, file.toAbsolutePath().toUri().toString(), error);
            problem = PbUtils.takeError(error);
            if (info == null) {
                throw new GatewayException(Reason.UNSUPPORTED, name + ": GStreamer cannot read it: " + problem);
            }
            int result = pb.gst_discoverer_info_get_result(info);
            switch (result) {
                case OK -> {}
                case TIMEOUT ->
                    throw new GatewayException(
                            Reason.TIMEOUT,
                            name + ": media discovery did not finish within " + timeout.toMillis() + " ms");
                case MISSING_PLUGINS ->
                    throw new GatewayException(
                            Reason.UNSUPPORTED, name + ": no GStreamer plugin decodes it (" + problem + ")");
                case URI_INVALID -> throw GatewayException.notFound(name + ": cannot open it (" + problem + ")");
                case ERROR ->
                    throw new GatewayException(
                            Reason.UNSUPPORTED, name + ": not a media file GStreamer understands (" + problem + ")");
                default ->
                    throw new GatewayException(
                            Reason.CORRUPT,
                            name + ": media discovery failed with result " + result + " (" + problem + ")");
            }
            return describe(pb, info);
        } finally {
            if (info != null) {
                PbUtils.GObject.INSTANCE.g_object_unref(info);
            }
            PbUtils.GObject.INSTANCE.g_object_unref(discoverer);
        }
    }

    private static DiscoveredMedia describe(PbUtils.Discoverer pb, Pointer info) {
        String container = null;
        Pointer top = pb.gst_discoverer_info_get_stream_info(info);
        if (top != null) {
            container = caps(pb, top);
            PbUtils.GObject.INSTANCE.g_object_unref(top);
        }
        List<DiscoveredMedia.Video> video = streams(
                pb,
                pb.gst_discoverer_info_get_video_streams(info),
                s -> new DiscoveredMedia.Video(
                        caps(pb, s),
                        pb.gst_discoverer_video_info_get_width(s),
                        pb.gst_discoverer_video_info_get_height(s),
                        pb.gst_discoverer_video_info_get_framerate_num(s),
                        pb.gst_discoverer_video_info_get_framerate_denom(s),
                        pb.gst_discoverer_video_info_is_image(s)));
        List<DiscoveredMedia.Audio> audio = streams(
                pb,
                pb.gst_discoverer_info_get_audio_streams(info),
                s -> new DiscoveredMedia.Audio(
                        caps(pb, s),
                        pb.gst_discoverer_audio_info_get_channels(s),
                        pb.gst_discoverer_audio_info_get_sample_rate(s),
                        pb.gst_discoverer_audio_info_get_depth(s)));
        Pointer tags = pb.gst_discoverer_info_get_tags(info); // owned by info
        String tagText = tags == null ? "" : PbUtils.takeString(PbUtils.Core.INSTANCE.gst_tag_list_to_string(tags));
        long duration = pb.gst_discoverer_info_get_duration(info);
        return new DiscoveredMedia(container, duration, video, audio, tagText);
    }

    private static <T> List<T> streams(PbUtils.Discoverer pb, Pointer list, Function<Pointer, T> read) {
        List<T> out = new ArrayList<>();
        try {
            for (Pointer node = list; node != null; node = node.getPointer(Native.POINTER_SIZE)) {
                Pointer stream = node.getPointer(0); // struct GList { gpointer data; GList *next; GList *prev; }
                if (stream != null) {
                    out.add(read.apply(stream));
                }
            }
        } finally {
            if (list != null) {
                pb.gst_discoverer_stream_info_list_free(list);
            }
        }
        return List.copyOf(out);
    }

    private static String caps(PbUtils.Discoverer pb, Pointer stream) {
        Pointer caps = pb.gst_discoverer_stream_info_get_caps(stream);
        if (caps == null) {
            return "";
        }
        try {
            return PbUtils.takeString(PbUtils.Core.INSTANCE.gst_caps_to_string(caps));
        } finally {
            PbUtils.Core.INSTANCE.gst_mini_object_unref(caps);
        }
    }
}
