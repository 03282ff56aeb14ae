package gateway.server.http;

import gateway.model.error.GatewayException;

/** The one mapping from the error vocabulary to HTTP status codes. */
final class HttpErrors {
    private HttpErrors() {}

    static int statusOf(GatewayException e) {
        return switch (e.reason()) {
            case INVALID_ARGUMENT, PARSE_ERROR, UNSUPPORTED -> 400;
            case UNAUTHENTICATED -> 401;
            case PERMISSION_DENIED -> 403;
            case NOT_FOUND -> 404;
            case ALREADY_EXISTS, FAILED_PRECONDITION -> 409;
            case OUT_OF_RANGE -> 416;
            case CORRUPT -> 422;
            case RESOURCE_LIMIT -> 429;
            case STORAGE_FULL -> 507;
            case CANCELLED -> 499;
            case TIMEOUT -> 504;
            case UNAVAILABLE -> 503;
            case IO, INTERNAL -> 500;
        };
    }
}
