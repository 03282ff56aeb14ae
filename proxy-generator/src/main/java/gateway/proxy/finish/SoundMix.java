package gateway.proxy.finish;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The master's sound: one 24-bit 48 kHz channel per audio track ({@link SoundTrack}), written as
 * one interleaved PCM track of the master on its own thread, exactly as many samples as the
 * timeline's frames last (the first sample at or after the end frame).
 */
final class SoundMix implements AutoCloseable {
    private static final int BLOCK = 4800;

    private final List<SoundTrack> tracks = new ArrayList<>();
    private final long samples;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    SoundMix(List<TrackLayout> layouts, FrameRate rate, long frames, Duration timeout) {
        for (int i = 0; i < layouts.size(); i++) {
            tracks.add(new SoundTrack(layouts.get(i), rate, i, timeout));
        }
        this.samples = new SampleClock(SoundCursor.SAMPLE_RATE).atFrame(frames, rate);
    }

    /** The layout of the master's audio track. */
    MasterWriter.AudioLayout layout() {
        return new MasterWriter.AudioLayout(tracks.size(), SoundCursor.SAMPLE_RATE, 24);
    }

    /** Starts writing into audio track 0 of {@code writer}; a failure aborts the writer. */
    void start(MasterWriter writer) {
        Thread.ofPlatform().name("master-sound").daemon().start(() -> {
            try {
                writeAll(writer);
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
                writer.abort("sound: " + e.getMessage());
            }
        });
    }

    private void writeAll(MasterWriter writer) {
        int channels = tracks.size();
        int[][] block = new int[channels][BLOCK];
        for (long at = 0; at < samples; at += BLOCK) {
            int n = (int) Math.min(BLOCK, samples - at);
            for (int c = 0; c < channels; c++) {
                tracks.get(c).read(at, n, block[c]);
            }
            byte[] bytes = new byte[n * channels * 3];
            int p = 0;
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < channels; c++) {
                    int v = block[c][i];
                    bytes[p++] = (byte) v;
                    bytes[p++] = (byte) (v >> 8);
                    bytes[p++] = (byte) (v >> 16);
                }
            }
            writer.pushAudio(0, bytes, at);
        }
        writer.endAudio(0);
    }

    /** Waits for the sound to be written; throws its failure. */
    void await(Duration timeout) {
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r
                    ? r
                    : new GatewayException(Reason.INTERNAL, "sound: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new GatewayException(Reason.TIMEOUT, "the master's sound was not written in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException(Reason.CANCELLED, "interrupted while writing the master's sound", e);
        }
    }

    /** Waits a while for the sound thread after a failure elsewhere, ignoring its own failure. */
    void awaitQuietly(Duration timeout) {
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // the failure that stopped the render is reported instead
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        tracks.forEach(SoundTrack::close);
    }
}
