package gateway.server.grpc;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.protos.auth.v1.AuthServiceGrpc;
import gateway.protos.auth.v1.ExchangeApiKeyRequest;
import gateway.protos.auth.v1.LoginRequest;
import gateway.protos.auth.v1.RefreshRequest;
import gateway.protos.auth.v1.Tokens;
import gateway.protos.mapper.AssetMapper;
import gateway.server.auth.Principal;
import gateway.server.auth.TokenService;
import gateway.server.auth.UserDirectory;
import io.grpc.stub.StreamObserver;

/** Exchanges credentials for a short-lived access token. */
public final class AuthGrpcService extends AuthServiceGrpc.AuthServiceImplBase {
    private final UserDirectory users;
    private final TokenService tokens;

    public AuthGrpcService(UserDirectory users, TokenService tokens) {
        this.users = users;
        this.tokens = tokens;
    }

    @Override
    public void login(LoginRequest request, StreamObserver<Tokens> out) {
        ServiceCalls.unary(out, () -> {
            Principal p = users.authenticate(request.getUsername(), request.getPassword())
                    .orElseThrow(() -> new GatewayException(Reason.UNAUTHENTICATED, "wrong user name or password"));
            TokenService.Issued issued = tokens.issue(p.subject());
            Tokens.Builder b = Tokens.newBuilder()
                    .setAccessToken(issued.token())
                    .setAccessExpiresAt(AssetMapper.toProto(issued.expiresAt()))
                    .setSubject(p.subject());
            p.readable().forEach(project -> b.addProjects(project.value()));
            return b.build();
        });
    }

    @Override
    public void exchangeApiKey(ExchangeApiKeyRequest request, StreamObserver<Tokens> out) {
        ServiceCalls.unary(out, () -> {
            throw new GatewayException(
                    Reason.UNSUPPORTED, "API keys are not issued by this node yet; log in with a user");
        });
    }

    @Override
    public void refresh(RefreshRequest request, StreamObserver<Tokens> out) {
        ServiceCalls.unary(out, () -> {
            throw new GatewayException(
                    Reason.UNSUPPORTED, "refresh tokens are not issued by this node yet; log in again");
        });
    }
}
