package gateway.proxy.finish;

/**
 * A clip the render could not render as the edit asks, rendered black with {@code reason} written
 * on it because the render was asked to render anyway. {@code event} is the edit's event number
 * when the timeline carries one ({@code edit.event}), else empty.
 */
public record NotRendered(String event, String clip, String reason) {
    /** "event 12, clip 'A001'" or "clip 'A001'". */
    public String subject() {
        return (event.isEmpty() ? "" : "event " + event + ", ") + "clip '" + clip + "'";
    }

    @Override
    public String toString() {
        return subject() + ": " + reason;
    }
}
