package gateway.server.grpc;

import com.google.protobuf.UnsafeByteOperations;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.Rendition;
import gateway.model.checksum.XxHash64;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.protos.mapper.StreamMapper;
import gateway.protos.stream.v1.Chunk;
import gateway.protos.stream.v1.FetchRequest;
import gateway.protos.stream.v1.FragmentIndex;
import gateway.protos.stream.v1.GetFragmentIndexRequest;
import gateway.protos.stream.v1.GetThumbnailsRequest;
import gateway.protos.stream.v1.GetWaveformRequest;
import gateway.protos.stream.v1.StreamServiceGrpc;
import gateway.protos.stream.v1.Thumbnail;
import gateway.protos.stream.v1.WatchRequest;
import gateway.protos.stream.v1.WatchResponse;
import gateway.protos.stream.v1.Waveform;
import gateway.server.auth.Action;
import gateway.server.auth.AuditLog;
import gateway.server.catalog.Catalogue;
import gateway.server.metrics.Metrics;
import gateway.server.stream.Adaptation;
import gateway.server.stream.RenditionFile;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * Range-addressed, resumable delivery of renditions. {@code Fetch} reads the file only while the
 * transport is ready (gRPC flow control), so a slow reader costs one chunk of memory (a seek's
 * range of at most {@link #SEEK_RANGE_BYTES} is queued whole, so its last byte does not wait for
 * its first to drain), and stops reading the moment the call is cancelled. {@code Watch} is a seek-first playback session
 * ({@link WatchSession}); {@code GetThumbnails} streams the asset's JPEGs under the same flow
 * control; {@code GetWaveform} answers the waveform's peaks.
 */
public final class StreamGrpcService extends StreamServiceGrpc.StreamServiceImplBase {
    static final int DEFAULT_CHUNK_BYTES = 256 * 1024;
    /**
     * The largest {@code chunk_size_bytes} a Fetch may ask for: 4 MiB less 64 KiB, so a chunk and
     * its message fields fit the 4 MiB message limit a default gRPC client accepts.
     */
    static final int MAX_CHUNK_BYTES = 4 * 1024 * 1024 - 64 * 1024;
    /** A Fetch of at most this many bytes is a seek: it may be queued on the transport whole. */
    static final int SEEK_RANGE_BYTES = 1024 * 1024;
    /** grpc-java's own on-ready threshold, which longer Fetches keep. */
    static final int DEFAULT_ON_READY_THRESHOLD_BYTES = 32 * 1024;

    private final Catalogue catalogue;
    private final ManifestStore store;
    private final StreamMeters meters;
    private final Metrics.Counter bytesServed;
    private final Metrics.Counter streams;
    private final Adaptation adaptation;
    private final AuditLog audit;
    // Watch sessions send in short batches here, off gRPC's threads, so commands interleave with sending.
    private final Executor watchSenders = Executors.newVirtualThreadPerTaskExecutor();

    public StreamGrpcService(Catalogue catalogue, ManifestStore store, Metrics metrics, AuditLog audit) {
        this(catalogue, store, metrics, audit, Adaptation.DEFAULTS);
    }

    StreamGrpcService(
            Catalogue catalogue, ManifestStore store, Metrics metrics, AuditLog audit, Adaptation adaptation) {
        this.catalogue = catalogue;
        this.audit = audit;
        this.store = store;
        this.meters = StreamMeters.register(metrics);
        this.bytesServed = meters.bytesServed();
        this.streams = metrics.counter("gateway_streams_total", "Fetch streams started");
        this.adaptation = adaptation;
    }

    @Override
    public StreamObserver<WatchRequest> watch(StreamObserver<WatchResponse> responseObserver) {
        WatchSession session = new WatchSession(
                (ServerCallStreamObserver<WatchResponse>) responseObserver,
                AuthInterceptor.principal(),
                catalogue,
                store,
                watchSenders,
                adaptation,
                meters,
                new WatchSummary(
                        audit, AuthInterceptor.principal().subject(), AuthInterceptor.callInfo(), System::nanoTime));
        session.start();
        return session;
    }

    @Override
    public void getThumbnails(GetThumbnailsRequest request, StreamObserver<Thumbnail> responseObserver) {
        ServerCallStreamObserver<Thumbnail> out = (ServerCallStreamObserver<Thumbnail>) responseObserver;
        ThumbnailPump pump;
        try {
            Manifest m = catalogue.asset(AuthInterceptor.principal(), request.getAssetId(), Action.STREAM);
            pump = new ThumbnailPump(out, store, m, meters);
        } catch (RuntimeException e) {
            ServiceCalls.fail(out, e);
            return;
        }
        pump.start();
    }

    @Override
    public void getWaveform(GetWaveformRequest request, StreamObserver<Waveform> out) {
        ServiceCalls.unary(out, () -> {
            Manifest m = catalogue.asset(AuthInterceptor.principal(), request.getAssetId(), Action.STREAM);
            Rendition r = m.rendition("waveform")
                    .orElseThrow(() -> GatewayException.notFound("asset " + m.assetId() + " has no waveform"));
            return WaveformFile.read(RenditionFile.inside(store, m, r.path()));
        });
    }

    @Override
    public void getFragmentIndex(GetFragmentIndexRequest request, StreamObserver<FragmentIndex> out) {
        ServiceCalls.unary(out, () -> {
            Manifest m = catalogue.asset(AuthInterceptor.principal(), request.getAssetId(), Action.STREAM);
            String profile = request.getProfile().isEmpty() ? "stream-hi" : request.getProfile();
            // NOT_FOUND when the asset has no such rendition, FAILED_PRECONDITION when it is not fragmented
            gateway.model.asset.FragmentIndex index = RenditionFile.indexOf(store, m, profile);
            Rendition r = m.rendition(profile).orElseThrow();
            return StreamMapper.toProto(
                    index, profile, r.sizeBytes(), r.mimeType() == null ? "video/mp4" : r.mimeType(), m.version());
        });
    }

    @Override
    public void fetch(FetchRequest request, StreamObserver<Chunk> responseObserver) {
        ServerCallStreamObserver<Chunk> out = (ServerCallStreamObserver<Chunk>) responseObserver;
        FileChannel channel;
        long end;
        long size;
        int chunkBytes;
        try {
            checkFetchRange(request);
            // The authorisation's audit line carries the byte range asked for.
            Manifest m = AuthInterceptor.withByteRange(
                    request.getOffsetBytes(),
                    request.getLengthBytes(),
                    () -> catalogue.asset(AuthInterceptor.principal(), request.getAssetId(), Action.STREAM));
            String profile = request.getProfile().isEmpty() ? "edit" : request.getProfile();
            Rendition r = m.rendition(profile)
                    .orElseThrow(() -> new GatewayException(
                            Reason.NOT_FOUND, "asset " + m.assetId() + " has no '" + profile + "' rendition"));
            Path file = RenditionFile.inside(store, m, r.path());
            channel = FileChannel.open(file, StandardOpenOption.READ);
            size = channel.size();
            if (request.getOffsetBytes() > size) {
                channel.close();
                throw new GatewayException(
                        Reason.OUT_OF_RANGE,
                        "offset_bytes " + request.getOffsetBytes() + " is past the end of the " + size
                                + "-byte rendition (0 to " + size + ")");
            }
            long length = request.getLengthBytes();
            end = length == 0 || length > size - request.getOffsetBytes() ? size : request.getOffsetBytes() + length;
            chunkBytes = request.getChunkSizeBytes() == 0 ? DEFAULT_CHUNK_BYTES : request.getChunkSizeBytes();
        } catch (GatewayException e) {
            ServiceCalls.fail(out, e);
            return;
        } catch (IOException e) {
            ServiceCalls.fail(out, GatewayException.io("cannot open the rendition: " + e.getMessage(), e));
            return;
        }
        streams.inc();
        new Pump(out, channel, request.getOffsetBytes(), end, size, chunkBytes).start();
    }

    /**
     * INVALID_ARGUMENT, naming the field and the range it allows, for a negative offset or length
     * or a chunk size beyond {@link #MAX_CHUNK_BYTES}; checked before the asset is looked up.
     */
    static void checkFetchRange(FetchRequest request) {
        if (request.getOffsetBytes() < 0) {
            throw GatewayException.invalid("offset_bytes is " + request.getOffsetBytes()
                    + "; it must be 0 or more (at most the rendition's size)");
        }
        if (request.getLengthBytes() < 0) {
            throw GatewayException.invalid(
                    "length_bytes is " + request.getLengthBytes() + "; it must be 0 (to the end of the file) or more");
        }
        int chunk = request.getChunkSizeBytes();
        if (chunk < 0 || chunk > MAX_CHUNK_BYTES) {
            throw GatewayException.invalid("chunk_size_bytes is " + chunk + "; it must be 0 (the server's default, "
                    + DEFAULT_CHUNK_BYTES + ") or 1 to " + MAX_CHUNK_BYTES
                    + " (a chunk must fit a default client's 4 MiB message limit)");
        }
    }

    /** Sends chunks while the transport is ready; resumes from the on-ready handler. */
    private final class Pump {
        private final ServerCallStreamObserver<Chunk> out;
        private final FileChannel channel;
        private final long start;
        private final long end;
        private final long total;
        private final int chunkBytes;
        private long position;
        private boolean finished;
        private boolean closed;

        Pump(
                ServerCallStreamObserver<Chunk> out,
                FileChannel channel,
                long start,
                long end,
                long total,
                int chunkBytes) {
            this.out = out;
            this.channel = channel;
            this.start = start;
            this.position = start;
            this.end = end;
            this.total = total;
            this.chunkBytes = chunkBytes;
        }

        void start() {
            meters.open().incrementAndGet();
            if (end - start <= SEEK_RANGE_BYTES) {
                // A seek's range (one fragment) goes to the transport whole, without waiting for each
                // chunk to drain first: the memory is bounded by the range asked for.
                out.setOnReadyThreshold((int) Math.max(DEFAULT_ON_READY_THRESHOLD_BYTES, end - start));
            }
            out.setOnCancelHandler(this::close);
            out.setOnReadyHandler(this::drain);
            drain();
        }

        private synchronized void drain() {
            try {
                while (!finished && out.isReady() && !out.isCancelled()) {
                    if (position >= end) {
                        finish();
                        return;
                    }
                    byte[] data = read((int) Math.min(chunkBytes, end - position));
                    out.onNext(Chunk.newBuilder()
                            .setOffsetBytes(position)
                            .setData(UnsafeByteOperations.unsafeWrap(data))
                            .setXxh64(XxHash64.hash(data, 0, data.length, 0))
                            .setTotalSizeBytes(total)
                            .build());
                    position += data.length;
                    bytesServed.add(data.length);
                }
            } catch (IOException e) {
                fail(GatewayException.io(
                        "reading the rendition failed at byte " + position + ": " + e.getMessage(), e));
            } catch (RuntimeException e) {
                fail(e);
            }
        }

        /** The next {@code length} bytes from {@code position}, read straight into the chunk's own array. */
        private byte[] read(int length) throws IOException {
            byte[] data = new byte[length];
            ByteBuffer into = ByteBuffer.wrap(data);
            while (into.hasRemaining()) {
                int n = channel.read(into, position + into.position());
                if (n < 0) {
                    throw GatewayException.io(
                            "the rendition ended early at byte " + (position + into.position()), null);
                }
            }
            return data;
        }

        private void finish() {
            finished = true;
            close();
            out.onCompleted();
        }

        private void fail(RuntimeException e) {
            if (!finished) {
                finished = true;
                close();
                ServiceCalls.fail(out, e);
            }
        }

        private synchronized void close() {
            if (!closed) {
                closed = true;
                meters.open().decrementAndGet();
            }
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a read-only channel cannot lose data
            }
        }
    }
}
