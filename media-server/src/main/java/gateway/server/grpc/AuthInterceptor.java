package gateway.server.grpc;

import gateway.model.error.GatewayException;
import gateway.protos.mapper.ErrorMapper;
import gateway.server.auth.AuditLog;
import gateway.server.auth.Authenticator;
import gateway.server.auth.CallInfo;
import gateway.server.auth.CallRateLimit;
import gateway.server.auth.Credential;
import gateway.server.auth.Principal;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Every call carries a bearer access token, except the token exchange itself and the standard
 * health and reflection services. The token is checked by the {@link Authenticator} (signature,
 * key, claims, revocation, user enabled; refusals audited) and the caller's grants are read fresh
 * on each call. Then the caller's rate limit applies. A streaming call is re-checked every
 * revocation interval while it lasts and closed UNAUTHENTICATED once its token or user is revoked:
 * the service sees it cancelled ({@code isCancelled()}, its on-cancel handler). One sweep over the
 * live streaming calls does the re-checks (a call joins and leaves a set: no timer task per call),
 * and a check that fails (e.g. a damaged revocation file) closes the call: it fails closed.
 *
 * <p>Every call gets a {@link CallInfo} in its context (request id from {@code x-request-id} or a
 * new one, the token id as session, the peer's address), which the audit log writes on each line
 * made during the call; every authenticated call leaves one {@code CALL} line naming its method,
 * allowed, or denied when the rate limit refused it.
 */
public final class AuthInterceptor implements ServerInterceptor, AutoCloseable {
    public static final Context.Key<Principal> PRINCIPAL = Context.key("gateway-principal");
    public static final Context.Key<Credential> CREDENTIAL = Context.key("gateway-credential");
    public static final Context.Key<CallInfo> CALL = Context.key("gateway-call");
    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    /** A client's own id for a request, echoed in the audit log so it can match its calls to lines. */
    public static final Metadata.Key<String> REQUEST_ID =
            Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);

    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final String AUTH_SERVICE = "gateway.auth.v1.AuthService";
    static final Set<String> OPEN_SERVICES = Set.of(
            AUTH_SERVICE,
            "grpc.health.v1.Health",
            "grpc.reflection.v1.ServerReflection",
            "grpc.reflection.v1alpha.ServerReflection");

    private final Authenticator authenticator;
    private final AuditLog audit;
    private final CallRateLimit rateLimit;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gateway-revocation-check");
        t.setDaemon(true);
        return t;
    });
    /** The streaming calls running now, with the token each runs on. */
    private final Set<LiveCall> live = ConcurrentHashMap.newKeySet();

    private record LiveCall(RevocableCall<?, ?> call, Credential credential) {}

    public AuthInterceptor(Authenticator authenticator, AuditLog audit, CallRateLimit rateLimit, Duration recheck) {
        this.authenticator = authenticator;
        this.audit = audit;
        this.rateLimit = rateLimit;
        timer.scheduleWithFixedDelay(this::recheckLive, recheck.toMillis(), recheck.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Closes every live streaming call whose token or user has been revoked since it started. */
    private void recheckLive() {
        for (LiveCall c : live) {
            boolean active;
            try {
                active = authenticator.isActive(c.credential());
            } catch (RuntimeException e) {
                System.getLogger(AuthInterceptor.class.getName())
                        .log(System.Logger.Level.ERROR, "cannot re-check a live stream's token; closing it: " + e);
                active = false;
            }
            if (!active) {
                live.remove(c);
                try {
                    c.call().revoke();
                } catch (RuntimeException e) { // one call's transport failing must not stop the sweep
                    System.getLogger(AuthInterceptor.class.getName())
                            .log(System.Logger.Level.WARNING, "closing a revoked stream failed: " + e);
                }
            }
        }
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        MethodDescriptor<Q, R> method = call.getMethodDescriptor();
        CallInfo info = new CallInfo(requestId(headers), "", clientAddress(call), "");
        if (OPEN_SERVICES.contains(method.getServiceName())) {
            if (method.getServiceName().equals(AUTH_SERVICE)) {
                // Token exchanges are audited too (the caller is not known yet): even a rate-limited one leaves a line.
                audit.record("-", "CALL", "", method.getFullMethodName(), true, "", info);
            }
            return Contexts.interceptCall(Context.current().withValue(CALL, info), call, headers, next);
        }
        Authenticator.Caller caller;
        Context unauthenticated = Context.current().withValue(CALL, info);
        Context previous = unauthenticated.attach(); // a refused token is audited with the call's address
        try {
            caller = authenticator.authenticate(headers.get(AUTHORIZATION), method.getFullMethodName());
            info = info.withSession(caller.credential().tokenId());
            String subject = caller.principal().subject();
            try {
                rateLimit.acquire(subject);
            } catch (GatewayException limited) {
                audit.record(subject, "CALL", "", method.getFullMethodName(), false, limited.getMessage(), info);
                throw limited;
            }
            audit.record(subject, "CALL", "", method.getFullMethodName(), true, "", info);
        } catch (GatewayException e) {
            StatusRuntimeException s = ErrorMapper.toStatusException(e);
            call.close(s.getStatus(), s.getTrailers() == null ? new Metadata() : s.getTrailers());
            return new ServerCall.Listener<>() {};
        } finally {
            unauthenticated.detach(previous);
        }
        Context ctx = Context.current()
                .withValue(PRINCIPAL, caller.principal())
                .withValue(CREDENTIAL, caller.credential())
                .withValue(CALL, info);
        if (method.getType().serverSendsOneMessage()) {
            return Contexts.interceptCall(ctx, call, headers, next);
        }
        RevocableCall<Q, R> revocable = new RevocableCall<>(call);
        ServerCall.Listener<Q> listener = Contexts.interceptCall(ctx, revocable, headers, next);
        LiveCall check = new LiveCall(revocable, caller.credential());
        live.add(check);
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onComplete() {
                live.remove(check);
                if (revocable.revoked()) {
                    super.onCancel(); // the service stops as if the client had gone
                } else {
                    super.onComplete();
                }
            }

            @Override
            public void onCancel() {
                live.remove(check);
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

    /** The current call as the audit log names it; {@link CallInfo#NONE} outside a gRPC call. */
    public static CallInfo callInfo() {
        CallInfo c = CALL.get();
        return c == null ? CallInfo.NONE : c;
    }

    /** Runs {@code body} with the current call marked as reading {@code length} bytes from {@code offset}. */
    static <T> T withByteRange(long offset, long length, Supplier<T> body) {
        Context ctx = Context.current().withValue(CALL, callInfo().withByteRange(offset, length));
        Context previous = ctx.attach();
        try {
            return body.get();
        } finally {
            ctx.detach(previous);
        }
    }

    private static String requestId(Metadata headers) {
        String given = headers.get(REQUEST_ID);
        if (given != null && SAFE_REQUEST_ID.matcher(given).matches()) {
            return given;
        }
        return "n-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    private static String clientAddress(ServerCall<?, ?> call) {
        SocketAddress a = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        if (a instanceof InetSocketAddress i) {
            return (i.getAddress() == null ? i.getHostString() : i.getAddress().getHostAddress()) + ":" + i.getPort();
        }
        return a == null ? "" : a.toString();
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
