package gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBoardTest {
    private static final long SECOND = 1_000_000_000L;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong now = new AtomicLong(1_000 * SECOND);

    @Test
    void aLogGetsALineEveryTenPercentWithSpeedAndTimeLeft() {
        ProgressBoard board = new ProgressBoard(out, false, now::get);
        board.frames("/cards/A001/A001C003.mov", 250);

        board.show("/cards/A001/A001C003.mov", 0, "QUEUED");
        board.show("/cards/A001/A001C003.mov", 0, "RUNNING");
        now.addAndGet(2 * SECOND);
        board.show("/cards/A001/A001C003.mov", 5, "RUNNING"); // same ten: no line
        now.addAndGet(2 * SECOND);
        board.show("/cards/A001/A001C003.mov", 20, "RUNNING");
        now.addAndGet(4 * SECOND);
        board.show("/cards/A001/A001C003.mov", 40, "RUNNING");
        board.show("/cards/A001/A001C003.mov", 41, "RUNNING"); // same ten: no line
        board.show("/cards/A001/A001C003.mov", 100, "DONE");

        List<String> lines = lines();
        assertEquals(5, lines.size(), String.join("\n", lines));
        assertEquals("A001C003.mov [                    ] 0 % queued", lines.get(0));
        assertEquals("A001C003.mov [                    ] 0 % running", lines.get(1));
        // 20 % of 250 frames in 4 s: 12.5 fps; 4 s for 20 % leaves 16 s for the other 80 %.
        assertEquals("A001C003.mov [####                ] 20 % 12.5 fps ETA 0:16 running", lines.get(2));
        // 40 % of 250 frames in 8 s; 12 s left.
        assertEquals("A001C003.mov [########            ] 40 % 12.5 fps ETA 0:12 running", lines.get(3));
        assertEquals("A001C003.mov [####################] 100 % done", lines.get(4));
        assertFalse(bytes.toString(StandardCharsets.UTF_8).contains("\u001b"), "no escape codes in a log");
    }

    @Test
    void withoutAFrameCountTheBarStillShowsTimeLeft() {
        ProgressBoard board = new ProgressBoard(out, false, now::get);
        board.show("/x/clip.mxf", 0, "RUNNING");
        now.addAndGet(90 * SECOND);
        board.show("/x/clip.mxf", 50, "RUNNING");

        assertEquals("clip.mxf [##########          ] 50 % ETA 1:30 running", lines().get(1));
    }

    @Test
    void aTerminalGetsEveryFileRedrawnInPlace() {
        ProgressBoard board = new ProgressBoard(out, true, now::get);
        board.frames("/a/one.mov", 100);
        board.show("/a/one.mov", 0, "RUNNING");
        board.show("/a/two.mov", 0, "QUEUED");
        now.addAndGet(SECOND);
        board.show("/a/one.mov", 10, "RUNNING");

        String text = bytes.toString(StandardCharsets.UTF_8);
        String lastDraw = text.substring(text.lastIndexOf("\u001b[2F"));
        assertTrue(
                lastDraw.startsWith(
                        "\u001b[2F\u001b[2Kone.mov [##                  ] 10 % 10.0 fps ETA 0:09 running\n"),
                lastDraw);
        assertTrue(lastDraw.endsWith("\u001b[2Ktwo.mov [                    ] 0 % queued\n"), lastDraw);
        assertEquals(3, text.split("\u001b\\[2Kone.mov", -1).length - 1, "one.mov drawn on every update");
    }

    @Test
    void clockCountsMinutesThenHours() {
        assertEquals("0:00", ProgressBoard.clock(0));
        assertEquals("1:05", ProgressBoard.clock(65));
        assertEquals("1:00:01", ProgressBoard.clock(3601));
    }

    private List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
