package gateway.ingest.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hazelcast.spi.properties.ClusterProperty;
import com.hazelcast.spi.properties.HazelcastProperties;
import gateway.ingest.config.ClusterConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A member's calls to another member time out after 10 s without word from it (Hazelcast's default
 * is 60 s, and a call lost with its connection then waited 120 s: a lease holder's renewal outlived
 * its lease by minutes after a partition healed).
 */
class ClusterMemberConfigTest {
    @Test
    void callsToAnotherMemberTimeOutAfterTenSeconds() {
        var hz = ClusterMember.config(new ClusterConfig("config-test", 5701, List.of("127.0.0.1")), "config-test");
        assertEquals(
                10_000,
                new HazelcastProperties(hz).getMillis(ClusterProperty.OPERATION_CALL_TIMEOUT_MILLIS),
                "the call timeout Hazelcast will use");
    }
}
