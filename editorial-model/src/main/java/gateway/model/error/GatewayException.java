package gateway.model.error;

import java.util.Objects;

/**
 * The one exception type of the gateway: a {@link Reason} from a closed set and a message that
 * says what failed, where and why. Whether to retry follows from the reason ({@link Reason#retriable()}:
 * an UNAVAILABLE failure is always retriable, whatever its class); a transient failure of a reason that
 * is only {@link Reason#sometimesRetriable() sometimes} retriable is a {@link RetriableGatewayException}.
 */
public class GatewayException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Reason reason;

    public GatewayException(Reason reason, String message) {
        this(reason, message, null);
    }

    public GatewayException(Reason reason, String message, Throwable cause) {
        super(requireMessage(message), cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }

    /** True when the same call may succeed if tried again later: decided by the reason (see {@link Reason}). */
    public boolean isRetriable() {
        return reason.retriable();
    }

    /**
     * A failure for {@code reason}; {@code transientFailure} makes it retriable where the reason can
     * be ({@link Reason#sometimesRetriable()}) and is ignored where it cannot (a retriable flag from a
     * peer on, say, NOT_FOUND). For code that learns retriability at run time (the wire mapper).
     */
    public static GatewayException of(Reason reason, String message, Throwable cause, boolean transientFailure) {
        return transientFailure && reason.sometimesRetriable()
                ? new RetriableGatewayException(reason, message, cause)
                : new GatewayException(reason, message, cause);
    }

    public static GatewayException invalid(String message) {
        return new GatewayException(Reason.INVALID_ARGUMENT, message);
    }

    public static GatewayException notFound(String message) {
        return new GatewayException(Reason.NOT_FOUND, message);
    }

    private static String requireMessage(String message) {
        Objects.requireNonNull(message, "message");
        if (message.isBlank()) {
            throw new IllegalArgumentException("a GatewayException needs a message saying what failed, where and why");
        }
        return message;
    }

    public static GatewayException io(String message, Throwable cause) {
        return new GatewayException(Reason.IO, message, cause);
    }
}
