package gateway.cli;

import gateway.client.ClientOptions;
import gateway.client.GatewayClient;
import gateway.model.error.GatewayException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options that connect a command to a running node: {@code --server HOST:PORT}, TLS
 * ({@code --ca}) and a login. A picocli mixin of ingest, search and conform.
 */
final class Remote {
    @Option(
            names = "--server",
            paramLabel = "HOST:PORT",
            description = "talk to a running node (its gRPC port) instead of opening the local store")
    String server;

    @Option(names = "--user", paramLabel = "U", description = "login name (default: $GATEWAY_USER)")
    String user;

    @Option(names = "--password", paramLabel = "P", description = "password (default: $GATEWAY_PASSWORD)")
    String password;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description = "a bearer token instead of a login (default: $GATEWAY_TOKEN)")
    String token;

    @Option(
            names = "--ca",
            paramLabel = "FILE",
            description = "the certificate to trust (default: $GATEWAY_CA, else <store>/security/tls/cert.pem); "
                    + "'none' for a plaintext node on loopback")
    String ca;

    boolean present() {
        return server != null;
    }

    GatewayClient connect(String command, Path store) {
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
        ClientOptions options = transport(command, store);
        Optional<String> bearer =
                Optional.ofNullable(token).or(() -> Optional.ofNullable(System.getenv("GATEWAY_TOKEN")));
        if (bearer.isPresent()) {
            options = options.withBearerToken(bearer.get());
        }
        GatewayClient client = GatewayClient.connect(server.substring(0, colon), port, options);
        if (bearer.isEmpty()) {
            String name = Optional.ofNullable(user)
                    .or(() -> Optional.ofNullable(System.getenv("GATEWAY_USER")))
                    .orElseThrow(() ->
                            GatewayException.invalid(command + ": give --user and --password (or GATEWAY_USER and "
                                    + "GATEWAY_PASSWORD, or --token) to talk to " + server));
            String secret = Optional.ofNullable(password)
                    .or(() -> Optional.ofNullable(System.getenv("GATEWAY_PASSWORD")))
                    .orElse("");
            try {
                client.login(name, secret);
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
    ClientOptions transport(String command, Path store) {
        Optional<String> trust = Optional.ofNullable(ca).or(() -> Optional.ofNullable(System.getenv("GATEWAY_CA")));
        if (trust.isPresent() && trust.get().equals("none")) {
            return ClientOptions.plaintext();
        }
        Path pem = trust.map(Path::of)
                .orElseGet(() -> store.resolve("security").resolve("tls").resolve("cert.pem"));
        if (!Files.isRegularFile(pem)) {
            throw GatewayException.invalid(command + ": no certificate to trust at " + pem.toAbsolutePath()
                    + "; give --ca FILE (the node prints it at start), or --ca none for a plaintext node on loopback");
        }
        return ClientOptions.tls(pem);
    }
}
