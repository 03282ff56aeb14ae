package gateway.client;

import com.google.protobuf.ByteString;
import gateway.model.checksum.XxHash64;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.protos.mapper.ErrorMapper;
import gateway.protos.stream.v1.Chunk;
import gateway.protos.stream.v1.FetchRequest;
import gateway.protos.stream.v1.StreamServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A StreamService that serves one known rendition from memory, with faults to order: fail the
 * next call after some chunks, or send one chunk with a wrong checksum.
 */
final class FixedRenditionService extends StreamServiceGrpc.StreamServiceImplBase {
    static final String ASSET = "a001c003-0000-4000-8000-000000000001";
    static final String PROFILE = "stream-lo";

    private final byte[] rendition;
    private final int chunkBytes;
    final List<Long> requestedOffsets = new CopyOnWriteArrayList<>();
    private volatile int failAfterChunks = -1;
    private volatile Status failWith;
    private volatile int corruptChunk = -1;

    FixedRenditionService(byte[] rendition, int chunkBytes) {
        this.rendition = rendition.clone();
        this.chunkBytes = chunkBytes;
    }

    /** The next call sends {@code chunks} good chunks and then fails with {@code status}. */
    void failNextCallAfter(int chunks, Status status) {
        failWith = status;
        failAfterChunks = chunks;
    }

    /** The next call sends chunk number {@code index} (from 0) with a checksum that does not match. */
    void corruptNextCallAt(int index) {
        corruptChunk = index;
    }

    @Override
    public void fetch(FetchRequest request, StreamObserver<Chunk> out) {
        requestedOffsets.add(request.getOffsetBytes());
        int failAfter = failAfterChunks;
        failAfterChunks = -1;
        int corrupt = corruptChunk;
        corruptChunk = -1;
        if (!request.getAssetId().equals(ASSET) || !request.getProfile().equals(PROFILE)) {
            out.onError(ErrorMapper.toStatusException(GatewayException.notFound(
                    "no rendition " + request.getProfile() + " of asset " + request.getAssetId())));
            return;
        }
        if (request.getOffsetBytes() > rendition.length) {
            out.onError(ErrorMapper.toStatusException(new GatewayException(
                    Reason.OUT_OF_RANGE,
                    "offset " + request.getOffsetBytes() + " is past the end (" + rendition.length + " bytes)")));
            return;
        }
        int size = request.getChunkSizeBytes() > 0 ? request.getChunkSizeBytes() : chunkBytes;
        int sent = 0;
        for (long offset = request.getOffsetBytes(); offset < rendition.length; offset += size, sent++) {
            if (sent == failAfter) {
                out.onError(failWith.withDescription("link dropped after " + sent + " chunks")
                        .asRuntimeException());
                return;
            }
            int length = (int) Math.min(size, rendition.length - offset);
            long hash = XxHash64.hash(rendition, (int) offset, length, 0);
            out.onNext(Chunk.newBuilder()
                    .setOffsetBytes(offset)
                    .setData(ByteString.copyFrom(rendition, (int) offset, length))
                    .setXxh64(sent == corrupt ? hash ^ 1 : hash)
                    .setTotalSizeBytes(rendition.length)
                    .build());
        }
        out.onCompleted();
    }
}
