package gateway.ingest.config;

import gateway.model.error.GatewayException;
import java.time.Duration;
import java.util.List;

/**
 * Cluster membership (keys {@code cluster.*}): Hazelcast's cluster name, the port this member
 * listens on, the members to join (TCP-IP, one by one), and how far this machine's clock may be
 * from the cluster's when it joins ({@code cluster.max-clock-skew-s}: leases are timed by the
 * clock of the member that holds the job, so a member minutes off would take or drop them early).
 */
public record ClusterConfig(String name, int port, List<String> members, Duration maxClockSkew) {
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
        if (maxClockSkew == null) {
            maxClockSkew = DEFAULT_MAX_CLOCK_SKEW;
        }
        if (maxClockSkew.toSeconds() < 1 || maxClockSkew.toSeconds() > 3600) {
            throw GatewayException.invalid(
                    "config key cluster.max-clock-skew-s must be 1-3600 seconds, not " + maxClockSkew.toSeconds());
        }
    }

    /** The default {@code cluster.max-clock-skew-s}. */
    public ClusterConfig(String name, int port, List<String> members) {
        this(name, port, members, DEFAULT_MAX_CLOCK_SKEW);
    }

    public static ClusterConfig defaults() {
        return new ClusterConfig(DEFAULT_NAME, DEFAULT_PORT, List.of("127.0.0.1"));
    }
}
