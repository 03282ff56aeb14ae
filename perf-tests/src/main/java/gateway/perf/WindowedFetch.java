package gateway.perf;

import gateway.protos.stream.v1.Chunk;
import gateway.protos.stream.v1.FetchRequest;
import gateway.protos.stream.v1.StreamServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Where the bytes a dropped link wastes sit: one Fetch through the {@link LinkEmulator} by a bare
 * gRPC client whose HTTP/2 flow-control window (what the node may send that the client has not
 * read yet) is chosen, the link cut once a quarter of the file has arrived, no resume. The node's
 * served bytes (its {@code gateway_stream_bytes_total}) minus the whole chunks the client kept are
 * what that drop wasted. Run with grpc-java's default window (1 MiB, what the SDK's channel has) and
 * with about one chunk, it shows whether the window is what bounds the waste.
 */
final class WindowedFetch {
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    /** What one cut call wasted: bytes the node counted as sent beyond what the client kept, and what it kept. */
    record Waste(long sentBeyondKept, long kept) {}

    private WindowedFetch() {}

    /**
     * One Fetch of {@code asset}'s edit rendition ({@code size} bytes) through {@code link} in
     * {@code chunkBytes} chunks with an HTTP/2 window of {@code windowBytes}, cut at a quarter.
     */
    static Waste once(
            FaultCluster node,
            LinkEmulator link,
            String token,
            String asset,
            long size,
            int chunkBytes,
            int windowBytes,
            java.util.function.LongSupplier served)
            throws Exception {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", link.port())
                .usePlaintext()
                .flowControlWindow(windowBytes)
                .maxInboundMessageSize(chunkBytes + 64 * 1024)
                .build();
        try {
            Metadata headers = new Metadata();
            headers.put(AUTHORIZATION, "Bearer " + token);
            StreamServiceGrpc.StreamServiceBlockingStub stub = StreamServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
            long before = served.getAsLong();
            AtomicLong kept = new AtomicLong();
            CompletableFuture<Void> call = CompletableFuture.runAsync(() -> {
                try {
                    Iterator<Chunk> chunks = stub.fetch(FetchRequest.newBuilder()
                            .setAssetId(asset)
                            .setProfile("edit")
                            .setChunkSizeBytes(chunkBytes)
                            .build());
                    while (chunks.hasNext()) {
                        Chunk c = chunks.next();
                        if (c.getOffsetBytes() != kept.get()) {
                            throw new IllegalStateException(
                                    "chunk at " + c.getOffsetBytes() + ", expected " + kept.get());
                        }
                        kept.addAndGet(c.getData().size());
                    }
                } catch (StatusRuntimeException e) {
                    // the link was cut: what arrived whole is kept
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (kept.get() < size / 4 && !call.isDone() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            link.drop(TimeUnit.SECONDS.toNanos(1));
            call.get(60, TimeUnit.SECONDS);
            // The node counts a chunk when it hands it to its transport; wait until it stops counting.
            long last = served.getAsLong();
            long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < settle) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
                long now = served.getAsLong();
                if (now == last) {
                    break;
                }
                last = now;
            }
            // let the link come back before the next run
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
            return new Waste(last - before - kept.get(), kept.get());
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
