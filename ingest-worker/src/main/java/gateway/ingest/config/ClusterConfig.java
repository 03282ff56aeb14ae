package gateway.ingest.config;

import gateway.model.error.GatewayException;
import java.util.List;

/**
 * Cluster membership (keys {@code cluster.*}): Hazelcast's cluster name, the port this member
 * listens on, and the members to join (TCP-IP, one by one).
 */
public record ClusterConfig(String name, int port, List<String> members) {
    public static final String DEFAULT_NAME = "gateway";
    public static final int DEFAULT_PORT = 5701;

    public ClusterConfig {
        if (name == null || name.isBlank()) {
            throw GatewayException.invalid("config key cluster.name must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw GatewayException.invalid("config key cluster.port must be a port 0-65535, not " + port);
        }
        members = List.copyOf(members);
    }

    public static ClusterConfig defaults() {
        return new ClusterConfig(DEFAULT_NAME, DEFAULT_PORT, List.of("127.0.0.1"));
    }
}
