package gateway.ingest.config;

import gateway.model.error.GatewayException;
import java.util.List;

/**
 * Cluster membership (keys {@code cluster.*}): Hazelcast's cluster name, the port this member
 * listens on, and how members find each other: the members to join (TCP-IP, one by one), or, when
 * {@code kubernetesServiceDns} is set ({@code cluster.kubernetes.service-dns}), Hazelcast's
 * Kubernetes discovery in DNS lookup mode: the members are the addresses a headless service's DNS
 * name resolves to (no API access, no RBAC needed), and {@code members} is not used.
 */
public record ClusterConfig(String name, int port, List<String> members, String kubernetesServiceDns) {
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
        kubernetesServiceDns = kubernetesServiceDns == null ? "" : kubernetesServiceDns.strip();
        if (!kubernetesServiceDns.isEmpty()
                && !kubernetesServiceDns.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
            throw GatewayException.invalid("config key cluster.kubernetes.service-dns must be a DNS name (e.g."
                    + " gateway-hz.media.svc.cluster.local), not '" + kubernetesServiceDns + "'");
        }
    }

    /** TCP-IP join on {@code members}. */
    public ClusterConfig(String name, int port, List<String> members) {
        this(name, port, members, "");
    }

    /** True when members are found through a Kubernetes headless service rather than a list. */
    public boolean kubernetes() {
        return !kubernetesServiceDns.isEmpty();
    }

    public static ClusterConfig defaults() {
        return new ClusterConfig(DEFAULT_NAME, DEFAULT_PORT, List.of("127.0.0.1"));
    }
}
