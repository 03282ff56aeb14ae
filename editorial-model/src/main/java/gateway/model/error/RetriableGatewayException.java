package gateway.model.error;

/** A failure that may go away: the same call can be retried (UNAVAILABLE, TIMEOUT, transient IO). */
public class RetriableGatewayException extends GatewayException {
    private static final long serialVersionUID = 1L;

    public RetriableGatewayException(Reason reason, String message, Throwable cause) {
        super(reason, message, cause);
    }

    public RetriableGatewayException(Reason reason, String message) {
        super(reason, message);
    }

    @Override
    public boolean isRetriable() {
        return true;
    }
}
