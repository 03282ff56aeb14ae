package gateway.server.config;

import gateway.model.error.GatewayException;

/**
 * Where the node listens (keys {@code server.host}, {@code server.http-port}, {@code server.grpc-port}).
 *
 * @param host the interface for HTTP and gRPC
 * @param httpPort Helidon: status page, health, metrics, REST (0: any free port)
 * @param grpcPort grpc-java on Netty: the v1 API (0: any free port)
 */
public record ServerConfig(String host, int httpPort, int grpcPort) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final int DEFAULT_GRPC_PORT = 9090;

    public ServerConfig {
        if (host == null || host.isBlank()) {
            throw GatewayException.invalid("config key server.host must name an interface");
        }
        GatewayConfig.requirePort("server.http-port", httpPort);
        GatewayConfig.requirePort("server.grpc-port", grpcPort);
    }

    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_HOST, DEFAULT_HTTP_PORT, DEFAULT_GRPC_PORT);
    }
}
