package gateway.server.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.index.CatalogIndex;
import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.ProjectId;
import gateway.protos.stream.v1.Open;
import gateway.protos.stream.v1.Play;
import gateway.protos.stream.v1.StreamServiceGrpc;
import gateway.protos.stream.v1.WatchRequest;
import gateway.protos.stream.v1.WatchResponse;
import gateway.proxy.checksum.FileChecksums;
import gateway.proxy.probe.MediaProbe;
import gateway.proxy.progress.ProgressListener;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import gateway.proxy.transcode.Ladder;
import gateway.proxy.transcode.LadderResult;
import gateway.server.auth.AuditLog;
import gateway.server.auth.Authoriser;
import gateway.server.auth.Principal;
import gateway.server.auth.Role;
import gateway.server.catalog.Catalogue;
import gateway.server.metrics.Metrics;
import gateway.server.stream.Adaptation;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Watch session's policy on a real gRPC server over TCP with GStreamer-made renditions:
 * read-ahead only while playing and only so far, and the switch to stream-lo when the measured
 * rate is below the threshold (here: any rate).
 */
class WatchSessionIT {
    private static final ProjectId PROJECT = new ProjectId("policy");
    private static final Principal ED = new Principal("ed", Map.of(PROJECT, Role.ASSISTANT));

    @TempDir
    static Path dir;

    static ManifestStore store;
    static Catalogue catalogue;
    static Manifest manifest;
    static CatalogIndex index;

    @BeforeAll
    static void makeAsset() throws Exception {
        Path original = dir.resolve("A003C001.mov");
        new SampleOriginals()
                .generate(
                        SampleSpec.proresHq1080p25()
                                .withDurationFrames(150)
                                .withSize(640, 360)
                                .withNoise(false),
                        original,
                        ProgressListener.NONE);
        store = new ManifestStore(dir.resolve("store"));
        AssetId id = AssetId.random();
        MediaProbe probe = new MediaProbe();
        MediaInfo info = probe.probe(original);
        LadderResult ladder = new Ladder(probe)
                .make(
                        original,
                        info,
                        id,
                        store.assetDir(PROJECT, id),
                        Set.of("stream-hi", "stream-lo"),
                        ProgressListener.NONE);
        manifest = store.commit(new Manifest(
                Manifest.SCHEMA_VERSION,
                0,
                id,
                PROJECT,
                original.getFileName().toString(),
                original.toString(),
                info,
                FileChecksums.compute(original),
                ladder.renditions(),
                Map.of(),
                Instant.now()));
        index = CatalogIndex.open(dir.resolve("index"), store);
        catalogue = new Catalogue(
                index, store, new Authoriser(new AuditLog(dir.resolve("audit.log"), Clock.systemUTC())), new Metrics());
    }

    @AfterAll
    static void done() {
        if (index != null) {
            index.close();
        }
    }

    @Test
    void pausedSendsThePlayheadsFragmentAndPlayingReadsAheadThreeMore() throws Exception {
        try (Served s = Served.start(Adaptation.DEFAULTS)) {
            Watch w = s.watch();
            w.send(open("stream-hi"));
            w.awaitDone(0);
            w.send(WatchRequest.newBuilder().setPlay(Play.getDefaultInstance()).build());
            w.awaitDone(75); // the third fragment ahead of the playhead (1 s GOPs at 25 fps)
            w.halfClose();
            List<Long> done = w.drainToEnd().stream()
                    .filter(WatchResponse::hasFragmentDone)
                    .map(r -> r.getFragmentDone().getStartFrame())
                    .toList();
            assertEquals(List.of(-1L, 0L, 25L, 50L, 75L), done, "header, the playhead's fragment, three ahead");
            assertTrue(s.metrics.render().contains("gateway_streams_open 0"), "the session closed its file");
        }
    }

    @Test
    void aSlowLinkMovesTheSessionToStreamLoWithItsIndexAndHeader() throws Exception {
        byte[] lo = Files.readAllBytes(store.assetDir(PROJECT, manifest.assetId())
                .resolve(manifest.rendition("stream-lo").orElseThrow().path()));
        // Every measured rate is below the low mark: one fragment on stream-hi, then stream-lo.
        try (Served s = Served.start(new Adaptation(Long.MAX_VALUE / 2, Long.MAX_VALUE / 2, 1))) {
            Watch w = s.watch();
            w.send(open("stream-hi"));
            w.awaitDone(0);
            w.awaitDone(0); // fragment 0 again, now of stream-lo
            w.halfClose();
            List<WatchResponse> all = w.drainToEnd();
            int changed = indexOf(all, WatchResponse::hasRenditionChanged);
            assertTrue(changed > 0, "a rendition change");
            assertEquals("stream-lo", all.get(changed).getRenditionChanged().getProfile());
            assertEquals(lo.length, all.get(changed).getRenditionChanged().getSizeBytes());
            assertEquals(
                    manifest.version(), all.get(changed).getRenditionChanged().getVersion());
            assertTrue(all.get(changed + 1).hasIndex(), "the new index follows the change");
            assertEquals("stream-lo", all.get(changed + 1).getIndex().getProfile());
            long header = all.get(changed + 1).getIndex().getHeaderLengthBytes();
            List<WatchResponse> loChunks = all.subList(changed + 2, all.size()).stream()
                    .filter(WatchResponse::hasChunk)
                    .toList();
            assertEquals(-1, loChunks.get(0).getChunk().getFragmentStartFrame(), "its init segment first");
            for (WatchResponse r : loChunks) {
                int at = (int) r.getChunk().getOffsetBytes();
                byte[] data = r.getChunk().getData().toByteArray();
                assertArrayEquals(Arrays.copyOfRange(lo, at, at + data.length), data, "stream-lo bytes at " + at);
            }
            assertEquals(
                    header,
                    loChunks.stream()
                            .filter(r -> r.getChunk().getFragmentStartFrame() == -1)
                            .mapToLong(r -> r.getChunk().getData().size())
                            .sum());
            // Before the change: stream-hi's header and fragment 0, nothing of stream-lo.
            assertEquals("stream-hi", all.get(0).getIndex().getProfile());
        }
    }

    private static WatchRequest open(String profile) {
        return WatchRequest.newBuilder()
                .setOpen(
                        Open.newBuilder().setAssetId(manifest.assetId().value()).setProfile(profile))
                .build();
    }

    private static int indexOf(List<WatchResponse> all, java.util.function.Predicate<WatchResponse> p) {
        for (int i = 0; i < all.size(); i++) {
            if (p.test(all.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** The stream service alone on a TCP port, every call made as ED. */
    private record Served(Server server, ManagedChannel channel, Metrics metrics) implements AutoCloseable {
        static Served start(Adaptation adaptation) throws Exception {
            Metrics metrics = new Metrics();
            ServerInterceptor asEd = new ServerInterceptor() {
                @Override
                public <Q, R> ServerCall.Listener<Q> interceptCall(
                        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                    return Contexts.interceptCall(
                            Context.current().withValue(AuthInterceptor.PRINCIPAL, ED), call, headers, next);
                }
            };
            Server server = NettyServerBuilder.forPort(0)
                    .addService(ServerInterceptors.intercept(
                            new StreamGrpcService(
                                    catalogue,
                                    store,
                                    metrics,
                                    new AuditLog(dir.resolve("stream-audit.log"), Clock.systemUTC()),
                                    adaptation),
                            asEd))
                    .build()
                    .start();
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort())
                    .usePlaintext()
                    .build();
            return new Served(server, channel, metrics);
        }

        Watch watch() {
            Watch w = new Watch();
            w.requests = StreamServiceGrpc.newStub(channel).watch(w);
            return w;
        }

        @Override
        public void close() throws InterruptedException {
            channel.shutdownNow();
            server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** A Watch call whose responses queue up for the test thread. */
    private static final class Watch implements StreamObserver<WatchResponse> {
        private static final Object END = new Object();
        final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        final List<WatchResponse> seen = new ArrayList<>();
        StreamObserver<WatchRequest> requests;

        @Override
        public void onNext(WatchResponse value) {
            inbox.add(value);
        }

        @Override
        public void onError(Throwable t) {
            inbox.add(t);
        }

        @Override
        public void onCompleted() {
            inbox.add(END);
        }

        synchronized void send(WatchRequest r) {
            requests.onNext(r);
        }

        synchronized void halfClose() {
            requests.onCompleted();
        }

        private Object next() throws InterruptedException {
            Object o = inbox.poll(60, TimeUnit.SECONDS);
            assertNotNull(o, "a message within 60 s");
            if (o instanceof Throwable t) {
                throw new AssertionError("the call failed", t);
            }
            if (o instanceof WatchResponse r) {
                seen.add(r);
            }
            return o;
        }

        /** Reads until the FragmentDone of the fragment starting at {@code startFrame}. */
        void awaitDone(long startFrame) throws InterruptedException {
            while (true) {
                Object o = next();
                if (o == END) {
                    throw new AssertionError("the call ended before fragment " + startFrame + " was done");
                }
                if (((WatchResponse) o).hasFragmentDone()
                        && ((WatchResponse) o).getFragmentDone().getStartFrame() == startFrame) {
                    return;
                }
            }
        }

        /** Reads until the server completes the call; everything seen on it. */
        List<WatchResponse> drainToEnd() throws InterruptedException {
            while (next() != END) {
                // collecting
            }
            return seen;
        }
    }
}
