package gateway.server.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.ProjectId;
import gateway.model.asset.VideoInfo;
import gateway.protos.stream.v1.Chunk;
import gateway.protos.stream.v1.FetchRequest;
import gateway.protos.stream.v1.StreamServiceGrpc;
import gateway.server.GatewayNode;
import gateway.server.auth.Role;
import gateway.server.config.GatewayConfig;
import gateway.server.fixtures.OneRendition;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetch's request limits on a real node over TLS, read by a client with gRPC's default 4 MiB
 * inbound message limit: the largest chunk size allowed arrives whole (every message fits), a
 * larger one, a negative one, a negative offset or length fail INVALID_ARGUMENT naming the field
 * and its range, an offset past the end fails OUT_OF_RANGE, and a length reaching past the end of
 * the long range is clamped to the file.
 */
class FetchLimitsIT {
    private static final int FILE_BYTES = 5 * 1024 * 1024 + 123;

    @TempDir
    static Path dir;

    static GatewayNode node;
    static ManagedChannel channel;
    static StreamServiceGrpc.StreamServiceBlockingStub stream;
    static String assetId;
    static byte[] bytes;

    @BeforeAll
    static void start() throws Exception {
        GatewayConfig config = GatewayConfig.standalone(dir.resolve("store"), "limits");
        node = GatewayNode.start(config.withSecurity(config.security().withScryptLog2N(10)), line -> {});
        ProjectId project = new ProjectId("limits");
        bytes = new byte[FILE_BYTES];
        new Random(7).nextBytes(bytes);
        assetId = commit(project, bytes);
        node.users().put("ed", "ed-password", Map.of(project, Role.EDITOR));
        String token = node.authenticator().login("ed", "ed-password").accessToken();
        channel = Grpc.newChannelBuilderForAddress(
                        "127.0.0.1",
                        node.grpcPort(),
                        TlsChannelCredentials.newBuilder()
                                .trustManager(node.trustFile().orElseThrow().toFile())
                                .build())
                .build(); // gRPC's default inbound limit: 4 MiB
        Metadata auth = new Metadata();
        auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        stream = StreamServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth));
    }

    @AfterAll
    static void stop() throws Exception {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void theLargestChunkAllowedFitsADefaultClient() {
        FetchRequest largest = request(0, 0, StreamGrpcService.MAX_CHUNK_BYTES);
        assertArrayEquals(bytes, fetch(largest), "the whole file in chunks of the maximum size");
        assertArrayEquals(
                java.util.Arrays.copyOfRange(bytes, 10, FILE_BYTES),
                fetch(request(10, Long.MAX_VALUE, 0)),
                "a length beyond the end (offset + length past the long range) is clamped to the file");
    }

    @Test
    void outOfRangeSizesAndOffsetsAreInvalidNamingTheFieldAndItsRange() {
        StatusRuntimeException huge = refused(request(0, 0, Integer.MAX_VALUE));
        assertEquals(Status.Code.INVALID_ARGUMENT, huge.getStatus().getCode(), huge.toString());
        assertTrue(
                huge.getStatus().getDescription().contains("chunk_size_bytes is 2147483647")
                        && huge.getStatus().getDescription().contains("1 to 4128768"),
                huge.getStatus().getDescription());
        StatusRuntimeException over = refused(request(0, 0, StreamGrpcService.MAX_CHUNK_BYTES + 1));
        assertEquals(Status.Code.INVALID_ARGUMENT, over.getStatus().getCode(), over.toString());
        StatusRuntimeException negativeChunk = refused(request(0, 0, -5));
        assertEquals(Status.Code.INVALID_ARGUMENT, negativeChunk.getStatus().getCode());
        assertTrue(negativeChunk.getStatus().getDescription().contains("chunk_size_bytes is -5"));

        StatusRuntimeException negativeOffset = refused(request(-1, 0, 0));
        assertEquals(Status.Code.INVALID_ARGUMENT, negativeOffset.getStatus().getCode(), negativeOffset.toString());
        assertTrue(
                negativeOffset.getStatus().getDescription().contains("offset_bytes is -1; it must be 0 or more"),
                negativeOffset.getStatus().getDescription());
        StatusRuntimeException negativeLength = refused(request(0, -7, 0));
        assertEquals(Status.Code.INVALID_ARGUMENT, negativeLength.getStatus().getCode());
        assertTrue(
                negativeLength.getStatus().getDescription().contains("length_bytes is -7"),
                negativeLength.getStatus().getDescription());

        StatusRuntimeException past = refused(request(FILE_BYTES + 1, 0, 0));
        assertEquals(Status.Code.OUT_OF_RANGE, past.getStatus().getCode(), past.toString());
        assertTrue(
                past.getStatus().getDescription().contains("offset_bytes " + (FILE_BYTES + 1) + " is past the end"),
                past.getStatus().getDescription());
        assertEquals(0, fetch(request(FILE_BYTES, 0, 0)).length, "an offset at the end is an empty stream");
    }

    private static FetchRequest request(long offset, long length, int chunk) {
        return FetchRequest.newBuilder()
                .setAssetId(assetId)
                .setProfile("edit")
                .setOffsetBytes(offset)
                .setLengthBytes(length)
                .setChunkSizeBytes(chunk)
                .build();
    }

    private static byte[] fetch(FetchRequest request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Iterator<Chunk> chunks = stream.withDeadlineAfter(60, TimeUnit.SECONDS).fetch(request);
        while (chunks.hasNext()) {
            Chunk c = chunks.next();
            assertEquals(request.getOffsetBytes() + out.size(), c.getOffsetBytes(), "chunks arrive in order");
            assertTrue(c.getData().size() <= StreamGrpcService.MAX_CHUNK_BYTES);
            out.writeBytes(c.getData().toByteArray());
        }
        return out.toByteArray();
    }

    private static StatusRuntimeException refused(FetchRequest request) {
        return assertThrows(StatusRuntimeException.class, () -> fetch(request));
    }

    private static String commit(ProjectId project, byte[] edit) throws Exception {
        return new OneRendition("edit", "proxy/edit.mov", "video/quicktime", new VideoInfo("prores", 1920, 1080), 250)
                .commit(node, project, "limits", edit);
    }
}
