package gateway.perf;

import gateway.client.ClientOptions;
import gateway.client.GatewayClient;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.ByteArrayOutputStream;

/**
 * Our side of a seek: {@code Fetch} of exactly one byte range over one long-lived plaintext channel,
 * as a player holding the fragment index asks for the fragment under the playhead — through the
 * client SDK's {@link GatewayClient#readRange}, which checks every piece's offset (its XXH64 is
 * not: the link does not corrupt bytes).
 */
final class StreamRanges implements AutoCloseable {
    private final GatewayClient client;

    StreamRanges(int port, String accessToken) {
        this.client = GatewayClient.connect(
                "127.0.0.1", port, ClientOptions.plaintext().withBearerToken(accessToken));
    }

    /** An access token for {@code user}, shared by the many clients of a fan-out (one login, not one each). */
    static String login(int port, String user, String password) {
        try (GatewayClient c = GatewayClient.connect("127.0.0.1", port, ClientOptions.plaintext())) {
            c.login(user, password);
            return c.credentials().accessToken();
        }
    }

    /** Bytes {@code [offset, offset + length)} of a rendition. */
    byte[] range(String assetId, String profile, long offset, long length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) length);
        client.readRange(assetId, profile, offset, length, (at, data) -> {
            byte[] piece = new byte[data.remaining()];
            data.get(piece);
            out.writeBytes(piece);
        });
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
        client.readRange(assetId, profile, 0, 0, (at, data) -> {
            if (after[0] < 0) {
                afterFirstChunk.run();
                after[0] = 0;
            } else {
                after[0] += data.remaining();
            }
        });
        return Math.max(0, after[0]);
    }

    @Override
    public void close() {
        client.close();
    }
}
