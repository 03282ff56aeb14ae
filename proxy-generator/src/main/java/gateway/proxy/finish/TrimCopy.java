package gateway.proxy.finish;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.proxy.gst.ProgressCounter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.freedesktop.gstreamer.Sample;

/**
 * Moves one frame range of a decoded original into a {@link MasterWriter}: the pictures whose
 * timestamps fall on frames {@code [start, end)} and, per audio track, exactly the samples from the
 * first sample of frame {@code start} to the first sample of frame {@code end}. Video runs on the
 * calling thread, each audio track on its own; the first failure stops all of them.
 */
final class TrimCopy {
    private final DecodedSource source;
    private final MasterWriter writer;
    private final FrameRate rate;
    private final long start;
    private final long end;
    private final int width;
    private final int height;
    private final List<MasterWriter.AudioLayout> audio;
    private final AtomicReference<RuntimeException> firstFailure = new AtomicReference<>();

    TrimCopy(
            DecodedSource source,
            MasterWriter writer,
            FrameRate rate,
            long start,
            long end,
            int width,
            int height,
            List<MasterWriter.AudioLayout> audio) {
        this.source = source;
        this.writer = writer;
        this.rate = rate;
        this.start = start;
        this.end = end;
        this.width = width;
        this.height = height;
        this.audio = audio;
    }

    /** Copies everything; throws the first failure of any track. */
    void run(ProgressCounter progress) {
        List<Future<?>> tracks = new ArrayList<>();
        try (ExecutorService pool = Executors.newThreadPerTaskExecutor(
                Thread.ofPlatform().name("trim-audio-", 0).daemon().factory())) {
            for (int i = 0; i < audio.size(); i++) {
                int track = i;
                tracks.add(pool.submit(() -> guarded(() -> copyAudio(track))));
            }
            guarded(() -> copyVideo(progress));
            for (Future<?> f : tracks) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    // recorded by guarded()
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stop(new GatewayException(Reason.CANCELLED, source.subject() + ": interrupted", e));
                }
            }
        }
        RuntimeException failure = firstFailure.get();
        if (failure != null) {
            throw failure;
        }
    }

    private void guarded(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            stop(e);
        }
    }

    private void stop(RuntimeException e) {
        if (firstFailure.compareAndSet(null, e)) {
            writer.abort(e.getMessage());
            source.cancel();
        }
    }

    private void copyVideo(ProgressCounter progress) {
        long want = start;
        while (want < end) {
            Sample sample = source.pullVideo();
            if (sample == null) {
                throw ended("video", "frame " + want);
            }
            long pts = sample.getBuffer().getPresentationTimestamp();
            if (pts < 0) {
                sample.dispose();
                throw new GatewayException(
                        Reason.UNSUPPORTED, source.subject() + ": a decoded picture carries no timestamp");
            }
            long frame = source.frameOf(pts, rate);
            if (frame < want) {
                sample.dispose();
                continue;
            }
            if (frame > want) {
                sample.dispose();
                throw new GatewayException(
                        Reason.CORRUPT,
                        source.subject() + ": frame " + want + " is missing (the next decoded picture is frame " + frame
                                + ")");
            }
            writer.pushPicture(new Picture(width, height, DecodedSource.bytesOf(sample)));
            progress.advance(1);
            want++;
        }
        writer.endVideo();
    }

    private void copyAudio(int track) {
        MasterWriter.AudioLayout layout = audio.get(track);
        SampleClock clock = new SampleClock(layout.sampleRate());
        int bytesPerSample = layout.bytesPerSample();
        long first = clock.atFrame(start, rate);
        long last = clock.atFrame(end, rate);
        long want = first;
        while (want < last) {
            Sample sample = source.pullAudio(track);
            if (sample == null) {
                if (source.failure() != null || firstFailure.get() != null) {
                    throw ended("audio track " + (track + 1), "sample " + want);
                }
                // The original's audio stops before its pictures: the rest of the span is silence.
                pushSilence(track, want - first, last - want, bytesPerSample);
                want = last;
                break;
            }
            long pts = sample.getBuffer().getPresentationTimestamp();
            byte[] bytes = DecodedSource.bytesOf(sample);
            long at = clock.atNanos(pts - source.audioOrigin(track));
            long count = bytes.length / bytesPerSample;
            if (at + count <= want) {
                continue;
            }
            if (at > want && want == first) {
                throw new GatewayException(
                        Reason.INTERNAL,
                        source.subject() + ": audio track " + (track + 1) + " starts at sample " + at
                                + " after seeking, past the first sample wanted, " + want);
            }
            if (at > want) {
                // A hole in the original's sound (never at the start: see above) is kept as silence.
                pushSilence(track, want - first, Math.min(at, last) - want, bytesPerSample);
                want = Math.min(at, last);
                if (want >= last) {
                    break;
                }
            }
            int from = (int) (want - at);
            int to = (int) Math.min(count, last - at);
            writer.pushAudio(
                    track, Arrays.copyOfRange(bytes, from * bytesPerSample, to * bytesPerSample), want - first);
            want = at + to;
        }
        writer.endAudio(track);
    }

    private void pushSilence(int track, long at, long samples, int bytesPerSample) {
        for (long done = 0; done < samples; ) {
            int n = (int) Math.min(4800, samples - done);
            writer.pushAudio(track, new byte[n * bytesPerSample], at + done);
            done += n;
        }
    }

    private RuntimeException ended(String what, String where) {
        GatewayException failure = source.failure();
        if (failure != null) {
            return failure;
        }
        RuntimeException other = firstFailure.get();
        if (other != null) {
            return other;
        }
        return new GatewayException(
                Reason.CORRUPT,
                source.subject() + ": the " + what + " ends before " + where + " although the file says it is longer");
    }
}
