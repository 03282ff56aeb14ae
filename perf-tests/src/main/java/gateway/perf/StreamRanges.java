package gateway.perf;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.protos.auth.v1.AuthServiceGrpc;
import gateway.protos.auth.v1.LoginRequest;
import gateway.protos.mapper.ErrorMapper;
import gateway.protos.stream.v1.Chunk;
import gateway.protos.stream.v1.FetchRequest;
import gateway.protos.stream.v1.StreamServiceGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayOutputStream;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * Our side of a seek: {@code Fetch} of exactly one byte range over one long-lived plaintext channel,
 * as a player holding the fragment index asks for the fragment under the playhead. The client SDK
 * fetches whole renditions into files only, so this speaks the v1 wire API with the SDK's bearer
 * header; every chunk's offset is checked (its XXH64 is not: the link does not corrupt bytes).
 */
final class StreamRanges implements AutoCloseable {
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final ManagedChannel channel;
    private final StreamServiceGrpc.StreamServiceBlockingStub stub;

    StreamRanges(int port, String accessToken) {
        this.channel = channel(port);
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + accessToken);
        this.stub = StreamServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    /** An access token for {@code user}: what the SDK's login keeps inside the client. */
    static String login(int port, String user, String password) {
        ManagedChannel ch = channel(port);
        try {
            return AuthServiceGrpc.newBlockingStub(ch)
                    .withDeadlineAfter(30, TimeUnit.SECONDS)
                    .login(LoginRequest.newBuilder()
                            .setUsername(user)
                            .setPassword(password)
                            .build())
                    .getAccessToken();
        } catch (StatusRuntimeException e) {
            throw ErrorMapper.fromThrowable(e, "Login");
        } finally {
            ch.shutdownNow();
        }
    }

    private static ManagedChannel channel(int port) {
        return Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create())
                .maxInboundMessageSize(8 * 1024 * 1024)
                .build();
    }

    /** Bytes {@code [offset, offset + length)} of a rendition. */
    byte[] range(String assetId, String profile, long offset, long length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) length);
        each(assetId, profile, offset, length, c -> out.writeBytes(c.getData().toByteArray()));
        if (out.size() != length) {
            throw new GatewayException(
                    Reason.INTERNAL, "Fetch " + assetId + " gave " + out.size() + " bytes for a range of " + length);
        }
        return out.toByteArray();
    }

    /**
     * Reads the whole rendition and drops it, calling {@code afterFirstChunk} once the first chunk is
     * in; returns how many bytes arrived after the first chunk.
     */
    long drain(String assetId, String profile, Runnable afterFirstChunk) {
        long[] after = {-1};
        each(assetId, profile, 0, 0, c -> {
            if (after[0] < 0) {
                afterFirstChunk.run();
                after[0] = 0;
            } else {
                after[0] += c.getData().size();
            }
        });
        return Math.max(0, after[0]);
    }

    private void each(
            String assetId, String profile, long offset, long length, java.util.function.Consumer<Chunk> sink) {
        FetchRequest request = FetchRequest.newBuilder()
                .setAssetId(assetId)
                .setProfile(profile)
                .setOffsetBytes(offset)
                .setLengthBytes(length)
                .build();
        long expected = offset;
        try {
            Iterator<Chunk> chunks = stub.fetch(request);
            while (chunks.hasNext()) {
                Chunk c = chunks.next();
                if (c.getOffsetBytes() != expected) {
                    throw new GatewayException(
                            Reason.CORRUPT,
                            "Fetch " + assetId + ": chunk at " + c.getOffsetBytes() + ", expected " + expected);
                }
                expected += c.getData().size();
                sink.accept(c);
            }
        } catch (StatusRuntimeException e) {
            throw ErrorMapper.fromThrowable(e, "Fetch " + assetId + "/" + profile);
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
