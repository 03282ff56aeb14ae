package gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.Manifest;
import gateway.model.asset.OriginalLocation.State;
import gateway.model.asset.ProjectId;
import gateway.server.GatewayNode;
import gateway.server.config.GatewayConfig;
import gateway.server.tiers.DemotionJob;
import gateway.tiers.Tiers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's setup path ({@code ./gateway demo} without its interactive wait): the demo's
 * configuration on a fresh store turns the object tier on (an embedded S3 server on loopback), the
 * sample originals are generated and ingested, A001C003 is demoted to tier "archive" and its NAS
 * copy released, and {@code ./gateway tier plan} on the store, without the node's config, prints a
 * plan that names the tier and moves bytes.
 */
@Timeout(1500) // three samples generated and ingested (proxies made) on a loaded 2-core machine
class DemoObjectTierIT {
    private static final ProjectId DEMO = new ProjectId(DemoSetup.PROJECT);

    @TempDir
    Path dir;

    @Test
    void theDemoDemotesAnOriginalToItsObjectTierAndPlansItsReturn() throws Exception {
        Path store = dir.resolve("store");
        GatewayConfig config =
                ServeCommand.demoConfig(GatewayConfig.standalone(store, "demo").withPlaintextOnLoopback());
        assertEquals(1, config.tiers().embeddedTiers().size(), "the demo turns the object tier on by default");

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (GatewayNode node = GatewayNode.start(config, line -> {})) {
            assertTrue(node.tiers().orElseThrow().embeddedS3().isPresent(), "the node started the S3 server");
            CountDownLatch demoted = new CountDownLatch(1);
            Map<String, DemotionJob> last = new ConcurrentHashMap<>();
            node.tiers().orElseThrow().watch(j -> {
                last.put(j.asset().value(), j);
                if (j.state().equals(DemotionJob.DONE) && j.name().equals("A001C003.mov")) {
                    demoted.countDown();
                }
            });
            new DemoSetup(node, new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
            assertTrue(demoted.await(10, TimeUnit.MINUTES), "A001C003 demoted: " + last + "\n" + printed);

            Manifest a001 = node.store().list(DEMO, e -> {}).stream()
                    .filter(m -> m.name().equals("A001C003.mov"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("A001C003 ingested:\n" + printed));
            assertEquals(
                    State.VERIFIED,
                    a001.location("archive").orElseThrow().state(),
                    a001.locations().toString());
            assertEquals(
                    State.RELEASED,
                    a001.location(Tiers.LOCAL).orElseThrow().state(),
                    a001.locations().toString());
            assertFalse(Files.exists(Path.of(a001.originalPath())), "the NAS copy is released");
        }

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new GatewayCli()
                .run(
                        List.of("tier", "plan", "--project", DemoSetup.PROJECT, "--store", store.toString()),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        String plan = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        String archive = plan.lines()
                .filter(l -> l.startsWith("archive"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("a row for the object tier:\n" + plan));
        // archive  embedded-s3  N  12.3 MB  1 s  0.00 USD: the demoted originals, bytes to move
        assertTrue(archive.matches("archive\\s+embedded-s3\\s+[1-3]\\s+\\d+(\\.\\d)? [kMG]B\\s+.*"), archive);
        assertFalse(plan.contains("total: 0 B"), plan);
    }
}
