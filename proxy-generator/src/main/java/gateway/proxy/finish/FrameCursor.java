package gateway.proxy.finish;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.freedesktop.gstreamer.Sample;

/**
 * Random access to the pictures of one original, scaled to the master's size: reads forward from
 * where it is, keeps the last few pictures (a freeze or a slow clip asks for one again), and
 * re-opens the decoder a little before a frame it has passed (reverse play) or far ahead. Memory
 * stays bounded by the pictures kept.
 */
final class FrameCursor implements AutoCloseable {
    private static final int MAX_KEPT = 8;
    private static final long KEPT_BYTES = 64L << 20;
    private static final int MAX_READ_AHEAD = 48;

    private final Path file;
    private final String subject;
    private final FrameRate rate;
    private final int width;
    private final int height;
    private final Duration timeout;
    private final int keep;
    private final Map<Long, Picture> kept = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Picture> eldest) {
            return size() > keep;
        }
    };
    private DecodedSource source;
    private long next;

    FrameCursor(Path file, String subject, FrameRate rate, int width, int height, Duration timeout) {
        this.file = file;
        this.subject = subject;
        this.rate = rate;
        this.width = width;
        this.height = height;
        this.timeout = timeout;
        // At most 64 MiB of pictures: 7 at 1080p, 2 at 4K (reverse play then re-opens more often).
        this.keep = (int) Math.max(2, Math.min(MAX_KEPT, KEPT_BYTES / Picture.byteSize(width, height)));
    }

    /** Picture {@code frame} of the file (0 = its first picture). */
    Picture frame(long frame) {
        Picture p = kept.get(frame);
        if (p != null) {
            return p;
        }
        if (source == null || frame < next) {
            reopen(Math.max(0, frame - (source == null ? 0 : keep - 1)));
        } else if (frame > next + MAX_READ_AHEAD) {
            reopen(frame);
        }
        while (next <= frame) {
            read();
        }
        return kept.get(frame);
    }

    private void reopen(long from) {
        close();
        String caps = "video/x-raw,format=" + Picture.FORMAT + ",width=" + width + ",height=" + height
                + ",pixel-aspect-ratio=1/1";
        source = DecodedSource.open(file, subject, caps, List.of(), timeout);
        source.playBefore(source.nanosOfFrame(from, rate), rate);
        next = from;
    }

    private void read() {
        while (true) {
            Sample sample = source.pullVideo();
            if (sample == null) {
                GatewayException f = source.failure();
                throw f != null
                        ? f
                        : new GatewayException(Reason.CORRUPT, subject + ": the pictures end before frame " + next);
            }
            long f = source.frameOf(sample.getBuffer().getPresentationTimestamp(), rate);
            if (f < next) {
                sample.dispose();
                continue;
            }
            if (f > next) {
                sample.dispose();
                throw new GatewayException(
                        Reason.CORRUPT, subject + ": frame " + next + " is missing (the next picture is " + f + ")");
            }
            kept.put(f, new Picture(width, height, DecodedSource.bytesOf(sample)));
            next = f + 1;
            return;
        }
    }

    @Override
    public void close() {
        if (source != null) {
            source.close();
            source = null;
        }
    }
}
