package gateway.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClientOptionsTest {

    @Test
    void defaultsArePlaintextWithDeadlines() {
        ClientOptions o = ClientOptions.plaintext();
        assertFalse(o.usesTls());
        assertEquals(Duration.ofSeconds(30), o.unaryDeadline());
        assertTrue(o.fetchAttempts() > 1, "café links drop: fetches retry by default");
        assertTrue(ClientOptions.tls(Path.of("ca.pem")).usesTls());
    }

    @Test
    void invalidValuesNameTheOption() {
        GatewayException deadline = assertThrows(
                GatewayException.class, () -> ClientOptions.plaintext().withUnaryDeadline(Duration.ZERO));
        assertEquals(Reason.INVALID_ARGUMENT, deadline.reason());
        assertTrue(deadline.getMessage().contains("unaryDeadline"));

        GatewayException chunk = assertThrows(
                GatewayException.class, () -> ClientOptions.plaintext().withChunkSizeBytes(64 * 1024 * 1024));
        assertTrue(chunk.getMessage().contains("chunkSizeBytes"));

        GatewayException attempts = assertThrows(
                GatewayException.class, () -> ClientOptions.plaintext().withFetchAttempts(0, Duration.ZERO));
        assertTrue(attempts.getMessage().contains("fetchAttempts"));

        GatewayException tls = assertThrows(GatewayException.class, () -> ClientOptions.tls(null));
        assertTrue(tls.getMessage().contains("trustedCertificate"));
    }

    @Test
    void theFetchWindowIsOneChunkPlusHeadroom() {
        // At most one chunk in flight when a link drops: the server's default chunk, or the one asked for.
        assertEquals(256 * 1024 + 16 * 1024, ClientOptions.plaintext().fetchWindowBytes());
        assertEquals(
                2 * 1024 * 1024 + 16 * 1024,
                ClientOptions.plaintext().withChunkSizeBytes(2 * 1024 * 1024).fetchWindowBytes());
    }
}
