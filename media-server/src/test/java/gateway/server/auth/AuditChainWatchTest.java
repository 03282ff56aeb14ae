package gateway.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit chain followed as the log grows, and broken by an edited line or a shortened file. */
class AuditChainWatchTest {
    @TempDir
    Path dir;

    @Test
    void followsTheChainAsItGrowsAndReportsWhereItBreaks() throws Exception {
        Path file = dir.resolve("audit.log");
        AuditChainWatch watch = new AuditChainWatch(file);
        assertTrue(watch.check(), "no log yet is not a broken log");
        try (AuditLog log = new AuditLog(file, Clock.systemUTC())) {
            log.record("ana", "LOGIN", "", "", true, "");
            log.record("ana", "SEARCH", "p1", "q", true, "");
            log.sync();
            assertTrue(watch.check());
            assertEquals(2, watch.verifiedLines());
            log.record("ben", "FETCH", "p1", "asset", false, "no grant");
            log.sync();
            assertTrue(watch.check());
            assertEquals(3, watch.verifiedLines());
        }

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Files.write(file, List.of(lines.get(0), lines.get(1).replace("SEARCH", "READ"), lines.get(2)));
        AuditChainWatch fresh = new AuditChainWatch(file);
        assertFalse(fresh.check(), "an edited line breaks the next line's link");
        assertEquals("audit log " + file + " breaks its chain at line 3", fresh.problem());
        assertEquals(2, fresh.verifiedLines());

        Files.write(file, List.of(lines.get(0)));
        assertFalse(watch.check(), "a log shorter than what was verified");
        assertTrue(watch.problem().contains("shorter than"), watch.problem());
    }
}
