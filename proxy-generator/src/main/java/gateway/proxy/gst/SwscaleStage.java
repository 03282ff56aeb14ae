package gateway.proxy.gst;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.lang.ref.Reference;
import org.freedesktop.gstreamer.FlowReturn;
import org.freedesktop.gstreamer.elements.AppSink;
import org.freedesktop.gstreamer.elements.AppSrc;
import org.freedesktop.gstreamer.glib.Natives;

/**
 * Scales decoded pictures to a proxy size in 8-bit 4:2:0 with libswscale's area filter, the scaler
 * (and the settings) of {@code ffmpeg -vf scale=W:H:flags=area,format=yuv420p}, inside a GStreamer
 * pipeline: an appsink takes the decoded pictures (as the decoder made them, without a copy: it
 * offers GstVideoMeta, so libav decodes straight into buffers GStreamer passes on), each is scaled on
 * that appsink's streaming thread into a new buffer with the same timestamps, and an appsrc
 * (its own streaming thread) pushes it on with the upstream segment. GStreamer 1.22's
 * videoconvertscale takes about six times the CPU for a 10-bit 4:2:2 original (it unpacks every line
 * to 16-bit AYUV64, scales, converts and packs it in C), which made the proxies a third slower than
 * ffmpeg's. Interlaced pictures are scaled as frames (both fields together, as ffmpeg's scale does)
 * and come out progressive; the pixel aspect ratio is the source's (the size is an exact divisor).
 */
public final class SwscaleStage {
    /** Pictures queued in the appsrc before the scaling thread waits (smooths the hand-over to the encoder). */
    private static final int QUEUED_PICTURES = 3;

    private static final ScaleNatives.Core CORE = ScaleNatives.Core.INSTANCE;

    private SwscaleStage() {}

    /** True when libswscale can be loaded here (it comes with gstreamer1.0-libav). */
    public static boolean available() {
        return SwsScaler.available();
    }

    /**
     * The launch description of a stage named {@code name}: from a videoconvert (named
     * {@code <name>_conv}: it passes the formats libswscale takes as they come and converts any
     * other) into an appsink ({@code <name>_sink}), then, unlinked, the appsrc ({@code <name>_src})
     * the scaled pictures come from. Link something into the first and continue after the last with
     * " ! ", then {@link #attach} it after parsing.
     */
    public static String description(String name) {
        return "videoconvert name=" + name + "_conv ! video/x-raw,format="
                + SourceFormat.capsList().replace(" ", "")
                + " ! appsink name=" + name + "_sink sync=false async=false emit-signals=true enable-last-sample=false "
                + "appsrc name=" + name + "_src format=time block=true handle-segment-change=true";
    }

    /** Connects the stage {@code name} of {@code job}'s pipeline: every picture scaled to {@code width} x {@code height}. */
    public static void attach(PipelineJob job, String name, int width, int height) {
        if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
            throw GatewayException.invalid(
                    "a 4:2:0 proxy picture must be even and positive, not " + width + "x" + height);
        }
        AppSink sink = (AppSink) job.element(name + "_sink");
        AppSrc src = (AppSrc) job.element(name + "_src");
        src.setMaxBytes(QUEUED_PICTURES * PlaneLayout.i420Size(width, height));
        Bridge bridge = new Bridge(job, name, sink, src, width, height);
        // A raw probe: a gst1-java-core Query wrapper would unref, when collected, a query it never ref'd.
        ScaleNatives.Core.Probe probe = SwscaleStage::offerVideoMeta;
        CORE.gst_pad_add_probe(
                Natives.getRawPointer(sink.getStaticPad("sink")),
                ScaleNatives.Core.PROBE_QUERY_DOWNSTREAM,
                probe,
                null,
                null);
        sink.connect((AppSink.NEW_SAMPLE) bridge::scaleNext);
        sink.connect((AppSink.EOS) s -> src.endOfStream());
        job.onClose(() -> {
            bridge.close();
            Reference.reachabilityFence(probe); // JNA calls it until the pipeline is gone
        });
    }

    /**
     * Answers the allocation query with "GstVideoMeta understood": a decoder may then hand over its
     * own padded buffers (libav decodes into them directly) instead of copying each picture.
     */
    private static int offerVideoMeta(Pointer pad, Pointer info, Pointer userData) {
        Pointer query = info.getPointer(ScaleNatives.Core.PROBE_INFO_DATA);
        if (query == null
                || !"allocation".equals(CORE.gst_query_type_get_name(query.getInt(ScaleNatives.Core.QUERY_TYPE)))) {
            return ScaleNatives.Core.PROBE_OK;
        }
        CORE.gst_query_add_allocation_meta(query, ScaleNatives.Video.INSTANCE.gst_video_meta_api_get_type(), null);
        return ScaleNatives.Core.PROBE_HANDLED;
    }

    /**
     * One stage's state: the scaler for the current source caps and the caps it pushes. Works on raw
     * pointers only (see {@link ScaleNatives.Core}); called on the appsink's streaming thread.
     */
    private static final class Bridge {
        private final PipelineJob job;
        private final String name;
        private final Pointer sink;
        private final Pointer src;
        private final int width;
        private final int height;
        private final PlaneLayout outLayout;
        private final long outSize;
        private final Memory inMap = new Memory(ScaleNatives.Core.MAP_INFO_BYTES);
        private final Memory outMap = new Memory(ScaleNatives.Core.MAP_INFO_BYTES);
        private SwsScaler scaler;
        private SourceFormat format;
        private Pointer inCaps; // a reference we hold
        private Pointer outCaps; // a reference we hold
        private int inWidth;
        private int inHeight;

        Bridge(PipelineJob job, String name, AppSink sink, AppSrc src, int width, int height) {
            this.job = job;
            this.name = name;
            this.sink = Natives.getRawPointer(sink);
            this.src = Natives.getRawPointer(src);
            this.width = width;
            this.height = height;
            this.outLayout = PlaneLayout.i420(width, height);
            this.outSize = PlaneLayout.i420Size(width, height);
        }

        synchronized FlowReturn scaleNext(AppSink ignored) {
            Pointer sample = ScaleNatives.App.INSTANCE.gst_app_sink_pull_sample(sink);
            if (sample == null) {
                return FlowReturn.EOS;
            }
            try {
                follow(CORE.gst_sample_get_caps(sample));
                Pointer out = scaled(CORE.gst_sample_get_buffer(sample));
                Pointer pushed = CORE.gst_sample_new(out, outCaps, CORE.gst_sample_get_segment(sample), null);
                CORE.gst_mini_object_unref(out);
                try {
                    return flow(ScaleNatives.App.INSTANCE.gst_app_src_push_sample(src, pushed));
                } finally {
                    CORE.gst_mini_object_unref(pushed);
                }
            } catch (RuntimeException e) {
                job.abort(name, "cannot scale a picture: " + e.getMessage());
                return FlowReturn.ERROR;
            } finally {
                CORE.gst_mini_object_unref(sample);
            }
        }

        /** A new scaler (and output caps) when the source's caps change: the first picture, or a new size mid-stream. */
        private void follow(Pointer caps) {
            if (caps == null) {
                throw new GatewayException(Reason.INTERNAL, "a decoded picture without caps");
            }
            if (inCaps != null && CORE.gst_caps_is_equal(inCaps, caps)) {
                return;
            }
            Pointer s = CORE.gst_caps_get_structure(caps, 0);
            String formatName = CORE.gst_structure_get_string(s, "format");
            SourceFormat f = SourceFormat.of(formatName)
                    .orElseThrow(() -> new GatewayException(
                            Reason.INTERNAL, "the scaler was given " + formatName + ", which it did not ask for"));
            int w = integer(s, "width");
            int h = integer(s, "height");
            if (scaler == null || !scaler.converts(f, w, h)) {
                if (scaler != null) {
                    scaler.close();
                }
                scaler = SwsScaler.open(f, w, h, width, height);
            }
            format = f;
            inWidth = w;
            inHeight = h;
            release();
            inCaps = CORE.gst_mini_object_ref(caps);
            outCaps = CORE.gst_caps_from_string(outCaps(s));
            if (outCaps == null) {
                throw new GatewayException(Reason.INTERNAL, "cannot make the scaled picture's caps " + outCaps(s));
            }
        }

        /** I420 at the proxy size with the source's frame rate, pixel aspect ratio and colorimetry; progressive. */
        private String outCaps(Pointer s) {
            StringBuilder c = new StringBuilder("video/x-raw,format=I420,width=")
                    .append(width)
                    .append(",height=")
                    .append(height)
                    .append(",interlace-mode=progressive");
            appendFraction(c, s, "framerate");
            appendFraction(c, s, "pixel-aspect-ratio");
            String colorimetry = CORE.gst_structure_get_string(s, "colorimetry");
            if (colorimetry != null) {
                c.append(",colorimetry=(string)\"").append(colorimetry).append('"');
            }
            return c.toString();
        }

        private static int integer(Pointer s, String field) {
            IntByReference v = new IntByReference();
            if (!CORE.gst_structure_get_int(s, field, v)) {
                throw new GatewayException(Reason.INTERNAL, "a decoded picture's caps have no " + field);
            }
            return v.getValue();
        }

        private static void appendFraction(StringBuilder c, Pointer s, String field) {
            IntByReference n = new IntByReference();
            IntByReference d = new IntByReference();
            if (CORE.gst_structure_get_fraction(s, field, n, d)) {
                c.append(',')
                        .append(field)
                        .append("=(fraction)")
                        .append(n.getValue())
                        .append('/')
                        .append(d.getValue());
            }
        }

        /** A new buffer (a reference the caller owns) with {@code in} scaled, its flags and timestamps. */
        private Pointer scaled(Pointer in) {
            PlaneLayout layout = PlaneLayout.of(in, inCaps, inWidth, inHeight, 3);
            if (!CORE.gst_buffer_map(in, inMap, ScaleNatives.Core.GST_MAP_READ)) {
                throw new GatewayException(Reason.INTERNAL, "cannot read a decoded picture");
            }
            try {
                checkWithin(layout, inMap.getLong(ScaleNatives.Core.MAP_INFO_SIZE));
                Pointer out = CORE.gst_buffer_new_allocate(null, outSize, null);
                if (out == null || !CORE.gst_buffer_map(out, outMap, ScaleNatives.Core.GST_MAP_WRITE)) {
                    if (out != null) {
                        CORE.gst_mini_object_unref(out);
                    }
                    throw new GatewayException(Reason.INTERNAL, "cannot allocate a " + outSize + "-byte picture");
                }
                try {
                    scaler.scale(
                            layout.pointers(inMap.getPointer(ScaleNatives.Core.MAP_INFO_DATA)),
                            layout.strides4(),
                            outLayout.pointers(outMap.getPointer(ScaleNatives.Core.MAP_INFO_DATA)),
                            outLayout.strides4());
                } catch (RuntimeException e) {
                    CORE.gst_buffer_unmap(out, outMap);
                    CORE.gst_mini_object_unref(out);
                    throw e;
                }
                CORE.gst_buffer_unmap(out, outMap);
                CORE.gst_buffer_copy_into(out, in, ScaleNatives.Core.COPY_FLAGS_AND_TIMESTAMPS, 0, -1);
                return out;
            } finally {
                CORE.gst_buffer_unmap(in, inMap);
            }
        }

        /** Every row libswscale will read lies within the mapped buffer (a wrong layout would read past it). */
        private void checkWithin(PlaneLayout layout, long size) {
            for (int p = 0; p < 3; p++) {
                long stride = layout.strides()[p];
                long rows = format.rows(p, inHeight);
                long end = layout.offsets()[p] + stride * (rows - 1) + format.rowBytes(p, inWidth);
                if (stride < format.rowBytes(p, inWidth) || end > size) {
                    throw new GatewayException(
                            Reason.INTERNAL,
                            "plane " + p + " of a " + inWidth + "x" + inHeight + " " + format.gstName() + " picture ("
                                    + "offset " + layout.offsets()[p] + ", stride " + stride + ") does not fit its "
                                    + size + "-byte buffer");
                }
            }
        }

        private static FlowReturn flow(int value) {
            for (FlowReturn f : FlowReturn.values()) {
                if (f.intValue() == value) {
                    return f;
                }
            }
            return FlowReturn.ERROR;
        }

        private void release() {
            if (inCaps != null) {
                CORE.gst_mini_object_unref(inCaps);
                inCaps = null;
            }
            if (outCaps != null) {
                CORE.gst_mini_object_unref(outCaps);
                outCaps = null;
            }
        }

        synchronized void close() {
            if (scaler != null) {
                scaler.close();
                scaler = null;
            }
            release();
        }
    }
}
