package gateway.protos.mapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.error.RetriableGatewayException;
import gateway.protos.common.v1.ErrorReason;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ErrorMapperTest {

    @Test
    void everyReasonRoundTripsThroughItsProtoValue() {
        Set<ErrorReason> seen = EnumSet.noneOf(ErrorReason.class);
        for (Reason reason : Reason.values()) {
            ErrorReason wire = ErrorMapper.toProto(reason);
            assertTrue(seen.add(wire), "two reasons map to " + wire);
            assertEquals(Optional.of(reason), ErrorMapper.fromProto(wire));
            assertEquals("ERROR_REASON_" + reason.name(), wire.name());
        }
    }

    @Test
    void unspecifiedHasNoModelReason() {
        assertEquals(Optional.empty(), ErrorMapper.fromProto(ErrorReason.ERROR_REASON_UNSPECIFIED));
        assertEquals(Optional.empty(), ErrorMapper.fromProto(ErrorReason.UNRECOGNIZED));
    }

    @Test
    void statusCodesFollowGrpcMeaning() {
        assertEquals(Status.Code.UNAVAILABLE, ErrorMapper.statusCode(Reason.UNAVAILABLE));
        assertEquals(Status.Code.FAILED_PRECONDITION, ErrorMapper.statusCode(Reason.FAILED_PRECONDITION));
        assertEquals(Status.Code.OUT_OF_RANGE, ErrorMapper.statusCode(Reason.OUT_OF_RANGE));
        assertEquals(Status.Code.DATA_LOSS, ErrorMapper.statusCode(Reason.CORRUPT));
        assertEquals(Status.Code.INVALID_ARGUMENT, ErrorMapper.statusCode(Reason.PARSE_ERROR));
        assertEquals(
                Status.Code.UNAVAILABLE,
                ErrorMapper.statusCode(new RetriableGatewayException(Reason.IO, "nfs went away")));
        assertEquals(Status.Code.INTERNAL, ErrorMapper.statusCode(new GatewayException(Reason.IO, "bad sector")));
        for (Reason reason : Reason.values()) {
            assertTrue(ErrorMapper.statusCode(reason) != Status.Code.UNKNOWN, reason + " maps to UNKNOWN");
        }
    }

    @Test
    void exceptionSurvivesTheStatusWithItsReasonAndMessage() {
        GatewayException sent = new GatewayException(Reason.PARSE_ERROR, "cut.edl line 12: bad timecode '01:00'");
        StatusRuntimeException wire = ErrorMapper.toStatusException(sent);
        assertEquals(Status.Code.INVALID_ARGUMENT, wire.getStatus().getCode());

        GatewayException received = ErrorMapper.fromThrowable(wire, "Conform");
        assertEquals(Reason.PARSE_ERROR, received.reason());
        assertEquals(sent.getMessage(), received.getMessage());
        assertFalse(received.isRetriable());
    }

    @Test
    void retriableSurvivesTheStatus() {
        GatewayException received = ErrorMapper.fromThrowable(
                ErrorMapper.toStatusException(new RetriableGatewayException(Reason.IO, "store offline")), "Fetch");
        assertInstanceOf(RetriableGatewayException.class, received);
        assertEquals(Reason.IO, received.reason());
    }

    @Test
    void unavailableIsRetriableOnTheWireWhateverItsClass() {
        GatewayException sent = new GatewayException(Reason.UNAVAILABLE, "index of project p is locked");
        assertTrue(ErrorMapper.toDetail(sent).getRetriable());
        GatewayException received = ErrorMapper.fromThrowable(ErrorMapper.toStatusException(sent), "Search");
        assertEquals(Reason.UNAVAILABLE, received.reason());
        assertTrue(received.isRetriable());
    }

    @Test
    void aDeadlineWithoutDetailIsRetriableButATimeoutDetailSaysWhetherItIs() {
        GatewayException deadline = ErrorMapper.fromThrowable(Status.DEADLINE_EXCEEDED.asRuntimeException(), "Fetch");
        assertEquals(Reason.TIMEOUT, deadline.reason());
        assertTrue(deadline.isRetriable());
        GatewayException permanent = ErrorMapper.fromThrowable(
                ErrorMapper.toStatusException(new GatewayException(Reason.TIMEOUT, "probe took 20 min")), "Ingest");
        assertFalse(permanent.isRetriable());
    }

    @Test
    void statusWithoutDetailMapsByCode() {
        GatewayException e = ErrorMapper.fromThrowable(
                Status.UNAVAILABLE.withDescription("connection refused").asRuntimeException(), "Search");
        assertEquals(Reason.UNAVAILABLE, e.reason());
        assertTrue(e.isRetriable());
        assertEquals(
                "Search failed: UNAVAILABLE connection refused: the gateway node does not answer (stopped, or the"
                        + " network is down)",
                e.getMessage());

        GatewayException denied = ErrorMapper.fromThrowable(Status.PERMISSION_DENIED.asRuntimeException(), "GetAsset");
        assertEquals(Reason.PERMISSION_DENIED, denied.reason());
        assertFalse(denied.isRetriable());
    }

    @Test
    void gatewayExceptionPassesThroughUnchanged() {
        GatewayException e = GatewayException.notFound("no such asset");
        assertSame(e, ErrorMapper.fromThrowable(e, "GetAsset"));
    }
}
