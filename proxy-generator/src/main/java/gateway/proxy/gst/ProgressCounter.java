package gateway.proxy.gst;

import gateway.proxy.progress.ProgressListener;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.PadProbeReturn;
import org.freedesktop.gstreamer.PadProbeType;

/** Counts the buffers crossing a pad (or any other unit) and reports them as a percent of the expected total. */
public final class ProgressCounter {
    private final long total;
    private final ProgressListener listener;
    private final AtomicLong seen = new AtomicLong();
    private final AtomicInteger reported = new AtomicInteger(-1);
    private final boolean frames;

    public ProgressCounter(long total, ProgressListener listener) {
        this(total, listener, false);
    }

    /**
     * {@code frames}: the units are pictures, and the listener also hears {@link
     * ProgressListener#frames} (the count so far, of {@code total}) before each new percent.
     */
    public ProgressCounter(long total, ProgressListener listener, boolean frames) {
        this.total = Math.max(1, total);
        this.listener = listener;
        this.frames = frames;
    }

    /** Counts the buffers that pass {@code pad}. */
    public void watch(Pad pad) {
        pad.addProbe(PadProbeType.BUFFER, (p, info) -> {
            count();
            return PadProbeReturn.OK;
        });
    }

    /** The units counted so far (buffers that crossed the pad, plus any advanced). */
    public long seen() {
        return seen.get();
    }

    private void count() {
        advance(1);
    }

    /** Counts {@code units} more (audio samples, say) towards the expected total. */
    public void advance(long units) {
        report((int) Math.min(99, seen.addAndGet(units) * 100 / total));
    }

    /** Reports 100: call once the output is complete. */
    public void finished() {
        report(100);
    }

    private void report(int percent) {
        int last = reported.get();
        while (percent > last) {
            if (reported.compareAndSet(last, percent)) {
                if (frames) {
                    listener.frames(Math.min(seen.get(), total), total);
                }
                for (int p = last + 1; p <= percent; p++) {
                    listener.progress(p);
                }
                return;
            }
            last = reported.get();
        }
    }
}
