package gateway.client;

import gateway.model.error.GatewayException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How a {@link GatewayClient} connects and behaves.
 *
 * @param trustedCertificate PEM file of the certificate(s) to trust for TLS; null for plaintext
 * @param unaryDeadline deadline of every unary call (search, get, login, ingest)
 * @param conformDeadline deadline of a conform call, which reads, links and writes a whole edit
 * @param bearerToken an access token to start with (e.g. from an earlier login); null for none
 * @param chunkSizeBytes chunk size asked of the server for fetches; 0 for the server's default (256
 *     KiB). It also sizes the fetch connection's flow-control window ({@link #fetchWindowBytes()}):
 *     a dropped link costs at most one chunk sent again, and a download moves at most one window
 *     per round trip, so a link whose bandwidth-delay product exceeds 256 KiB (200 Mbit/s at 80 ms
 *     is 2 MB) wants a larger chunk
 * @param fetchAttempts how many times one fetch tries after retriable failures (at least 1)
 * @param retryBackoff wait before the second attempt; doubles for each further one
 * @param maxInboundMessageBytes the largest response accepted (conformed timelines, chunks)
 */
public record ClientOptions(
        Path trustedCertificate,
        Duration unaryDeadline,
        Duration conformDeadline,
        String bearerToken,
        int chunkSizeBytes,
        int fetchAttempts,
        Duration retryBackoff,
        int maxInboundMessageBytes) {

    /** The server's maximum (stream.proto, FetchRequest.chunk_size_bytes): 4 MiB less 64 KiB. */
    private static final int MAX_CHUNK_BYTES = 4 * 1024 * 1024 - 64 * 1024;
    /** The chunk size a Fetch gets when it asks for 0 (stream.proto, FetchRequest.chunk_size_bytes). */
    static final int SERVER_DEFAULT_CHUNK_BYTES = 256 * 1024;
    /** Room in the fetch window beyond one chunk, for the message's own header and framing. */
    static final int WINDOW_HEADROOM_BYTES = 16 * 1024;

    public ClientOptions {
        requirePositive(unaryDeadline, "unaryDeadline");
        requirePositive(conformDeadline, "conformDeadline");
        if (chunkSizeBytes < 0 || chunkSizeBytes > MAX_CHUNK_BYTES) {
            throw GatewayException.invalid("client option chunkSizeBytes is " + chunkSizeBytes
                    + "; expected 0 (server default) to " + MAX_CHUNK_BYTES);
        }
        if (fetchAttempts < 1) {
            throw GatewayException.invalid("client option fetchAttempts is " + fetchAttempts + "; expected at least 1");
        }
        if (retryBackoff == null || retryBackoff.isNegative()) {
            throw GatewayException.invalid("client option retryBackoff must be zero or positive, not " + retryBackoff);
        }
        if (maxInboundMessageBytes < MAX_CHUNK_BYTES + 64 * 1024) {
            throw GatewayException.invalid("client option maxInboundMessageBytes is " + maxInboundMessageBytes
                    + "; it must hold the largest chunk (" + MAX_CHUNK_BYTES + " bytes) and its header");
        }
    }

    /** Plaintext (for loopback and tests), 30 s unary deadline, 10 min conform deadline, 5 fetch attempts. */
    public static ClientOptions plaintext() {
        return new ClientOptions(
                null,
                Duration.ofSeconds(30),
                Duration.ofMinutes(10),
                null,
                0,
                5,
                Duration.ofMillis(500),
                64 * 1024 * 1024);
    }

    /** As {@link #plaintext()}, but TLS trusting the certificates in the PEM file {@code trustedCertificate}. */
    public static ClientOptions tls(Path trustedCertificate) {
        if (trustedCertificate == null) {
            throw GatewayException.invalid(
                    "client option trustedCertificate is missing: TLS needs a PEM file to trust");
        }
        return plaintext().withTrustedCertificate(trustedCertificate);
    }

    /**
     * The HTTP/2 flow-control window of the connection {@code fetch} downloads on: one chunk (the
     * one asked for, or the server's default) plus {@value #WINDOW_HEADROOM_BYTES} bytes of headroom,
     * fixed (grpc-java's bandwidth-delay probe would grow it). It bounds what a link that drops
     * mid-download has in flight, and so what the node sends twice: one chunk.
     */
    public int fetchWindowBytes() {
        return (chunkSizeBytes == 0 ? SERVER_DEFAULT_CHUNK_BYTES : chunkSizeBytes) + WINDOW_HEADROOM_BYTES;
    }

    public boolean usesTls() {
        return trustedCertificate != null;
    }

    public ClientOptions withTrustedCertificate(Path pem) {
        return new ClientOptions(
                pem,
                unaryDeadline,
                conformDeadline,
                bearerToken,
                chunkSizeBytes,
                fetchAttempts,
                retryBackoff,
                maxInboundMessageBytes);
    }

    public ClientOptions withUnaryDeadline(Duration deadline) {
        return new ClientOptions(
                trustedCertificate,
                deadline,
                conformDeadline,
                bearerToken,
                chunkSizeBytes,
                fetchAttempts,
                retryBackoff,
                maxInboundMessageBytes);
    }

    public ClientOptions withConformDeadline(Duration deadline) {
        return new ClientOptions(
                trustedCertificate,
                unaryDeadline,
                deadline,
                bearerToken,
                chunkSizeBytes,
                fetchAttempts,
                retryBackoff,
                maxInboundMessageBytes);
    }

    public ClientOptions withBearerToken(String token) {
        return new ClientOptions(
                trustedCertificate,
                unaryDeadline,
                conformDeadline,
                token,
                chunkSizeBytes,
                fetchAttempts,
                retryBackoff,
                maxInboundMessageBytes);
    }

    public ClientOptions withChunkSizeBytes(int bytes) {
        return new ClientOptions(
                trustedCertificate,
                unaryDeadline,
                conformDeadline,
                bearerToken,
                bytes,
                fetchAttempts,
                retryBackoff,
                maxInboundMessageBytes);
    }

    public ClientOptions withFetchAttempts(int attempts, Duration backoff) {
        return new ClientOptions(
                trustedCertificate,
                unaryDeadline,
                conformDeadline,
                bearerToken,
                chunkSizeBytes,
                attempts,
                backoff,
                maxInboundMessageBytes);
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw GatewayException.invalid("client option " + name + " must be a positive duration, not " + d);
        }
    }
}
