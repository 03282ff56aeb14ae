package gateway.protos.mapper;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.protos.common.v1.ErrorDetail;
import gateway.protos.common.v1.ErrorReason;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import java.util.Optional;

/**
 * The one mapping between the error vocabulary and gRPC: {@link Reason} to and from {@link
 * ErrorReason}, to a status code as grpc-java's {@code Status} defines them, and a {@link
 * GatewayException} to and from a status whose trailers carry an {@link ErrorDetail}.
 */
public final class ErrorMapper {
    /** The trailer key an {@link ErrorDetail} travels under ("gateway.common.v1.errordetail-bin"). */
    public static final Metadata.Key<ErrorDetail> ERROR_DETAIL_KEY =
            ProtoUtils.keyForProto(ErrorDetail.getDefaultInstance());

    private ErrorMapper() {}

    public static ErrorReason toProto(Reason reason) {
        return switch (reason) {
            case INVALID_ARGUMENT -> ErrorReason.ERROR_REASON_INVALID_ARGUMENT;
            case PARSE_ERROR -> ErrorReason.ERROR_REASON_PARSE_ERROR;
            case NOT_FOUND -> ErrorReason.ERROR_REASON_NOT_FOUND;
            case ALREADY_EXISTS -> ErrorReason.ERROR_REASON_ALREADY_EXISTS;
            case UNAUTHENTICATED -> ErrorReason.ERROR_REASON_UNAUTHENTICATED;
            case PERMISSION_DENIED -> ErrorReason.ERROR_REASON_PERMISSION_DENIED;
            case FAILED_PRECONDITION -> ErrorReason.ERROR_REASON_FAILED_PRECONDITION;
            case OUT_OF_RANGE -> ErrorReason.ERROR_REASON_OUT_OF_RANGE;
            case UNSUPPORTED -> ErrorReason.ERROR_REASON_UNSUPPORTED;
            case CORRUPT -> ErrorReason.ERROR_REASON_CORRUPT;
            case TIMEOUT -> ErrorReason.ERROR_REASON_TIMEOUT;
            case RESOURCE_LIMIT -> ErrorReason.ERROR_REASON_RESOURCE_LIMIT;
            case STORAGE_FULL -> ErrorReason.ERROR_REASON_STORAGE_FULL;
            case IO -> ErrorReason.ERROR_REASON_IO;
            case UNAVAILABLE -> ErrorReason.ERROR_REASON_UNAVAILABLE;
            case CANCELLED -> ErrorReason.ERROR_REASON_CANCELLED;
            case INTERNAL -> ErrorReason.ERROR_REASON_INTERNAL;
        };
    }

    /** The model reason, or empty for UNSPECIFIED and for values newer than this build. */
    public static Optional<Reason> fromProto(ErrorReason reason) {
        return Optional.ofNullable(
                switch (reason) {
                    case ERROR_REASON_INVALID_ARGUMENT -> Reason.INVALID_ARGUMENT;
                    case ERROR_REASON_PARSE_ERROR -> Reason.PARSE_ERROR;
                    case ERROR_REASON_NOT_FOUND -> Reason.NOT_FOUND;
                    case ERROR_REASON_ALREADY_EXISTS -> Reason.ALREADY_EXISTS;
                    case ERROR_REASON_UNAUTHENTICATED -> Reason.UNAUTHENTICATED;
                    case ERROR_REASON_PERMISSION_DENIED -> Reason.PERMISSION_DENIED;
                    case ERROR_REASON_FAILED_PRECONDITION -> Reason.FAILED_PRECONDITION;
                    case ERROR_REASON_OUT_OF_RANGE -> Reason.OUT_OF_RANGE;
                    case ERROR_REASON_UNSUPPORTED -> Reason.UNSUPPORTED;
                    case ERROR_REASON_CORRUPT -> Reason.CORRUPT;
                    case ERROR_REASON_TIMEOUT -> Reason.TIMEOUT;
                    case ERROR_REASON_RESOURCE_LIMIT -> Reason.RESOURCE_LIMIT;
                    case ERROR_REASON_STORAGE_FULL -> Reason.STORAGE_FULL;
                    case ERROR_REASON_IO -> Reason.IO;
                    case ERROR_REASON_UNAVAILABLE -> Reason.UNAVAILABLE;
                    case ERROR_REASON_CANCELLED -> Reason.CANCELLED;
                    case ERROR_REASON_INTERNAL -> Reason.INTERNAL;
                    case ERROR_REASON_UNSPECIFIED, UNRECOGNIZED -> null;
                });
    }

    /**
     * The status code a failure goes out with. UNAVAILABLE means "retry the call", so a retriable
     * I/O failure goes out as UNAVAILABLE and a permanent one as INTERNAL.
     */
    public static Status.Code statusCode(GatewayException e) {
        if (e.reason() == Reason.IO) {
            return e.isRetriable() ? Status.Code.UNAVAILABLE : Status.Code.INTERNAL;
        }
        return statusCode(e.reason());
    }

    public static Status.Code statusCode(Reason reason) {
        return switch (reason) {
            case INVALID_ARGUMENT, PARSE_ERROR, UNSUPPORTED -> Status.Code.INVALID_ARGUMENT;
            case NOT_FOUND -> Status.Code.NOT_FOUND;
            case ALREADY_EXISTS -> Status.Code.ALREADY_EXISTS;
            case UNAUTHENTICATED -> Status.Code.UNAUTHENTICATED;
            case PERMISSION_DENIED -> Status.Code.PERMISSION_DENIED;
            case FAILED_PRECONDITION -> Status.Code.FAILED_PRECONDITION;
            case OUT_OF_RANGE -> Status.Code.OUT_OF_RANGE;
            case CORRUPT -> Status.Code.DATA_LOSS;
            case TIMEOUT -> Status.Code.DEADLINE_EXCEEDED;
            case RESOURCE_LIMIT, STORAGE_FULL -> Status.Code.RESOURCE_EXHAUSTED;
            case UNAVAILABLE -> Status.Code.UNAVAILABLE;
            case CANCELLED -> Status.Code.CANCELLED;
            case IO, INTERNAL -> Status.Code.INTERNAL;
        };
    }

    /** The reason a status code means when the server sent no {@link ErrorDetail}. */
    public static Reason reasonOf(Status.Code code) {
        return switch (code) {
            case INVALID_ARGUMENT -> Reason.INVALID_ARGUMENT;
            case NOT_FOUND -> Reason.NOT_FOUND;
            case ALREADY_EXISTS -> Reason.ALREADY_EXISTS;
            case UNAUTHENTICATED -> Reason.UNAUTHENTICATED;
            case PERMISSION_DENIED -> Reason.PERMISSION_DENIED;
            case FAILED_PRECONDITION -> Reason.FAILED_PRECONDITION;
            case OUT_OF_RANGE -> Reason.OUT_OF_RANGE;
            case DATA_LOSS -> Reason.CORRUPT;
            case DEADLINE_EXCEEDED -> Reason.TIMEOUT;
            case RESOURCE_EXHAUSTED -> Reason.RESOURCE_LIMIT;
            case UNAVAILABLE, ABORTED -> Reason.UNAVAILABLE;
            case CANCELLED -> Reason.CANCELLED;
            case UNIMPLEMENTED -> Reason.UNSUPPORTED;
            case OK, UNKNOWN, INTERNAL -> Reason.INTERNAL;
        };
    }

    /** Codes after which the same call may succeed when tried again. */
    public static boolean isRetriable(Status.Code code) {
        return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED || code == Status.Code.ABORTED;
    }

    public static ErrorDetail toDetail(GatewayException e) {
        return ErrorDetail.newBuilder()
                .setReason(toProto(e.reason()))
                .setMessage(e.getMessage())
                .setRetriable(e.isRetriable())
                .build();
    }

    /** The status a server ends a call with: the code, the message, and the detail in the trailers. */
    public static StatusRuntimeException toStatusException(GatewayException e) {
        Metadata trailers = new Metadata();
        trailers.put(ERROR_DETAIL_KEY, toDetail(e));
        return Status.fromCode(statusCode(e))
                .withDescription(e.getMessage())
                .withCause(e)
                .asRuntimeException(trailers);
    }

    /**
     * The failure a client sees for a failed call: the server's {@link ErrorDetail} when the
     * trailers carry one, otherwise the reason the status code means. {@code call} (e.g. "Search")
     * prefixes a message the server did not write.
     */
    public static GatewayException fromThrowable(Throwable t, String call) {
        if (t instanceof GatewayException e) {
            return e;
        }
        Status status = Status.fromThrowable(t);
        Metadata trailers = Status.trailersFromThrowable(t);
        ErrorDetail detail = trailers == null ? null : trailers.get(ERROR_DETAIL_KEY);
        Reason reason = detail == null
                ? reasonOf(status.getCode())
                : fromProto(detail.getReason()).orElseGet(() -> reasonOf(status.getCode()));
        String message = detail != null && !detail.getMessage().isEmpty()
                ? detail.getMessage()
                : call + " failed: " + status.getCode()
                        + (status.getDescription() == null ? "" : " " + status.getDescription())
                        + (status.getCode() == Status.Code.UNAVAILABLE
                                ? ": the gateway node does not answer (stopped, or the network is down)"
                                : "");
        boolean retriable = detail != null ? detail.getRetriable() : isRetriable(status.getCode());
        return GatewayException.of(reason, message, t, retriable);
    }
}
