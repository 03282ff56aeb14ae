package gateway.relink.read;

/**
 * Something a lenient reader noticed and worked around: where ({@code line}, 1-based; 0 when the
 * format has no lines), which event (may be null) and what.
 */
public record EditProblem(int line, String event, String message) {
    @Override
    public String toString() {
        return (line > 0 ? "line " + line + ": " : "") + (event != null ? "event " + event + ": " : "") + message;
    }
}
