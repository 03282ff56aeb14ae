package gateway.server.grpc;

import gateway.model.error.GatewayException;
import gateway.protos.mapper.ErrorMapper;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Turns an exception escaping a handler into its status ({@link ErrorMapper}), never UNKNOWN. */
public final class ErrorInterceptor implements ServerInterceptor {
    private static final System.Logger LOG = System.getLogger(ErrorInterceptor.class.getName());

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        ServerCall.Listener<Q> delegate = next.startCall(call, headers);
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
            @Override
            public void onMessage(Q message) {
                guard(() -> super.onMessage(message));
            }

            @Override
            public void onHalfClose() {
                guard(super::onHalfClose);
            }

            @Override
            public void onReady() {
                guard(super::onReady);
            }

            private void guard(Runnable r) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    StatusRuntimeException s = e instanceof GatewayException g
                            ? ErrorMapper.toStatusException(g)
                            : Status.INTERNAL
                                    .withDescription(
                                            "internal error: " + e.getClass().getSimpleName())
                                    .asRuntimeException();
                    if (s.getStatus().getCode() == Status.Code.INTERNAL) {
                        LOG.log(
                                System.Logger.Level.WARNING,
                                "call " + call.getMethodDescriptor().getFullMethodName() + " failed",
                                e);
                    }
                    try {
                        call.close(s.getStatus(), s.getTrailers() == null ? new Metadata() : s.getTrailers());
                    } catch (IllegalStateException alreadyClosed) {
                        LOG.log(System.Logger.Level.DEBUG, "call already closed", alreadyClosed);
                    }
                }
            }
        };
    }
}
