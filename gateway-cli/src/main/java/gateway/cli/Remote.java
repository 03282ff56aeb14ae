package gateway.cli;

import gateway.client.ClientOptions;
import gateway.client.GatewayClient;
import gateway.model.error.GatewayException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/** Connects a command to a running node: {@code --server HOST:PORT}, TLS ({@code --ca}) and a login. */
final class Remote {
    static final Set<String> OPTIONS = Set.of("server", "user", "password", "token", "ca");

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
        ClientOptions options = transport(command, a);
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

    /**
     * TLS trusting {@code --ca FILE} (or $GATEWAY_CA, or the self-signed certificate of the local
     * store, {@code <store>/security/tls/cert.pem}); {@code --ca none} talks plaintext to a node on
     * loopback that has {@code server.tls.enabled: false}.
     */
    static ClientOptions transport(String command, Args a) {
        Optional<String> ca = a.option("ca").or(() -> Optional.ofNullable(System.getenv("GATEWAY_CA")));
        if (ca.isPresent() && ca.get().equals("none")) {
            return ClientOptions.plaintext();
        }
        Path pem = ca.map(Path::of)
                .orElseGet(() -> Path.of(a.option("store").orElse("data"), "security", "tls", "cert.pem"));
        if (!Files.isRegularFile(pem)) {
            throw GatewayException.invalid(command + ": no certificate to trust at " + pem.toAbsolutePath()
                    + "; give --ca FILE (the node prints it at start), or --ca none for a plaintext node on loopback");
        }
        return ClientOptions.tls(pem);
    }
}
