package gateway.ingest.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.OperationTimeoutException;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import org.junit.jupiter.api.Test;

/**
 * A job board call that the member holding the entry never answered (seen across a network
 * partition: a REST read of a job answered 500 with Hazelcast's invocation dump) is UNAVAILABLE,
 * says what could not be done and that it may be tried again.
 */
class ClusterJobBoardUnansweredTest {
    @Test
    void anUnansweredCallIsUnavailableAndNamesWhatFailed() {
        GatewayException e = ClusterJobBoard.unanswered(
                "read job p:1",
                new OperationTimeoutException("GetOperation invocation failed to complete due to"
                        + " operation-heartbeat-timeout. Invocation{op=GetOperation{...}}"));
        assertEquals(Reason.UNAVAILABLE, e.reason());
        assertTrue(e.isRetriable(), "worth trying again");
        assertTrue(e.getMessage().contains("cannot read job p:1"), e.getMessage());
        assertFalse(e.getMessage().contains("Invocation{"), "no Hazelcast dump in the message: " + e.getMessage());
    }
}
