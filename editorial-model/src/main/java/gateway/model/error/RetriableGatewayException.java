package gateway.model.error;

/**
 * A transient failure: the same call can be retried (UNAVAILABLE, a deadline, a storage hiccup). Only
 * for a reason that is {@link Reason#sometimesRetriable()}; an UNAVAILABLE failure is retriable as a
 * plain {@link GatewayException} too.
 */
public class RetriableGatewayException extends GatewayException {
    private static final long serialVersionUID = 1L;

    public RetriableGatewayException(Reason reason, String message, Throwable cause) {
        super(requireRetriable(reason, message), message, cause);
    }

    public RetriableGatewayException(Reason reason, String message) {
        this(reason, message, null);
    }

    private static Reason requireRetriable(Reason reason, String message) {
        if (reason != null && !reason.sometimesRetriable()) {
            throw new IllegalArgumentException(
                    "a " + reason + " failure is never retriable; throw a GatewayException (message: " + message + ")");
        }
        return reason;
    }

    @Override
    public boolean isRetriable() {
        return true;
    }
}
