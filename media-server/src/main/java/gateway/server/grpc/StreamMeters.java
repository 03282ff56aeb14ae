package gateway.server.grpc;

import gateway.server.metrics.Metrics;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the stream service counts: bytes served, Watch chunks sent, streams open right now, how
 * long a Watch seek waits for the first byte of the fragment it asked for, and, in a picture-first
 * session, for the last byte of its scrub preview (the first picture).
 */
record StreamMeters(
        Metrics.Counter bytesServed,
        Metrics.Counter watchChunks,
        AtomicLong open,
        Metrics.Histogram seekLatency,
        Metrics.Histogram firstPicture) {

    static StreamMeters register(Metrics metrics) {
        AtomicLong open = new AtomicLong();
        metrics.gauge("gateway_streams_open", "Fetch, Watch and GetThumbnails streams now open", open::get);
        return new StreamMeters(
                metrics.counter("gateway_stream_bytes_total", "Bytes of renditions served"),
                metrics.counter("gateway_watch_chunks_total", "Chunks sent by Watch sessions"),
                open,
                metrics.histogram(
                        "gateway_seek_latency_seconds",
                        "Time from a Watch seek to the first chunk of the sought fragment leaving the node"),
                metrics.histogram(
                        "gateway_seek_first_picture_seconds",
                        "Time from a picture-first Watch seek to the last chunk of its scrub preview leaving the node"));
    }
}
