package gateway.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConformResultTest {
    @TempDir
    Path dir;

    private static ConformResult named(String fileName) {
        return new ConformResult(
                "{}",
                new byte[] {1, 2, 3},
                fileName,
                EditFormat.OTIO,
                new ConformTotals(1, 1, 0, 0, 0, 0),
                "",
                "",
                "",
                "",
                "");
    }

    @Test
    void fileNamesThatLeaveTheFolderAreRefused() {
        Path out = dir.resolve("out");
        for (String name :
                new String[] {"../escape.otio", "/etc/passwd", "a\\b.otio", "..", "", ConformResult.REPORT_FILE_NAME}) {
            GatewayException e =
                    assertThrows(GatewayException.class, () -> named(name).writeTo(out), name);
            assertEquals(Reason.INVALID_ARGUMENT, e.reason());
        }
        assertFalse(Files.exists(dir.resolve("escape.otio")));
    }

    @Test
    void writesBothFilesAndLeavesNoTempFiles() throws IOException {
        Path out = dir.resolve("out");
        named("cut.otio").writeTo(out);
        try (var files = Files.list(out)) {
            assertEquals(
                    java.util.List.of("conform-report.json", "cut.otio"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void timelineBytesAreCopiedNotShared() {
        byte[] bytes = {1, 2, 3};
        ConformResult r = new ConformResult(
                "{}", bytes, "cut.otio", null, new ConformTotals(0, 0, 0, 0, 0, 0), "", "", "", "", "");
        bytes[0] = 9;
        r.conformedTimeline()[1] = 9;
        assertEquals(1, r.conformedTimeline()[0]);
        assertEquals(2, r.conformedTimeline()[1]);
    }
}
