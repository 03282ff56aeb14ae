package gateway.server.grpc;

import gateway.server.metrics.Metrics;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the stream service counts: bytes served, Watch chunks sent, streams open right now, and how
 * long a Watch seek waits for the first byte of the fragment it asked for.
 */
record StreamMeters(
        Metrics.Counter bytesServed, Metrics.Counter watchChunks, AtomicLong open, Metrics.Histogram seekLatency) {

    static StreamMeters register(Metrics metrics) {
        AtomicLong open = new AtomicLong();
        metrics.gauge("gateway_streams_open", "Fetch, Watch and GetThumbnails streams now open", open::get);
        return new StreamMeters(
                metrics.counter("gateway_stream_bytes_total", "Bytes of renditions served"),
                metrics.counter("gateway_watch_chunks_total", "Chunks sent by Watch sessions"),
                open,
                metrics.histogram(
                        "gateway_seek_latency_seconds",
                        "Time from a Watch seek to the first chunk of the sought fragment leaving the node"));
    }
}
