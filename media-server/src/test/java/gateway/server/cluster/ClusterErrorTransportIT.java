package gateway.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastException;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import gateway.ingest.cluster.ClusterMember;
import io.helidon.common.SerializationConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hazelcast sends a failure from one member to another as a Java-serialised exception (an entry
 * processor that throws, or a partition that is migrating while a member joins). Helidon installs
 * a JVM-wide allow-list filter that rejects every class not listed; when Hazelcast's exceptions were
 * not listed, the caller's response thread dropped the reply and the call waited until Hazelcast's
 * heartbeat timeout — a member joining under load hung its node's start (seen in CI). The
 * exception must arrive as itself, with its message.
 */
class ClusterErrorTransportIT {
    @TempDir
    Path dir;

    @Test
    void aFailureOnTheOtherMemberArrivesAsItselfUnderHelidonsFilter() throws Exception {
        SerializationConfig.configureRuntime(); // what Helidon's server does when a node starts
        LoopbackPair pair = LoopbackPair.under(dir, "errors");
        try (ClusterMember a = ClusterMember.start(pair.a().cluster(), "errors-a");
                ClusterMember b = ClusterMember.start(pair.b().cluster(), "errors-b")) {
            assertEquals(2, a.memberCount());
            IMap<String, String> map = a.hazelcast().getMap("errors");
            String remoteKey = keyOwnedBy(a, b);
            map.put(remoteKey, "value");
            ExecutionException failure = assertTimeoutPreemptively(
                    Duration.ofSeconds(60),
                    () -> {
                        try {
                            map.submitToKey(remoteKey, new Refuse())
                                    .toCompletableFuture()
                                    .get();
                            throw new AssertionError("the processor was meant to throw");
                        } catch (ExecutionException e) {
                            return e;
                        }
                    },
                    "the reply carrying the other member's exception never arrived");
            assertTrue(failure.getCause() instanceof HazelcastException, failure.toString());
            assertEquals("refused on purpose", failure.getCause().getMessage());
        }
    }

    private static String keyOwnedBy(ClusterMember caller, ClusterMember owner) {
        var partitions = caller.hazelcast().getPartitionService();
        var ownerMember = owner.hazelcast().getCluster().getLocalMember();
        for (int i = 0; ; i++) {
            String key = "k" + i;
            var partitionOwner = partitions.getPartition(key).getOwner();
            if (partitionOwner != null && partitionOwner.getUuid().equals(ownerMember.getUuid())) {
                return key;
            }
        }
    }

    /** Throws on the member that owns the entry (Hazelcast's own format, as the product's processors). */
    public static final class Refuse implements EntryProcessor<String, String, String>, DataSerializable {
        public Refuse() {}

        @Override
        public String process(Map.Entry<String, String> entry) {
            throw new HazelcastException("refused on purpose");
        }

        @Override
        public void writeData(ObjectDataOutput out) {}

        @Override
        public void readData(ObjectDataInput in) {}
    }
}
