package gateway.server.grpc;

import gateway.model.error.GatewayException;
import gateway.protos.mapper.ErrorMapper;
import gateway.server.auth.Authenticator;
import gateway.server.auth.CallRateLimit;
import gateway.server.auth.Credential;
import gateway.server.auth.Principal;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Every call carries a bearer access token, except the token exchange itself and the standard
 * health and reflection services. The token is checked by the {@link Authenticator} (signature,
 * key, claims, revocation, user enabled; refusals audited) and the caller's grants are read fresh
 * on each call. Then the caller's rate limit applies. A streaming call is re-checked every
 * revocation interval while it lasts and closed UNAUTHENTICATED once its token or user is revoked:
 * the service sees it cancelled ({@code isCancelled()}, its on-cancel handler).
 */
public final class AuthInterceptor implements ServerInterceptor, AutoCloseable {
    public static final Context.Key<Principal> PRINCIPAL = Context.key("gateway-principal");
    public static final Context.Key<Credential> CREDENTIAL = Context.key("gateway-credential");
    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    static final Set<String> OPEN_SERVICES = Set.of(
            "gateway.auth.v1.AuthService",
            "grpc.health.v1.Health",
            "grpc.reflection.v1.ServerReflection",
            "grpc.reflection.v1alpha.ServerReflection");

    private final Authenticator authenticator;
    private final CallRateLimit rateLimit;
    private final Duration recheck;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gateway-revocation-check");
        t.setDaemon(true);
        return t;
    });

    public AuthInterceptor(Authenticator authenticator, CallRateLimit rateLimit, Duration recheck) {
        this.authenticator = authenticator;
        this.rateLimit = rateLimit;
        this.recheck = recheck;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        MethodDescriptor<Q, R> method = call.getMethodDescriptor();
        if (OPEN_SERVICES.contains(method.getServiceName())) {
            return next.startCall(call, headers);
        }
        Authenticator.Caller caller;
        try {
            caller = authenticator.authenticate(headers.get(AUTHORIZATION), method.getFullMethodName());
            rateLimit.acquire(caller.principal().subject());
        } catch (GatewayException e) {
            StatusRuntimeException s = ErrorMapper.toStatusException(e);
            call.close(s.getStatus(), s.getTrailers() == null ? new Metadata() : s.getTrailers());
            return new ServerCall.Listener<>() {};
        }
        Context ctx =
                Context.current().withValue(PRINCIPAL, caller.principal()).withValue(CREDENTIAL, caller.credential());
        if (method.getType().serverSendsOneMessage()) {
            return Contexts.interceptCall(ctx, call, headers, next);
        }
        RevocableCall<Q, R> revocable = new RevocableCall<>(call);
        ServerCall.Listener<Q> listener = Contexts.interceptCall(ctx, revocable, headers, next);
        ScheduledFuture<?> check = timer.scheduleWithFixedDelay(
                () -> {
                    if (!authenticator.isActive(caller.credential())) {
                        revocable.revoke();
                    }
                },
                recheck.toMillis(),
                recheck.toMillis(),
                TimeUnit.MILLISECONDS);
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onComplete() {
                check.cancel(false);
                if (revocable.revoked()) {
                    super.onCancel(); // the service stops as if the client had gone
                } else {
                    super.onComplete();
                }
            }

            @Override
            public void onCancel() {
                check.cancel(false);
                super.onCancel();
            }
        };
    }

    /** The caller of the current call (set by this interceptor). */
    public static Principal principal() {
        Principal p = PRINCIPAL.get();
        if (p == null) {
            throw new GatewayException(gateway.model.error.Reason.UNAUTHENTICATED, "no authenticated caller");
        }
        return p;
    }

    /** The token the current call runs on (for services that want to re-check it themselves). */
    public static Credential credential() {
        Credential c = CREDENTIAL.get();
        if (c == null) {
            throw new GatewayException(gateway.model.error.Reason.UNAUTHENTICATED, "no authenticated caller");
        }
        return c;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /**
     * A call that the revocation check may close from its own thread: sends and close are
     * serialised, and once revoked the service's further sends are dropped and it reads as cancelled.
     */
    private static final class RevocableCall<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {
        private boolean closed;
        private volatile boolean revoked;

        RevocableCall(ServerCall<Q, R> delegate) {
            super(delegate);
        }

        synchronized void revoke() {
            if (closed) {
                return;
            }
            closed = true;
            revoked = true;
            super.close(
                    Status.UNAUTHENTICATED.withDescription("access was revoked while the call was running"),
                    new Metadata());
        }

        boolean revoked() {
            return revoked;
        }

        @Override
        public synchronized void sendHeaders(Metadata headers) {
            if (!closed) {
                super.sendHeaders(headers);
            }
        }

        @Override
        public synchronized void sendMessage(R message) {
            if (!closed) {
                super.sendMessage(message);
            }
        }

        @Override
        public synchronized void close(Status status, Metadata trailers) {
            if (!closed) {
                closed = true;
                super.close(status, trailers);
            }
        }

        @Override
        public boolean isReady() {
            return !revoked && super.isReady();
        }

        @Override
        public boolean isCancelled() {
            return revoked || super.isCancelled();
        }
    }
}
