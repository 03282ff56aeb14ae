package gateway.server.grpc;

import gateway.model.error.GatewayException;
import gateway.server.auth.Principal;
import gateway.server.auth.TokenService;
import gateway.server.auth.UserDirectory;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Set;

/**
 * Every call carries a bearer access token, except the token exchange itself and the standard
 * health and reflection services. The principal's grants are read fresh from the user directory
 * on each call, so a revoked or changed user takes effect at once.
 */
public final class AuthInterceptor implements ServerInterceptor {
    public static final Context.Key<Principal> PRINCIPAL = Context.key("gateway-principal");
    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Set<String> OPEN_SERVICES = Set.of(
            "gateway.auth.v1.AuthService",
            "grpc.health.v1.Health",
            "grpc.reflection.v1.ServerReflection",
            "grpc.reflection.v1alpha.ServerReflection");

    private final TokenService tokens;
    private final UserDirectory users;

    public AuthInterceptor(TokenService tokens, UserDirectory users) {
        this.tokens = tokens;
        this.users = users;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        if (OPEN_SERVICES.contains(call.getMethodDescriptor().getServiceName())) {
            return next.startCall(call, headers);
        }
        String header = headers.get(AUTHORIZATION);
        try {
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new GatewayException(gateway.model.error.Reason.UNAUTHENTICATED, "no bearer access token");
            }
            TokenService.Claims claims = tokens.verify(header.substring(7).trim());
            Principal principal = users.principal(claims.subject())
                    .orElseThrow(() -> new GatewayException(
                            gateway.model.error.Reason.UNAUTHENTICATED,
                            "user " + claims.subject() + " is disabled or gone"));
            return Contexts.interceptCall(Context.current().withValue(PRINCIPAL, principal), call, headers, next);
        } catch (GatewayException e) {
            call.close(Status.UNAUTHENTICATED.withDescription(e.getMessage()), new Metadata());
            return new ServerCall.Listener<>() {};
        }
    }

    /** The caller of the current call (set by this interceptor). */
    public static Principal principal() {
        Principal p = PRINCIPAL.get();
        if (p == null) {
            throw new GatewayException(gateway.model.error.Reason.UNAUTHENTICATED, "no authenticated caller");
        }
        return p;
    }
}
