package gateway.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The ingest command's progress: a bar per file with its percent, speed (frames per wall-clock
 * second) and time left. On a terminal the bars are redrawn in place, one line per file; otherwise
 * (a log, a pipe) a file gets a new line each time it crosses 10 % or changes state.
 *
 * <p>Job updates carry a percent of the whole job. Speed is that percent of the file's frame count
 * (when known) over the time since the job was first seen running; time left is the elapsed time
 * scaled by the percent still to go. Both are shown once there is something to measure.
 */
final class ProgressBoard {
    private static final String CLEAR_LINE = "\u001b[2K";

    private final PrintStream out;
    private final boolean terminal;
    private final LongSupplier nanoClock;
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private int drawnLines;

    /**
     * @param terminal true to redraw the bars in place (ANSI cursor movement)
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime})
     */
    ProgressBoard(PrintStream out, boolean terminal, LongSupplier nanoClock) {
        this.out = out;
        this.terminal = terminal;
        this.nanoClock = nanoClock;
    }

    /** Whether this process writes to an interactive terminal that understands ANSI cursor movement. */
    static boolean onTerminal() {
        String term = System.getenv("TERM");
        return System.console() != null && term != null && !term.isBlank() && !term.equals("dumb");
    }

    /** The frame count of the file at {@code path} (0: not known; no speed is shown then). */
    synchronized void frames(String path, long total) {
        row(path).framesTotal = Math.max(0, total);
    }

    /** A job's update: its percent (0-100) and state (QUEUED, RUNNING, DONE ...). */
    synchronized void show(String path, int percent, String state) {
        Row r = row(path);
        long now = nanoClock.getAsLong();
        if (r.runningSince < 0 && state.equalsIgnoreCase("RUNNING")) {
            r.runningSince = now;
        }
        boolean changed = r.state == null || !r.state.equals(state) || r.percent / 10 != percent / 10;
        r.percent = Math.max(0, Math.min(100, percent));
        r.state = state;
        r.elapsedNanos = r.runningSince < 0 ? 0 : now - r.runningSince;
        if (terminal) {
            redraw();
        } else if (changed) {
            out.println(line(path, r));
        }
    }

    synchronized void summary(List<IngestCommand.Outcome> outcomes) {
        for (IngestCommand.Outcome o : outcomes) {
            out.println(
                    o.done()
                            ? "ingested " + o.path() + " as " + o.assetId()
                            : "FAILED " + o.path() + ": " + o.errorMessage() + " [" + o.errorReason() + "]");
            // what the assistant must know of a file that did ingest (conflicts, breaks, original only)
            o.warnings().forEach(w -> out.println("  warning: " + w));
        }
    }

    private Row row(String path) {
        return rows.computeIfAbsent(path, p -> new Row());
    }

    private void redraw() {
        StringBuilder b = new StringBuilder();
        if (drawnLines > 0) {
            b.append("\u001b[").append(drawnLines).append('F'); // to the start of the first bar
        }
        for (Map.Entry<String, Row> e : rows.entrySet()) {
            if (e.getValue().state != null) {
                b.append(CLEAR_LINE).append(line(e.getKey(), e.getValue())).append('\n');
            }
        }
        drawnLines = (int) rows.values().stream().filter(r -> r.state != null).count();
        out.print(b);
        out.flush();
    }

    static String line(String path, Row r) {
        StringBuilder b = new StringBuilder()
                .append(Path.of(path).getFileName())
                .append(' ')
                .append(DemoSetup.bar(r.percent));
        boolean running = r.state.equalsIgnoreCase("RUNNING");
        if (running && r.percent > 0 && r.elapsedNanos > 0) {
            double seconds = r.elapsedNanos / 1e9;
            if (r.framesTotal > 0) {
                double fps = r.framesTotal * (r.percent / 100.0) / seconds;
                b.append(' ').append(String.format(java.util.Locale.ROOT, "%.1f fps", fps));
            }
            long left = Math.round(seconds * (100 - r.percent) / r.percent);
            b.append(" ETA ").append(clock(left));
        }
        return b.append(' ').append(r.state.toLowerCase(java.util.Locale.ROOT)).toString();
    }

    /** m:ss, or h:mm:ss from an hour. */
    static String clock(long seconds) {
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0 ? "%d:%02d:%02d".formatted(h, m, s) : "%d:%02d".formatted(m, s);
    }

    /** One file's line. */
    static final class Row {
        long framesTotal;
        int percent;
        String state;
        long runningSince = -1;
        long elapsedNanos;
    }
}
