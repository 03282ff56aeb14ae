package gateway.perf;

import gateway.client.FragmentMap;
import gateway.client.GatewayClient;
import gateway.client.Playback;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.RationalTime;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Our side of a player's seek as a player does it: one picture-first {@code Watch} session (the SDK's
 * {@link Playback} with {@link Playback.SeekPreview#SCRUB}) held open, one seek at a time. For each
 * seek: when the scrub frame holding the target is complete (the first picture) and when the watched
 * rendition's fragment holding it is complete, from the moment the seek was sent; and their bytes,
 * to check against the peer's.
 */
final class StreamWatchSeeks implements AutoCloseable {
    private static final long WAIT_SECONDS = 60;

    /** One seek: seconds to the first picture and to the whole fragment, their bytes, and which rendition served it. */
    record Seek(double pictureSeconds, double fragmentSeconds, byte[] picture, byte[] fragment, String profile) {}

    /** The seek in flight: which pieces it waits for and what has arrived of them. */
    private static final class Pending {
        final long pictureStart;
        final long fragmentStart;
        final ByteArrayOutputStream picture = new ByteArrayOutputStream();
        final ByteArrayOutputStream fragment = new ByteArrayOutputStream();
        final CompletableFuture<Long> pictureDone = new CompletableFuture<>();
        final CompletableFuture<Long> fragmentDone = new CompletableFuture<>();

        Pending(long pictureStart, long fragmentStart) {
            this.pictureStart = pictureStart;
            this.fragmentStart = fragmentStart;
        }
    }

    private final CompletableFuture<FragmentMap> opened = new CompletableFuture<>();
    private final CompletableFuture<Void> settled = new CompletableFuture<>();
    private final Playback playback;
    private volatile Pending pending;
    private volatile String profile = "";
    private volatile int renditionChanges;

    private StreamWatchSeeks(GatewayClient sdk, String assetId, String watched) {
        this.playback = sdk.watch(assetId, watched, Playback.SeekPreview.SCRUB, new Listener());
    }

    /**
     * A session on {@code watched}, once its index, init segment and the playhead's first fragment
     * (what a fresh session sends unasked) have arrived, so the link is idle before the first seek.
     */
    static StreamWatchSeeks open(GatewayClient sdk, String assetId, String watched) {
        StreamWatchSeeks s = new StreamWatchSeeks(sdk, assetId, watched);
        s.await(s.opened, "the Watch session's index");
        s.await(s.settled, "the Watch session's first fragment");
        return s;
    }

    /** Seeks to {@code frame}, whose scrub fragment starts at {@code pictureStart} and watched fragment at {@code fragmentStart}. */
    Seek seek(long frame, long pictureStart, long fragmentStart) {
        Pending p = new Pending(pictureStart, fragmentStart);
        pending = p;
        long t0 = System.nanoTime();
        playback.seek(RationalTime.of(frame, opened.join().rate()));
        long fragmentAt = await(p.fragmentDone, "the fragment of a seek to frame " + frame);
        long pictureAt = await(p.pictureDone, "the picture of a seek to frame " + frame);
        pending = null;
        return new Seek(
                (pictureAt - t0) / 1e9,
                (fragmentAt - t0) / 1e9,
                p.picture.toByteArray(),
                p.fragment.toByteArray(),
                profile);
    }

    /** How many times the server moved the session to another rendition (adaptation). */
    int renditionChanges() {
        return renditionChanges;
    }

    private <T> T await(CompletableFuture<T> f, String what) {
        try {
            return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new GatewayException(Reason.INTERNAL, "stream bench: Watch failed waiting for " + what, e.getCause());
        } catch (TimeoutException e) {
            throw new GatewayException(Reason.TIMEOUT, "stream bench: no " + what + " in " + WAIT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException(Reason.INTERNAL, "stream bench: interrupted waiting for " + what, e);
        }
    }

    @Override
    public void close() {
        playback.close();
    }

    /** Collects the pieces the seek in flight waits for; runs on gRPC's thread. */
    private final class Listener implements Playback.Listener {
        @Override
        public void onIndex(FragmentMap index) {
            profile = index.profile();
            opened.complete(index);
        }

        @Override
        public void onPreviewChunk(long fragmentStartFrame, long offsetBytes, byte[] data) {
            Pending p = pending;
            if (p != null && fragmentStartFrame == p.pictureStart && !p.pictureDone.isDone()) {
                p.picture.writeBytes(data);
            }
        }

        @Override
        public void onPreviewDone(FragmentMap.Fragment f) {
            Pending p = pending;
            if (p != null && f.startFrame() == p.pictureStart) {
                p.pictureDone.complete(System.nanoTime());
            }
        }

        @Override
        public void onChunk(long fragmentStartFrame, long offsetBytes, byte[] data) {
            Pending p = pending;
            if (p != null && fragmentStartFrame == p.fragmentStart && !p.fragmentDone.isDone()) {
                p.fragment.writeBytes(data);
            }
        }

        @Override
        public void onFragmentDone(FragmentMap.Fragment f) {
            if (f.startFrame() >= 0) {
                settled.complete(null);
            }
            Pending p = pending;
            if (p != null && f.startFrame() == p.fragmentStart) {
                p.fragmentDone.complete(System.nanoTime());
            }
        }

        @Override
        public void onRenditionChanged(String to, long version, long sizeBytes) {
            renditionChanges++;
        }

        @Override
        public void onClosed(GatewayException error) {
            GatewayException e =
                    error != null ? error : new GatewayException(Reason.INTERNAL, "the Watch session ended");
            opened.completeExceptionally(e);
            settled.completeExceptionally(e);
            Pending p = pending;
            if (p != null) {
                p.pictureDone.completeExceptionally(e);
                p.fragmentDone.completeExceptionally(e);
            }
        }
    }
}
