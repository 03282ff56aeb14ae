package gateway.client;

import java.nio.ByteBuffer;

/** Receives the bytes of {@link GatewayClient#readRange} in order, as they arrive. */
@FunctionalInterface
public interface RangeSink {
    /**
     * One piece of the range: {@code data} (read-only, valid during the call) holds the rendition's
     * bytes from {@code offsetBytes} on.
     */
    void accept(long offsetBytes, ByteBuffer data);
}
