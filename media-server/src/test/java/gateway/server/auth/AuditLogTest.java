package gateway.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log's call fields (request, session, client, byte range) and its chain across old and new lines. */
class AuditLogTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void linesCarryTheCurrentCallAndReadBackWithIt() {
        AtomicReference<CallInfo> current = new AtomicReference<>(CallInfo.NONE);
        Path file = dir.resolve("audit.log");
        try (AuditLog log = new AuditLog(file, CLOCK, current::get)) {
            log.record("ed", "LOGIN", "", "password", true);
            current.set(new CallInfo("req-1", "tok-9", "127.0.0.1:50000", "").withByteRange(1024, 4096));
            log.record("ed", "STREAM", "p1", "asset-1", false, "no grant");
            log.record(
                    "ed", "WATCH_SUMMARY", "p1", "asset-1", true, "bytes=10 ranges=1", new CallInfo("w", "", "", ""));
        }
        List<AuditLog.Entry> entries = AuditLog.read(file);
        assertEquals(CallInfo.NONE, entries.get(0).call());
        assertEquals(
                new CallInfo("req-1", "tok-9", "127.0.0.1:50000", "bytes=1024-5119"),
                entries.get(1).call());
        assertEquals(false, entries.get(1).allowed());
        assertEquals("2026-11-21T10:00:00Z", entries.get(1).time());
        assertEquals("w", entries.get(2).call().requestId());
        assertEquals(3, AuditLog.verify(file));
        assertTrue(entries.get(0).detail().isEmpty());
    }

    @Test
    void aLogWrittenBeforeTheCallFieldsKeepsVerifyingOnceNewLinesFollow() throws Exception {
        Path file = dir.resolve("audit.log");
        try (AuditLog old = new AuditLog(file, CLOCK)) { // as an older node wrote it: no call fields
            old.record("ann", "READ", "p1", "a", true);
            old.record("ann", "READ", "p2", "b", false);
        }
        assertTrue(Files.readAllLines(file).stream().noneMatch(l -> l.contains("\"session\"")));
        try (AuditLog next = new AuditLog(file, CLOCK, () -> new CallInfo("r", "s", "10.0.0.1:1", ""))) {
            next.record("ann", "READ", "p1", "a", true);
        }
        assertEquals(3, AuditLog.verify(file));
        assertEquals("s", AuditLog.read(file).get(2).call().session());

        // An old line edited (a denial turned into an allow): the new line after it no longer matches.
        List<String> lines = Files.readAllLines(file);
        lines.set(1, lines.get(1).replace("\"deny\"", "\"allow\""));
        Files.write(file, lines);
        GatewayException e = assertThrows(GatewayException.class, () -> AuditLog.verify(file));
        assertEquals(Reason.CORRUPT, e.reason());
    }
}
