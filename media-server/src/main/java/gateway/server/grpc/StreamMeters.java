package gateway.server.grpc;

import gateway.server.metrics.Metrics;
import java.util.concurrent.atomic.AtomicLong;

/** What the stream service counts: bytes served, Watch chunks sent, streams open right now. */
record StreamMeters(Metrics.Counter bytesServed, Metrics.Counter watchChunks, AtomicLong open) {

    static StreamMeters register(Metrics metrics) {
        AtomicLong open = new AtomicLong();
        metrics.gauge("gateway_streams_open", "Fetch, Watch and GetThumbnails streams now open", open::get);
        return new StreamMeters(
                metrics.counter("gateway_stream_bytes_total", "Bytes of renditions served"),
                metrics.counter("gateway_watch_chunks_total", "Chunks sent by Watch sessions"),
                open);
    }
}
