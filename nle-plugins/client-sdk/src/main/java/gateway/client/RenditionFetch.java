package gateway.client;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.error.RetriableGatewayException;
import gateway.protos.mapper.ErrorMapper;
import gateway.protos.stream.v1.Chunk;
import gateway.protos.stream.v1.FetchRequest;
import gateway.protos.stream.v1.StreamServiceGrpc.StreamServiceBlockingStub;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;

/**
 * Downloads one rendition into a file with {@code Fetch}: resumes from the partial file's verified
 * size, verifies every chunk, retries retriable failures from the last verified byte, and renames
 * the complete file onto the target atomically. The blocking iterator asks for one message at a
 * time, so gRPC flow control holds the server back when the disk or the link is slow.
 */
final class RenditionFetch {
    private final StreamServiceBlockingStub stub;
    private final ClientOptions options;
    private final Runnable beforeRetry;

    /**
     * @param beforeRetry runs before each retry once the back-off is waited out: the channel's {@code
     *     resetConnectBackoff}, so a link that came back is used at once rather than after gRPC's own
     *     reconnect back-off (which grows to two minutes over a long outage)
     */
    RenditionFetch(StreamServiceBlockingStub stub, ClientOptions options, Runnable beforeRetry) {
        this.stub = stub;
        this.options = options;
        this.beforeRetry = beforeRetry;
    }

    FetchResult fetch(String assetId, String profile, Path target) {
        String source = "Fetch " + assetId + "/" + profile;
        long resumedFrom = PartFile.sizeOf(target);
        boolean restarted = false;
        for (int attempt = 1; ; attempt++) {
            try {
                long size = receive(assetId, profile, target, source);
                return new FetchResult(target, size, resumedFrom, attempt);
            } catch (GatewayException e) {
                if (e.reason() == Reason.OUT_OF_RANGE && !restarted && PartFile.sizeOf(target) > 0) {
                    // The partial file is longer than the rendition now is: it belongs to an older one.
                    PartFile.delete(target);
                    restarted = true;
                    resumedFrom = 0;
                    continue;
                }
                if (!e.isRetriable() || attempt >= options.fetchAttempts()) {
                    throw e;
                }
                backOff(attempt);
                beforeRetry.run();
            }
        }
    }

    /** One call: appends what arrives to the partial file and commits it when the stream completes. */
    private long receive(String assetId, String profile, Path target, String source) {
        try (PartFile part = PartFile.open(target)) {
            FetchRequest request = FetchRequest.newBuilder()
                    .setAssetId(assetId)
                    .setProfile(profile)
                    .setOffsetBytes(part.size())
                    .setChunkSizeBytes(options.chunkSizeBytes())
                    .build();
            long[] totalSize = {-1};
            Context.CancellableContext call = Context.current().withCancellation();
            try {
                try {
                    call.run(() -> {
                        Iterator<Chunk> chunks = stub.fetch(request);
                        while (chunks.hasNext()) {
                            Chunk chunk = chunks.next();
                            part.append(
                                    chunk.getOffsetBytes(), chunk.getData().toByteArray(), chunk.getXxh64(), source);
                            totalSize[0] = chunk.getTotalSizeBytes();
                        }
                    });
                } catch (StatusRuntimeException e) {
                    if (e.getStatus().getCode() == Status.Code.CANCELLED && !call.isCancelled()) {
                        // We did not cancel: the node reset the stream (it is stopping, or went away).
                        throw new RetriableGatewayException(
                                Reason.UNAVAILABLE,
                                source + ": the node closed the stream at byte " + part.size()
                                        + "; the next attempt resumes there");
                    }
                    throw ErrorMapper.fromThrowable(e, source);
                }
            } catch (RuntimeException e) {
                call.cancel(null); // stops the server when we leave early (bad chunk, local I/O error)
                // The failure that ended the stream is the one to report (a full disk, say); a sync
                // that fails as well (fsync on a full disk can) only travels with it.
                part.syncAfter(e);
                throw e;
            }
            call.cancel(null);
            part.sync();
            if (totalSize[0] >= 0 && part.size() != totalSize[0]) {
                throw new RetriableGatewayException(
                        Reason.UNAVAILABLE,
                        source + " ended at byte " + part.size() + " of " + totalSize[0]
                                + "; the next attempt resumes there");
            }
            long size = part.size();
            part.commit();
            return size;
        }
    }

    private void backOff(int attempt) {
        Duration wait = options.retryBackoff().multipliedBy(1L << Math.min(attempt - 1, 6));
        if (wait.isZero()) {
            return;
        }
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException(Reason.CANCELLED, "fetch interrupted while waiting to retry", e);
        }
    }
}
