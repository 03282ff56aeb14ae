package gateway.proxy.finish;

import gateway.model.error.GatewayException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.freedesktop.gstreamer.Sample;
import org.freedesktop.gstreamer.Structure;

/**
 * One channel of an original's first audio stream, at 48 kHz, read forward from a sample (0 = the
 * stream's first). Values are 24-bit. Past the end of the sound it reads silence.
 */
final class SoundCursor implements AutoCloseable {
    static final int SAMPLE_RATE = 48_000;
    private static final String CAPS = "audio/x-raw,format=S32LE,layout=interleaved,rate=" + SAMPLE_RATE;
    private static final long SEEK_MARGIN_NANOS = 100_000_000L;

    private final DecodedSource source;
    private final int channel;
    private final SampleClock clock = new SampleClock(SAMPLE_RATE);
    private int[] pending = new int[0];
    private int pendingAt;
    private long next;
    private boolean ended;

    SoundCursor(Path file, String subject, int channel, long from, Duration timeout) {
        this.channel = channel;
        this.next = from;
        this.source = DecodedSource.open(file, subject, null, List.of(CAPS), timeout);
        try {
            source.play(source.audioOrigin(0) + clock.nanosOf(from) - SEEK_MARGIN_NANOS);
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
    }

    /** The sample the next {@link #read} starts at. */
    long position() {
        return next;
    }

    /** Reads the next {@code n} samples into {@code out} from {@code offset}. */
    void read(int[] out, int offset, int n) {
        int done = 0;
        while (done < n) {
            if (pendingAt >= pending.length && !fill()) {
                Arrays.fill(out, offset + done, offset + n, 0);
                next += n - done;
                return;
            }
            int take = Math.min(n - done, pending.length - pendingAt);
            System.arraycopy(pending, pendingAt, out, offset + done, take);
            pendingAt += take;
            done += take;
            next += take;
        }
    }

    /** Loads the next buffer's samples from {@link #next} on; false at the end of the sound. */
    private boolean fill() {
        while (!ended) {
            Sample sample = source.pullAudio(0);
            if (sample == null) {
                GatewayException f = source.failure();
                if (f != null) {
                    throw f;
                }
                ended = true;
                return false;
            }
            Structure caps = sample.getCaps().getStructure(0);
            int channels = caps.getInteger("channels");
            long at = clock.atNanos(sample.getBuffer().getPresentationTimestamp() - source.audioOrigin(0));
            ByteBuffer bytes = ByteBuffer.wrap(DecodedSource.bytesOf(sample)).order(ByteOrder.LITTLE_ENDIAN);
            int count = bytes.remaining() / (4 * channels);
            if (at + count <= next) {
                continue;
            }
            int skip = (int) Math.max(0, next - at);
            int silence = (int) Math.max(0, at - next); // a hole in the sound
            int[] samples = new int[silence + count - skip];
            int c = channel % channels;
            for (int i = skip; i < count; i++) {
                samples[silence + i - skip] = bytes.getInt((i * channels + c) * 4) >> 8;
            }
            pending = samples;
            pendingAt = 0;
            return true;
        }
        return false;
    }

    @Override
    public void close() {
        source.close();
    }
}
