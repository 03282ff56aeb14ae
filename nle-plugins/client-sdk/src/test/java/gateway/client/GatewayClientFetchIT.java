package gateway.client;

import static gateway.client.FixedRenditionService.ASSET;
import static gateway.client.FixedRenditionService.PROFILE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import io.grpc.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayClientFetchIT {
    private static final int CHUNK = 64 * 1024;

    @TempDir
    Path dir;

    private final byte[] rendition = new byte[10 * CHUNK + 1234];
    private FixedRenditionService service;
    private InProcessGateway gateway;
    private GatewayClient client;

    @BeforeEach
    void start() {
        new Random(42).nextBytes(rendition);
        service = new FixedRenditionService(rendition, CHUNK);
        gateway = InProcessGateway.start(service);
        client = gateway.client(ClientOptions.plaintext().withFetchAttempts(1, Duration.ZERO));
    }

    @AfterEach
    void stop() {
        client.close();
        gateway.close();
    }

    @Test
    void fetchWritesTheWholeRendition() throws IOException {
        Path target = dir.resolve("clip.mp4");
        FetchResult result = client.fetch(ASSET, PROFILE, target);

        assertArrayEquals(rendition, Files.readAllBytes(target));
        assertEquals(rendition.length, result.sizeBytes());
        assertEquals(0, result.resumedFromBytes());
        assertFalse(Files.exists(PartFile.pathFor(target)), "the partial file is renamed, not left behind");
    }

    @Test
    void interruptedFetchResumesFromThePartialFileAndIsByteExact() throws IOException {
        Path target = dir.resolve("clip.mp4");
        service.failNextCallAfter(3, Status.INTERNAL);

        GatewayException e = assertThrows(GatewayException.class, () -> client.fetch(ASSET, PROFILE, target));
        assertEquals(Reason.INTERNAL, e.reason());
        assertFalse(Files.exists(target), "no target until the file is complete");
        assertEquals(3L * CHUNK, Files.size(PartFile.pathFor(target)), "the three verified chunks stay");

        FetchResult resumed = client.fetch(ASSET, PROFILE, target);

        assertEquals(List.of(0L, 3L * CHUNK), service.requestedOffsets, "the second call asks from the partial size");
        assertEquals(3L * CHUNK, resumed.resumedFromBytes());
        assertArrayEquals(rendition, Files.readAllBytes(target));
    }

    @Test
    void retriableFailureIsResumedWithinOneFetch() throws IOException {
        try (GatewayClient retrying = gateway.client(ClientOptions.plaintext().withFetchAttempts(3, Duration.ZERO))) {
            Path target = dir.resolve("clip.mp4");
            service.failNextCallAfter(5, Status.UNAVAILABLE);

            FetchResult result = retrying.fetch(ASSET, PROFILE, target);

            assertEquals(2, result.attempts());
            assertEquals(List.of(0L, 5L * CHUNK), service.requestedOffsets);
            assertArrayEquals(rendition, Files.readAllBytes(target));
        }
    }

    @Test
    void chunkWithAWrongChecksumIsRejectedAndNotWritten() throws IOException {
        Path target = dir.resolve("clip.mp4");
        service.corruptNextCallAt(2);

        GatewayException e = assertThrows(GatewayException.class, () -> client.fetch(ASSET, PROFILE, target));

        assertEquals(Reason.CORRUPT, e.reason());
        assertTrue(e.getMessage().contains("xxh64"), e.getMessage());
        assertFalse(Files.exists(target));
        byte[] kept = Files.readAllBytes(PartFile.pathFor(target));
        assertEquals(2L * CHUNK, kept.length, "only the chunks before the bad one are kept");
        assertArrayEquals(java.util.Arrays.copyOf(rendition, kept.length), kept);

        client.fetch(ASSET, PROFILE, target);
        assertArrayEquals(rendition, Files.readAllBytes(target));
        assertEquals(List.of(0L, 2L * CHUNK), service.requestedOffsets);
    }

    @Test
    void aCompletePartialFileNeedsNoMoreBytes() throws IOException {
        Path target = dir.resolve("clip.mp4");
        Files.write(PartFile.pathFor(target), rendition);

        FetchResult result = client.fetch(ASSET, PROFILE, target);

        assertEquals(List.of((long) rendition.length), service.requestedOffsets);
        assertEquals(rendition.length, result.resumedFromBytes());
        assertArrayEquals(rendition, Files.readAllBytes(target));
    }

    @Test
    void aPartialFileLongerThanTheRenditionIsStaleAndRestarts() throws IOException {
        Path target = dir.resolve("clip.mp4");
        Files.write(PartFile.pathFor(target), new byte[rendition.length + 10]);

        client.fetch(ASSET, PROFILE, target);

        assertEquals(List.of(rendition.length + 10L, 0L), service.requestedOffsets);
        assertArrayEquals(rendition, Files.readAllBytes(target));
    }

    @Test
    void unknownRenditionFailsNotFoundWithTheServersMessage() {
        GatewayException e =
                assertThrows(GatewayException.class, () -> client.fetch(ASSET, "stream-hi", dir.resolve("x.mp4")));
        assertEquals(Reason.NOT_FOUND, e.reason());
        assertTrue(e.getMessage().contains("no rendition stream-hi"), e.getMessage());
    }

    @Test
    void badAssetIdFailsBeforeAnyCall() {
        GatewayException e =
                assertThrows(GatewayException.class, () -> client.fetch("NOT AN ID", PROFILE, dir.resolve("x.mp4")));
        assertEquals(Reason.INVALID_ARGUMENT, e.reason());
        assertTrue(service.requestedOffsets.isEmpty());
    }
}
