package gateway.server.grpc;

import gateway.model.error.GatewayException;
import gateway.protos.mapper.ErrorMapper;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/** Runs a unary handler and answers with its value or its failure mapped to a status. */
final class ServiceCalls {
    private static final System.Logger LOG = System.getLogger(ServiceCalls.class.getName());

    private ServiceCalls() {}

    static <R> void unary(StreamObserver<R> out, Supplier<R> handler) {
        R value;
        try {
            value = handler.get();
        } catch (GatewayException e) {
            out.onError(ErrorMapper.toStatusException(e));
            return;
        } catch (RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "handler failed", e);
            out.onError(Status.INTERNAL
                    .withDescription("internal error: " + e.getClass().getSimpleName())
                    .asRuntimeException());
            return;
        }
        out.onNext(value);
        out.onCompleted();
    }

    static void fail(StreamObserver<?> out, RuntimeException e) {
        if (e instanceof GatewayException g) {
            out.onError(ErrorMapper.toStatusException(g));
        } else {
            LOG.log(System.Logger.Level.WARNING, "handler failed", e);
            out.onError(Status.INTERNAL
                    .withDescription("internal error: " + e.getClass().getSimpleName())
                    .asRuntimeException());
        }
    }
}
