package gateway.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gateway.model.time.FrameRate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimelineUsesTest {
    @TempDir
    Path dir;

    @Test
    void anEdlsClipsComeInRecordOrderWithTheirReelsAndSourceStarts() throws IOException {
        Path edl = dir.resolve("cut.edl");
        Files.writeString(edl, """
                TITLE: cut
                FCM: NON-DROP FRAME

                001  B002     V     C        02:00:10:00 02:00:11:00 01:00:01:00 01:00:02:00
                002  A001     V     C        01:00:05:00 01:00:06:00 01:00:00:00 01:00:01:00
                003  B002     V     C        02:00:20:00 02:00:21:00 01:00:02:00 01:00:03:00
                """);

        List<TimelineUses.Use> uses = TimelineUses.read(edl, FrameRate.FPS_25);

        assertEquals(
                List.of("A001", "B002", "B002"),
                uses.stream().map(TimelineUses.Use::reel).toList());
        assertEquals(
                List.of(90_125L, 180_250L, 180_500L),
                uses.stream().map(u -> u.sourceStart().value()).toList());
        assertEquals(
                "event 002 (reel A001 at 01:00:05:00)",
                uses.get(0).describe(),
                "in the order of the record, not the list");
    }
}
