package gateway.ingest.config;

import gateway.model.error.GatewayException;
import java.time.Duration;
import java.util.List;

/**
 * Cluster membership (keys {@code cluster.*}): Hazelcast's cluster name, the port this member
 * listens on, how members find each other: the members to join (TCP-IP, one by one), or, when
 * {@code kubernetesServiceDns} is set ({@code cluster.kubernetes.service-dns}), Hazelcast's
 * Kubernetes discovery in DNS lookup mode: the members are the addresses a headless service's DNS
 * name resolves to (no API access, no RBAC needed), and {@code members} is not used; and how far
 * this machine's clock may be from the cluster's when it joins ({@code cluster.max-clock-skew-s}:
 * leases are timed by the clock of the member that holds the job, so a member minutes off would take
 * or drop them early).
 */
public record ClusterConfig(
        String name, int port, List<String> members, String kubernetesServiceDns, Duration maxClockSkew) {
    public static final String DEFAULT_NAME = "gateway";
    public static final int DEFAULT_PORT = 5701;
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofSeconds(10);

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
        if (maxClockSkew == null) {
            maxClockSkew = DEFAULT_MAX_CLOCK_SKEW;
        }
        if (maxClockSkew.toSeconds() < 1 || maxClockSkew.toSeconds() > 3600) {
            throw GatewayException.invalid(
                    "config key cluster.max-clock-skew-s must be 1-3600 seconds, not " + maxClockSkew.toSeconds());
        }
    }

    /** TCP-IP join on {@code members}, the default {@code cluster.max-clock-skew-s}. */
    public ClusterConfig(String name, int port, List<String> members) {
        this(name, port, members, "", DEFAULT_MAX_CLOCK_SKEW);
    }

    /** Members found as {@code kubernetesServiceDns} says (empty: TCP-IP on {@code members}), the default skew. */
    public ClusterConfig(String name, int port, List<String> members, String kubernetesServiceDns) {
        this(name, port, members, kubernetesServiceDns, DEFAULT_MAX_CLOCK_SKEW);
    }

    /** TCP-IP join on {@code members}, this machine's clock at most {@code maxClockSkew} from the cluster's. */
    public ClusterConfig(String name, int port, List<String> members, Duration maxClockSkew) {
        this(name, port, members, "", maxClockSkew);
    }

    /** The same membership with another port (tests and embedded members). */
    public ClusterConfig withPort(int newPort) {
        return new ClusterConfig(name, newPort, members, kubernetesServiceDns, maxClockSkew);
    }

    /** The same membership under another cluster name on another port. */
    public ClusterConfig withName(String newName, int newPort) {
        return new ClusterConfig(newName, newPort, members, kubernetesServiceDns, maxClockSkew);
    }

    /** True when members are found through a Kubernetes headless service rather than a list. */
    public boolean kubernetes() {
        return !kubernetesServiceDns.isEmpty();
    }

    public static ClusterConfig defaults() {
        return new ClusterConfig(DEFAULT_NAME, DEFAULT_PORT, List.of("127.0.0.1"));
    }
}
