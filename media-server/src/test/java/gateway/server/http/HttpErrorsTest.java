package gateway.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import org.junit.jupiter.api.Test;

class HttpErrorsTest {
    @Test
    void aFullStoreIsInsufficientStorageAndARateLimitTooManyRequests() {
        assertEquals(507, HttpErrors.statusOf(new GatewayException(Reason.STORAGE_FULL, "the store is full at /s")));
        assertEquals(429, HttpErrors.statusOf(new GatewayException(Reason.RESOURCE_LIMIT, "too many calls")));
    }

    @Test
    void everyReasonIsAClientOrServerError() {
        for (Reason r : Reason.values()) {
            int status = HttpErrors.statusOf(new GatewayException(r, "x failed"));
            assertTrue(status >= 400 && status < 600, r + " -> " + status);
        }
    }
}
