package gateway.model.error;

import java.util.Objects;

/**
 * The one exception type of the gateway: a {@link Reason} from a closed set and a message that
 * says what failed, where and why. Whether to retry is a type: see {@link RetriableGatewayException}.
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

    /** True when the same call may succeed if tried again later. */
    public boolean isRetriable() {
        return false;
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
