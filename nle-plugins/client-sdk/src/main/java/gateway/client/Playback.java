package gateway.client;

import gateway.model.checksum.XxHash64;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.RationalTime;
import gateway.model.time.TimeRange;
import gateway.protos.mapper.ErrorMapper;
import gateway.protos.mapper.TimeMapper;
import gateway.protos.stream.v1.FragmentDone;
import gateway.protos.stream.v1.Open;
import gateway.protos.stream.v1.Pause;
import gateway.protos.stream.v1.Play;
import gateway.protos.stream.v1.Playhead;
import gateway.protos.stream.v1.Prefetch;
import gateway.protos.stream.v1.Seek;
import gateway.protos.stream.v1.StreamServiceGrpc.StreamServiceStub;
import gateway.protos.stream.v1.WatchChunk;
import gateway.protos.stream.v1.WatchRequest;
import gateway.protos.stream.v1.WatchResponse;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.List;

/**
 * A playback session ({@code Watch}) on one rendition: tell the server where the editor is
 * ({@link #seek}, {@link #playhead}, {@link #play}, {@link #pause}, {@link #prefetch}) and hear
 * the index, verified chunks and completed fragments through the {@link Listener}, on gRPC's
 * thread, in the order the server sent them. Every chunk's XXH64 is checked; a bad one ends the
 * session with CORRUPT. Thread-safe.
 */
public final class Playback implements AutoCloseable {

    /** What a seek is answered with first. */
    public enum SeekPreview {
        /** The watched rendition's fragment holding the target. */
        NONE,
        /**
         * The all-intra "scrub" fragment holding the target (a few KB, decodable alone, after the
         * scrub init segment once), then the watched rendition's fragment. Ignored by the server
         * for an asset without a scrub rendition.
         */
        SCRUB
    }

    /** What the server says during a session; every method has an empty default. */
    public interface Listener {
        /** The index of the rendition now watched (after open, and again after a rendition change). */
        default void onIndex(FragmentMap index) {}

        /** Verified bytes of one fragment ({@code fragmentStartFrame} -1: the init segment). */
        default void onChunk(long fragmentStartFrame, long offsetBytes, byte[] data) {}

        /** Every byte of {@code fragment} has arrived ({@code startFrame} -1: the init segment). */
        default void onFragmentDone(FragmentMap.Fragment fragment) {}

        /**
         * Verified bytes of a seek's preview in the scrub rendition ({@link SeekPreview#SCRUB});
         * {@code offsetBytes} are in the scrub file, {@code fragmentStartFrame} -1 is its init segment.
         */
        default void onPreviewChunk(long fragmentStartFrame, long offsetBytes, byte[] data) {}

        /** Every byte of a preview fragment of the scrub rendition (or its init segment, -1) has arrived. */
        default void onPreviewDone(FragmentMap.Fragment fragment) {}

        /**
         * The server moved the session to another rendition (its new index follows): at open, when
         * the link estimate cannot carry the asked-for rendition's fragments within the seek budget,
         * or later, for the rate the server measures.
         */
        default void onRenditionChanged(String profile, long version, long sizeBytes) {}

        /** The session ended: {@code error} is null when the server completed it. */
        default void onClosed(GatewayException error) {}
    }

    private final String source;
    private final Listener listener;
    private ClientCallStreamObserver<WatchRequest> requests;
    private boolean ended;

    private Playback(String source, Listener listener) {
        this.source = source;
        this.listener = listener;
    }

    static Playback open(
            StreamServiceStub stub,
            String assetId,
            String profile,
            SeekPreview preview,
            long linkBytesPerSecond,
            Listener listener) {
        Playback p = new Playback("Watch " + assetId + "/" + profile, listener);
        stub.watch(p.new Responses());
        p.send(WatchRequest.newBuilder()
                .setOpen(Open.newBuilder()
                        .setAssetId(assetId)
                        .setProfile(profile)
                        .setScrubFirst(preview == SeekPreview.SCRUB)
                        .setClientBytesPerSecond(Math.max(0, linkBytesPerSecond)))
                .build());
        return p;
    }

    /** The editor jumped to {@code to}: its fragment comes before anything else. */
    public void seek(RationalTime to) {
        send(WatchRequest.newBuilder()
                .setSeek(Seek.newBuilder().setTo(TimeMapper.toProto(to)))
                .build());
    }

    /** Where the playhead is now; steers read-ahead. */
    public void playhead(RationalTime at) {
        send(WatchRequest.newBuilder()
                .setPlayhead(Playhead.newBuilder().setAt(TimeMapper.toProto(at)))
                .build());
    }

    public void play() {
        send(WatchRequest.newBuilder().setPlay(Play.getDefaultInstance()).build());
    }

    public void pause() {
        send(WatchRequest.newBuilder().setPause(Pause.getDefaultInstance()).build());
    }

    /** Ranges expected to be needed, in priority order; replaces earlier hints. */
    public void prefetch(List<TimeRange> ranges) {
        Prefetch.Builder b = Prefetch.newBuilder();
        ranges.forEach(r -> b.addRanges(TimeMapper.toProto(r)));
        send(WatchRequest.newBuilder().setPrefetch(b).build());
    }

    /** Ends the session; the server stops sending and closes the file. */
    @Override
    public synchronized void close() {
        if (!ended && requests != null) {
            ended = true;
            requests.cancel("playback closed by the client", null);
        }
    }

    private synchronized void send(WatchRequest request) {
        if (ended) {
            throw new GatewayException(Reason.FAILED_PRECONDITION, source + " has ended");
        }
        requests.onNext(request);
    }

    private synchronized void end() {
        ended = true;
    }

    private final class Responses implements ClientResponseObserver<WatchRequest, WatchResponse> {
        @Override
        public void beforeStart(ClientCallStreamObserver<WatchRequest> requestStream) {
            requests = requestStream;
        }

        @Override
        public void onNext(WatchResponse r) {
            switch (r.getEventCase()) {
                case INDEX -> listener.onIndex(FragmentMap.of(r.getIndex()));
                case CHUNK -> chunk(r.getChunk());
                case FRAGMENT_DONE -> done(r.getFragmentDone());
                case RENDITION_CHANGED ->
                    listener.onRenditionChanged(
                            r.getRenditionChanged().getProfile(),
                            r.getRenditionChanged().getVersion(),
                            r.getRenditionChanged().getSizeBytes());
                case EVENT_NOT_SET -> {}
            }
        }

        private void done(FragmentDone d) {
            FragmentMap.Fragment f = new FragmentMap.Fragment(
                    d.getStartFrame(), d.getDurationFrames(), d.getOffsetBytes(), d.getLengthBytes());
            if (d.getProfile().isEmpty()) {
                listener.onFragmentDone(f);
            } else {
                listener.onPreviewDone(f);
            }
        }

        private void chunk(WatchChunk c) {
            byte[] data = c.getData().toByteArray();
            if (XxHash64.hash(data, 0, data.length, 0) != c.getXxh64()) {
                GatewayException e = new GatewayException(
                        Reason.CORRUPT,
                        source + ": the chunk at byte " + c.getOffsetBytes() + " fails its XXH64 check");
                close();
                listener.onClosed(e);
                return;
            }
            if (c.getProfile().isEmpty()) {
                listener.onChunk(c.getFragmentStartFrame(), c.getOffsetBytes(), data);
            } else {
                listener.onPreviewChunk(c.getFragmentStartFrame(), c.getOffsetBytes(), data);
            }
        }

        @Override
        public void onError(Throwable t) {
            boolean byUs;
            synchronized (Playback.this) {
                byUs = ended;
            }
            end();
            if (!byUs) {
                listener.onClosed(ErrorMapper.fromThrowable(t, source));
            }
        }

        @Override
        public void onCompleted() {
            end();
            listener.onClosed(null);
        }
    }
}
