package gateway.model.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GatewayExceptionTest {

    @ParameterizedTest
    @EnumSource(Reason.class)
    void keepsItsReasonAndMessage(Reason reason) {
        GatewayException e = new GatewayException(reason, "asset 42 in project p: no proxy yet");

        assertEquals(reason, e.reason());
        assertEquals("asset 42 in project p: no proxy yet", e.getMessage());
        assertNull(e.getCause());
        assertFalse(e.isRetriable());
    }

    @ParameterizedTest
    @EnumSource(Reason.class)
    void retriableTypeSaysRetriable(Reason reason) {
        IOException cause = new IOException("connection reset");
        GatewayException e = new RetriableGatewayException(reason, "index node 2 unavailable", cause);

        assertTrue(e.isRetriable());
        assertEquals(reason, e.reason());
        assertSame(cause, e.getCause());
        assertTrue(new RetriableGatewayException(reason, "try again").isRetriable());
    }

    @Test
    void keepsItsCause() {
        IOException cause = new IOException("disk full");
        GatewayException e = GatewayException.io("writing manifest.json for asset 42", cause);

        assertEquals(Reason.IO, e.reason());
        assertSame(cause, e.getCause());
        assertFalse(e.isRetriable());
    }

    @Test
    void factoriesPickTheReason() {
        assertEquals(
                Reason.INVALID_ARGUMENT,
                GatewayException.invalid("bad timecode").reason());
        assertEquals(Reason.NOT_FOUND, GatewayException.notFound("no asset 42").reason());
    }

    @Test
    void messageIsRequired() {
        assertThrows(NullPointerException.class, () -> new GatewayException(Reason.INTERNAL, null));
        assertThrows(IllegalArgumentException.class, () -> new GatewayException(Reason.INTERNAL, ""));
        assertThrows(IllegalArgumentException.class, () -> new GatewayException(Reason.INTERNAL, "  "));
        assertThrows(NullPointerException.class, () -> new RetriableGatewayException(Reason.UNAVAILABLE, null));
        assertThrows(IllegalArgumentException.class, () -> GatewayException.invalid(""));
    }

    @Test
    void reasonIsRequired() {
        assertThrows(NullPointerException.class, () -> new GatewayException(null, "what failed"));
    }

    @Test
    void isUnchecked() {
        assertTrue(RuntimeException.class.isAssignableFrom(GatewayException.class));
        assertTrue(GatewayException.class.isAssignableFrom(RetriableGatewayException.class));
    }
}
