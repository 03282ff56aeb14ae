package gateway.server.cli;

import gateway.client.ClientOptions;
import gateway.client.GatewayClient;
import gateway.model.error.GatewayException;
import java.util.Optional;
import java.util.Set;

/** Connects a command to a running node: {@code --server HOST:PORT} and a login. */
final class Remote {
    static final Set<String> OPTIONS = Set.of("server", "user", "password", "token");

    private Remote() {}

    static Optional<String> server(Args a) {
        return a.option("server");
    }

    static GatewayClient connect(String command, Args a) {
        String server = a.require(command, "server");
        int colon = server.lastIndexOf(':');
        if (colon <= 0) {
            throw GatewayException.invalid(command + ": --server must be HOST:PORT, not '" + server + "'");
        }
        int port;
        try {
            port = Integer.parseInt(server.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw GatewayException.invalid(
                    command + ": --server port must be a number, not '" + server.substring(colon + 1) + "'");
        }
        ClientOptions options = ClientOptions.plaintext();
        Optional<String> token = a.option("token").or(() -> Optional.ofNullable(System.getenv("GATEWAY_TOKEN")));
        if (token.isPresent()) {
            options = options.withBearerToken(token.get());
        }
        GatewayClient client = GatewayClient.connect(server.substring(0, colon), port, options);
        if (token.isEmpty()) {
            String user = a.option("user")
                    .or(() -> Optional.ofNullable(System.getenv("GATEWAY_USER")))
                    .orElseThrow(() ->
                            GatewayException.invalid(command + ": give --user and --password (or GATEWAY_USER and "
                                    + "GATEWAY_PASSWORD, or --token) to talk to " + server));
            String password = a.option("password")
                    .or(() -> Optional.ofNullable(System.getenv("GATEWAY_PASSWORD")))
                    .orElse("");
            try {
                client.login(user, password);
            } catch (RuntimeException e) {
                client.close();
                throw e;
            }
        }
        return client;
    }
}
