package gateway.ingest.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import gateway.ingest.config.ClusterConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code cluster.kubernetes.service-dns} turns on Hazelcast's Kubernetes discovery in DNS lookup
 * mode: the members are whatever the name resolves to, on the member port. Outside Kubernetes,
 * {@code localhost} stands in for the headless service: a second member started with only that name
 * (and no member list) finds the first and joins it.
 */
class KubernetesDiscoveryIT {
    @Test
    void aMemberFindsTheOthersThroughTheServiceDnsName() throws Exception {
        int port = freePort();
        ClusterConfig config = new ClusterConfig("k8s-" + UUID.randomUUID(), port, List.of(), "localhost");
        assertTrue(config.kubernetes());
        try (ClusterMember first = ClusterMember.start(config, "k8s-first")) {
            CountDownLatch joined = new CountDownLatch(1);
            first.hazelcast().getCluster().addMembershipListener(new MembershipListener() {
                @Override
                public void memberAdded(MembershipEvent e) {
                    joined.countDown();
                }

                @Override
                public void memberRemoved(MembershipEvent e) {}
            });
            try (ClusterMember second = ClusterMember.start(config, "k8s-second")) {
                assertTrue(
                        joined.await(60, TimeUnit.SECONDS) || first.memberCount() == 2,
                        "the second member joined through DNS lookup of 'localhost'");
                assertEquals(2, first.memberCount());
                assertEquals(2, second.memberCount());
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
