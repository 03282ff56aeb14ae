package gateway.server.grpc;

import gateway.protos.auth.v1.AuthServiceGrpc;
import gateway.protos.auth.v1.ExchangeApiKeyRequest;
import gateway.protos.auth.v1.LoginRequest;
import gateway.protos.auth.v1.RefreshRequest;
import gateway.protos.auth.v1.Tokens;
import gateway.protos.mapper.AssetMapper;
import gateway.server.auth.Authenticator;
import io.grpc.stub.StreamObserver;

/** Exchanges a password, a refresh token or an API key for a short-lived access token. */
public final class AuthGrpcService extends AuthServiceGrpc.AuthServiceImplBase {
    private final Authenticator authenticator;

    public AuthGrpcService(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void login(LoginRequest request, StreamObserver<Tokens> out) {
        ServiceCalls.unary(out, () -> proto(authenticator.login(request.getUsername(), request.getPassword())));
    }

    @Override
    public void exchangeApiKey(ExchangeApiKeyRequest request, StreamObserver<Tokens> out) {
        ServiceCalls.unary(out, () -> proto(authenticator.exchangeApiKey(request.getApiKey())));
    }

    @Override
    public void refresh(RefreshRequest request, StreamObserver<Tokens> out) {
        ServiceCalls.unary(out, () -> proto(authenticator.refresh(request.getRefreshToken())));
    }

    private static Tokens proto(Authenticator.Tokens t) {
        Tokens.Builder b = Tokens.newBuilder()
                .setAccessToken(t.accessToken())
                .setAccessExpiresAt(AssetMapper.toProto(t.accessExpiresAt()))
                .setSubject(t.subject());
        if (t.refreshToken() != null) {
            b.setRefreshToken(t.refreshToken()).setRefreshExpiresAt(AssetMapper.toProto(t.refreshExpiresAt()));
        }
        t.projects().forEach(p -> b.addProjects(p.value()));
        return b.build();
    }
}
