package gateway.server.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gateway.ingest.fixtures.TestManifests;
import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.asset.ProjectId;
import gateway.server.auth.AuditLog;
import gateway.server.auth.CallInfo;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Watch session leaves one audit line per minute of sending, and one at the end, on its call. */
class WatchSummaryTest {
    @TempDir
    Path dir;

    @Test
    void oneLinePerMinuteAndOneAtTheEndWithBytesAndRanges() {
        AtomicLong now = new AtomicLong(0);
        Path file = dir.resolve("audit.log");
        CallInfo call = new CallInfo("req-7", "token-3", "127.0.0.1:4000", "");
        Manifest m = TestManifests.prores(AssetId.random(), new ProjectId("p1"), "a.mov", 1);
        try (AuditLog log = new AuditLog(file, Clock.systemUTC())) {
            WatchSummary s = new WatchSummary(log, "ed", call, now::get);
            s.opened(m);
            s.rangeStarted();
            s.sent(1000);
            s.sent(500);
            now.addAndGet(TimeUnit.SECONDS.toNanos(59));
            s.sent(100); // not yet a minute
            now.addAndGet(TimeUnit.SECONDS.toNanos(2));
            s.rangeStarted();
            s.sent(400); // a minute has passed: one line for all of it
            s.rangeStarted();
            s.sent(7);
            s.close();
            s.close(); // nothing more to say
        }
        List<AuditLog.Entry> lines = AuditLog.read(file);
        assertEquals(2, lines.size(), lines.toString());
        assertEquals("bytes=2000 ranges=2 seconds=61", lines.get(0).detail());
        assertEquals("bytes=7 ranges=1 seconds=0", lines.get(1).detail());
        for (AuditLog.Entry e : lines) {
            assertEquals("WATCH_SUMMARY", e.action());
            assertEquals("ed", e.subject());
            assertEquals("p1", e.project());
            assertEquals(m.assetId().value(), e.target());
            assertEquals(call, e.call());
        }
    }
}
