package gateway.agent;

import gateway.model.error.GatewayException;
import gateway.protos.auth.v1.AuthServiceGrpc;
import gateway.protos.auth.v1.AuthServiceGrpc.AuthServiceBlockingStub;
import gateway.protos.auth.v1.LoginRequest;
import gateway.protos.auth.v1.RefreshRequest;
import gateway.protos.auth.v1.Tokens;
import gateway.protos.mapper.AssetMapper;
import gateway.protos.mapper.ErrorMapper;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The agent's own Login and Refresh calls. {@code GatewayClient} keeps its tokens inside, but the
 * agent runs as one process per command and must keep them in {@code session.json} between runs.
 */
final class GatewayLogin {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private GatewayLogin() {}

    static StoredSession login(ServerAddress server, Path trustedCertificate, String user, String password) {
        LoginRequest request = LoginRequest.newBuilder()
                .setUsername(user)
                .setPassword(password)
                .build();
        Tokens tokens = call(server, trustedCertificate, "Login", stub -> stub.login(request));
        return session(server, trustedCertificate, tokens);
    }

    static StoredSession refresh(StoredSession current) {
        RefreshRequest request = RefreshRequest.newBuilder()
                .setRefreshToken(current.refreshToken())
                .build();
        Tokens tokens = call(current.server(), current.trustedCertificate(), "Refresh", stub -> stub.refresh(request));
        return session(current.server(), current.trustedCertificate(), tokens);
    }

    private static StoredSession session(ServerAddress server, Path trustedCertificate, Tokens t) {
        return new StoredSession(
                server,
                trustedCertificate,
                t.getSubject(),
                t.getAccessToken(),
                t.hasAccessExpiresAt() ? AssetMapper.fromProto(t.getAccessExpiresAt()) : null,
                t.getRefreshToken().isEmpty() ? null : t.getRefreshToken(),
                t.hasRefreshExpiresAt() ? AssetMapper.fromProto(t.getRefreshExpiresAt()) : null);
    }

    private static Tokens call(
            ServerAddress server, Path trustedCertificate, String name, Function<AuthServiceBlockingStub, Tokens> rpc) {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress(
                        server.host(), server.port(), credentials(trustedCertificate))
                .build();
        try {
            return rpc.apply(AuthServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
        } catch (StatusRuntimeException e) {
            throw ErrorMapper.fromThrowable(e, name + " at " + server);
        } finally {
            channel.shutdownNow();
        }
    }

    private static ChannelCredentials credentials(Path pem) {
        if (pem == null) {
            return InsecureChannelCredentials.create();
        }
        try {
            return TlsChannelCredentials.newBuilder().trustManager(pem.toFile()).build();
        } catch (IOException | IllegalArgumentException e) {
            throw GatewayException.invalid("cannot use " + pem + " as the trusted certificate: " + e.getMessage());
        }
    }
}
