package gateway.ingest.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import gateway.ingest.config.ClusterConfig;
import gateway.ingest.jobs.ClusterJobBoard;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.util.List;

/**
 * A Hazelcast member of the gateway's cluster (a node's or a worker's): coordination and cache only
 * (AP, no persistence, no TLS in the open-source edition). TCP-IP join on the configured members,
 * or Kubernetes discovery through a headless service's DNS name; multicast and phone-home off. {@link #hazelcast()} and {@code ClusterJobBoard}'s constructor are
 * the one seam where a Hazelcast type crosses from this module to the node (the architecture tests
 * allow exactly these).
 */
public final class ClusterMember implements AutoCloseable {
    /** The member attribute that carries the instance name, so others can tell nodes from workers. */
    private static final String NAME_ATTRIBUTE = "gateway.name";

    /** Hazelcast's property for how long a call to another member may go unanswered. */
    static final String CALL_TIMEOUT_PROPERTY = "hazelcast.operation.call.timeout.millis";

    /**
     * The gateway's call timeout (Hazelcast's default is 60 s). A call whose request or answer was
     * lost (the connection between two members closed under it, as it is within seconds of a
     * network partition) fails only when its member has sent no word of it for the call timeout and
     * then for the operation heartbeat timeout, which Hazelcast takes equal to it: 120 s by default.
     * A lease holder whose renewal was lost so waited long after the network healed while its lease
     * ({@code ingest.lease-s}, 30 s by default) lapsed and another node ran the job again. With 10 s
     * such a renewal fails after 20 s and the next one, on a new connection, goes through. Calls
     * that run longer are not cut short: the member running them says so every quarter of the
     * timeout (2.5 s). A {@code -Dhazelcast.operation.call.timeout.millis=...} on the JVM's command
     * line wins.
     */
    static final long CALL_TIMEOUT_MILLIS = 10_000;

    private final HazelcastInstance hazelcast;

    private ClusterMember(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    public static ClusterMember start(ClusterConfig config, String instanceName) {
        return start(config, instanceName, java.time.Clock.systemUTC());
    }

    /**
     * Starts a member and joins the cluster; refuses (FAILED_PRECONDITION, the member stopped again)
     * when {@code clock}, the clock this process times leases with, is further from the cluster's
     * time (its oldest member's clock, as Hazelcast measured it at the join) than
     * {@code cluster.max-clock-skew-s}.
     */
    public static ClusterMember start(ClusterConfig config, String instanceName, java.time.Clock clock) {
        ClusterMember member = new ClusterMember(Hazelcast.newHazelcastInstance(config(config, instanceName)));
        try {
            member.requireClockNear(clock, config);
        } catch (RuntimeException e) {
            member.close();
            throw e;
        }
        return member;
    }

    /** The Hazelcast configuration of a member named {@code instanceName}. */
    static Config config(ClusterConfig config, String instanceName) {
        Config hz = new Config();
        hz.setInstanceName(instanceName);
        hz.getMemberAttributeConfig().setAttribute(NAME_ATTRIBUTE, instanceName);
        hz.setClusterName(config.name());
        hz.setProperty("hazelcast.phone.home.enabled", "false");
        hz.setProperty("hazelcast.logging.type", "jdk");
        hz.setProperty("hazelcast.shutdownhook.enabled", "false");
        if (System.getProperty(CALL_TIMEOUT_PROPERTY) == null) {
            hz.setProperty(CALL_TIMEOUT_PROPERTY, Long.toString(CALL_TIMEOUT_MILLIS));
        }
        hz.addMapConfig(ClusterJobBoard.mapConfig());
        // Members exchange failures as Java-serialised exceptions. Hazelcast's own filter (its
        // default allow-list of JDK and Hazelcast classes, minus known gadget classes) guards every
        // member, worker JVMs included; a node's JVM also has Helidon's filter, whose allow-list is
        // META-INF/helidon/serial-config.properties.
        hz.getSerializationConfig().setJavaSerializationFilterConfig(new JavaSerializationFilterConfig());
        NetworkConfig network = hz.getNetworkConfig();
        network.setPort(config.port() == 0 ? 5701 : config.port()).setPortAutoIncrement(true);
        boolean loopbackOnly = !config.kubernetes() && config.members().stream().allMatch(m -> m.startsWith("127."));
        if (loopbackOnly) {
            network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        }
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        if (config.kubernetes()) {
            join.getKubernetesConfig()
                    .setEnabled(true)
                    .setProperty("service-dns", config.kubernetesServiceDns())
                    .setProperty("service-port", Integer.toString(network.getPort()));
        } else {
            join.getTcpIpConfig().setEnabled(true).setMembers(config.members());
        }
        return hz;
    }

    private void requireClockNear(java.time.Clock clock, ClusterConfig config) {
        long skewMillis = clock.millis() - hazelcast.getCluster().getClusterTime();
        if (Math.abs(skewMillis) > config.maxClockSkew().toMillis()) {
            throw new GatewayException(
                    Reason.FAILED_PRECONDITION,
                    "this machine's clock is " + Math.abs(skewMillis) / 1000 + " s "
                            + (skewMillis > 0 ? "ahead of" : "behind") + " cluster " + config.name()
                            + "'s time (config key cluster.max-clock-skew-s allows "
                            + config.maxClockSkew().toSeconds()
                            + " s): job leases would lapse early or late; synchronise the clocks (NTP) and start again");
        }
    }

    /** One member of the cluster as this member sees it: a node or a {@code gateway worker}. */
    public record Member(String uuid, String address, String name, boolean local) {}

    /** The cluster's members now, this one included ({@code name}: the instance name it started with, when known). */
    public List<Member> members() {
        return hazelcast.getCluster().getMembers().stream()
                .map(m -> new Member(
                        m.getUuid().toString(),
                        m.getAddress().getHost() + ":" + m.getAddress().getPort(),
                        m.getAttribute(NAME_ATTRIBUTE) == null ? "" : m.getAttribute(NAME_ATTRIBUTE),
                        m.localMember()))
                .toList();
    }

    public HazelcastInstance hazelcast() {
        return hazelcast;
    }

    public int memberCount() {
        return hazelcast.getCluster().getMembers().size();
    }

    public boolean isRunning() {
        return hazelcast.getLifecycleService().isRunning();
    }

    public String address() {
        return hazelcast.getCluster().getLocalMember().getAddress().toString();
    }

    @Override
    public void close() {
        hazelcast.shutdown();
    }
}
