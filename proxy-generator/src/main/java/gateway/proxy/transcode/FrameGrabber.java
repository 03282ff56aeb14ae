package gateway.proxy.transcode;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.proxy.gst.PipelineJob;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;
import org.freedesktop.gstreamer.Buffer;
import org.freedesktop.gstreamer.FlowReturn;
import org.freedesktop.gstreamer.PadProbeReturn;
import org.freedesktop.gstreamer.PadProbeType;
import org.freedesktop.gstreamer.Sample;
import org.freedesktop.gstreamer.elements.AppSink;

/**
 * Hands chosen decoded frames to Java as images. Frames are numbered from the first frame of the
 * file; those not wanted are dropped before the branch's queue, so only the chosen ones are scaled
 * (to BGRx, which is {@link BufferedImage#TYPE_INT_RGB} read little-endian) and pulled from an
 * appsink.
 */
final class FrameGrabber {

    /** Receives a chosen frame on a streaming thread. */
    @FunctionalInterface
    interface FrameConsumer {
        void accept(long frame, BufferedImage image);
    }

    /** A picture size fitted within a box, keeping the aspect ratio (never enlarged). */
    record Size(int width, int height) {
        static Size fit(int width, int height, int maxWidth, int maxHeight) {
            double scale = Math.min(1.0, Math.min((double) maxWidth / width, (double) maxHeight / height));
            return new Size(
                    Math.max(1, (int) Math.round(width * scale)), Math.max(1, (int) Math.round(height * scale)));
        }
    }

    private final String prefix;
    private final Size size;

    FrameGrabber(String prefix, Size size) {
        this.prefix = prefix;
        this.size = size;
    }

    Size size() {
        return size;
    }

    /**
     * The video chain: scale to the size, BGRx, into an appsink. bilinear2 widens its kernel with
     * the ratio (a box-like average of every pixel); the default 2-tap bilinear skips pixels beyond
     * 2:1. Only chosen frames reach it.
     */
    String chain() {
        return "videoconvertscale method=bilinear2 ! video/x-raw,format=BGRx,width=" + size.width() + ",height="
                + size.height()
                + ",pixel-aspect-ratio=1/1 ! appsink name=" + prefix
                + "sink sync=false async=false emit-signals=true";
    }

    /** Drops unwanted frames at the branch's queue ({@code <prefix>q}) and passes the others to {@code consumer}. */
    void attach(PipelineJob job, LongPredicate wanted, FrameConsumer consumer, LadderBranch.Context context) {
        AtomicLong counted = new AtomicLong();
        Queue<Long> chosen = new ConcurrentLinkedQueue<>();
        job.element(prefix + "q").getStaticPad("sink").addProbe(PadProbeType.BUFFER, (pad, info) -> {
            long frame = counted.getAndIncrement();
            if (!wanted.test(frame)) {
                return PadProbeReturn.DROP;
            }
            chosen.add(frame);
            return PadProbeReturn.OK;
        });
        AppSink sink = (AppSink) job.element(prefix + "sink");
        sink.connect((AppSink.NEW_SAMPLE) s -> {
            Sample sample = s.pullSample();
            try {
                Long frame = chosen.poll();
                if (frame == null) {
                    throw new GatewayException(
                            Reason.INTERNAL, context.subject() + ": " + prefix + " got an unchosen frame");
                }
                consumer.accept(frame, image(sample.getBuffer()));
                return FlowReturn.OK;
            } catch (RuntimeException e) {
                context.failure().record(context.subject(), e);
                return FlowReturn.ERROR;
            } finally {
                sample.dispose();
            }
        });
    }

    private BufferedImage image(Buffer buffer) {
        int[] pixels = new int[size.width() * size.height()];
        ByteBuffer bytes = buffer.map(false);
        try {
            IntBuffer ints = bytes.order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
            if (ints.remaining() < pixels.length) {
                throw new GatewayException(
                        Reason.INTERNAL,
                        prefix + ": a " + size.width() + "x" + size.height() + " BGRx frame of only "
                                + bytes.remaining() + " bytes");
            }
            ints.get(pixels);
        } finally {
            buffer.unmap();
        }
        BufferedImage image = new BufferedImage(size.width(), size.height(), BufferedImage.TYPE_INT_RGB);
        image.getRaster().setDataElements(0, 0, size.width(), size.height(), pixels);
        return image;
    }
}
