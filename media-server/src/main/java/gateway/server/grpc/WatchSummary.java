package gateway.server.grpc;

import gateway.model.asset.Manifest;
import gateway.server.auth.AuditLog;
import gateway.server.auth.CallInfo;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The audit trail of one Watch session: rather than a line per chunk, one {@code WATCH_SUMMARY}
 * line per minute of sending (and one when the session ends or opens another asset) with the bytes
 * and the number of ranges (fragments) sent, on the session's call (request, token, client).
 * Not thread-safe: the session calls it under its own lock.
 */
final class WatchSummary {
    static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final AuditLog audit;
    private final String subject;
    private final CallInfo call;
    private final LongSupplier nanoTime;
    private Manifest asset;
    private long bytes;
    private long ranges;
    private long since;

    WatchSummary(AuditLog audit, String subject, CallInfo call, LongSupplier nanoTime) {
        this.audit = audit;
        this.subject = subject;
        this.call = call;
        this.nanoTime = nanoTime;
        this.since = nanoTime.getAsLong();
    }

    /** The session now plays {@code m}: what was sent of the previous asset is written first. */
    void opened(Manifest m) {
        flush();
        asset = m;
    }

    void rangeStarted() {
        ranges++;
    }

    /** Counts {@code n} bytes sent, and writes the minute's line once a minute has passed. */
    void sent(long n) {
        bytes += n;
        if (nanoTime.getAsLong() - since >= INTERVAL_NANOS) {
            flush();
        }
    }

    /** Writes what is not written yet (the session ends). */
    void close() {
        flush();
    }

    private void flush() {
        long now = nanoTime.getAsLong();
        if (asset != null && (bytes > 0 || ranges > 0)) {
            audit.record(
                    subject,
                    "WATCH_SUMMARY",
                    asset.project().value(),
                    asset.assetId().value(),
                    true,
                    "bytes=" + bytes + " ranges=" + ranges + " seconds=" + TimeUnit.NANOSECONDS.toSeconds(now - since),
                    call);
        }
        bytes = 0;
        ranges = 0;
        since = now;
    }
}
