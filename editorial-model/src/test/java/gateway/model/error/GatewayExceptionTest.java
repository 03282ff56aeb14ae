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
        assertEquals(reason == Reason.UNAVAILABLE, e.isRetriable());
    }

    @ParameterizedTest
    @EnumSource(
            value = Reason.class,
            names = {"UNAVAILABLE", "TIMEOUT", "IO"})
    void retriableTypeSaysRetriable(Reason reason) {
        IOException cause = new IOException("connection reset");
        GatewayException e = new RetriableGatewayException(reason, "index node 2 unavailable", cause);

        assertTrue(e.isRetriable());
        assertEquals(reason, e.reason());
        assertSame(cause, e.getCause());
        assertTrue(new RetriableGatewayException(reason, "try again").isRetriable());
    }

    @Test
    void unavailableCannotBeThrownAsNotRetriable() {
        assertTrue(new GatewayException(Reason.UNAVAILABLE, "the index of project p is locked").isRetriable());
        assertTrue(GatewayException.of(Reason.UNAVAILABLE, "node 2 left", null, false)
                .isRetriable());
        assertTrue(Reason.UNAVAILABLE.retriable());
    }

    @ParameterizedTest
    @EnumSource(
            value = Reason.class,
            mode = EnumSource.Mode.EXCLUDE,
            names = {"UNAVAILABLE", "TIMEOUT", "IO"})
    void aReasonThatRetryingCannotFixIsNeverRetriable(Reason reason) {
        assertFalse(reason.retriable());
        assertFalse(reason.sometimesRetriable());
        assertThrows(IllegalArgumentException.class, () -> new RetriableGatewayException(reason, "try again"));
        GatewayException e = GatewayException.of(reason, "a peer said retry", null, true);
        assertFalse(e.isRetriable());
        assertFalse(e instanceof RetriableGatewayException);
    }

    @Test
    void transientIoAndDeadlinesAreRetriableOnlyWhenSaid() {
        for (Reason reason : new Reason[] {Reason.IO, Reason.TIMEOUT}) {
            assertFalse(reason.retriable());
            assertTrue(reason.sometimesRetriable());
            assertFalse(new GatewayException(reason, "disk full").isRetriable());
            assertFalse(GatewayException.of(reason, "disk full", null, false).isRetriable());
            assertTrue(GatewayException.of(reason, "nfs went away", null, true).isRetriable());
        }
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
