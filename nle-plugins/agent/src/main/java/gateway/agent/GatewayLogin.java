package gateway.agent;

import gateway.client.ClientOptions;
import gateway.client.Credentials;
import gateway.client.GatewayClient;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The agent's Login and Refresh calls, through the SDK. The agent runs as one process per command
 * and must keep the tokens in {@code session.json} between runs: it takes them from the client's
 * {@link GatewayClient#credentials()}.
 */
final class GatewayLogin {
    private GatewayLogin() {}

    static StoredSession login(ServerAddress server, Path trustedCertificate, String user, String password) {
        return call(server, trustedCertificate, client -> client.login(user, password));
    }

    static StoredSession refresh(StoredSession current) {
        return call(current.server(), current.trustedCertificate(), client -> client.refresh(current.refreshToken()));
    }

    private static StoredSession call(ServerAddress server, Path pem, Consumer<GatewayClient> rpc) {
        ClientOptions options = pem == null ? ClientOptions.plaintext() : ClientOptions.tls(pem);
        try (GatewayClient client = GatewayClient.connect(server.host(), server.port(), options)) {
            rpc.accept(client);
            Credentials c = client.credentials();
            return new StoredSession(
                    server,
                    pem,
                    c.subject(),
                    c.accessToken(),
                    c.accessExpiresAt(),
                    c.refreshToken(),
                    c.refreshExpiresAt());
        }
    }
}
