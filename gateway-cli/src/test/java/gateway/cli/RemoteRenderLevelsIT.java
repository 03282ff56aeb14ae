package gateway.cli;

import static gateway.cli.CliRun.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.client.ClientOptions;
import gateway.client.GatewayClient;
import gateway.client.JobState;
import gateway.client.JobUpdate;
import gateway.model.asset.ProjectId;
import gateway.proxy.progress.ProgressListener;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import gateway.server.GatewayNode;
import gateway.server.auth.Role;
import gateway.server.config.GatewayConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Levels through a node: an FCP 7 XML whose first sound event is at -6 dB is conformed with {@code
 * --render} against a running node (gRPC; the node's render worker gets the timeline as OTIO), and
 * the master the node writes plays that event 6 dB below the unity event that follows it (ffmpeg
 * volumedetect), the report copy naming the level and the pan the render does not apply.
 */
@Timeout(600)
class RemoteRenderLevelsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theNodesMasterPlaysTheMinusSixDbEventSixDbBelowTheUnityEvent() throws Exception {
        // 2 s at 23.976 from 14:00:00:00 with four audio channels of a steady tone
        Path original = dir.resolve("card").resolve("B002C011.mov");
        new SampleOriginals()
                .generate(
                        SampleSpec.h264At23976FourChannels()
                                .withDurationFrames(48)
                                .withSize(640, 360)
                                .withNoise(false),
                        original,
                        ProgressListener.NONE);
        Path xml = levelsXml(original);
        GatewayConfig config = GatewayConfig.standalone(dir.resolve("node-store"), "levels-remote")
                .withPlaintextOnLoopback();
        try (GatewayNode node = GatewayNode.start(config, line -> {})) {
            node.users().put("ed", "levels-pass-1234", Map.of(new ProjectId("feature"), Role.ASSISTANT));
            try (GatewayClient client =
                    GatewayClient.connect("127.0.0.1", node.grpcPort(), ClientOptions.plaintext())) {
                client.login("ed", "levels-pass-1234");
                String job = client.ingest(List.of(original.toString()), "feature", false)
                        .get(0)
                        .jobId();
                JobUpdate done = client.watchJobs(List.of(job), u -> {}).get(job);
                assertEquals(JobState.DONE, done.state(), done::errorMessage);
            }
            Path out = dir.resolve("levels");

            CliRun r = cli(
                    "conform",
                    xml.toString(),
                    "--project",
                    "feature",
                    "--out",
                    out.toString(),
                    "--rate",
                    "23.976",
                    "--render",
                    "--server",
                    "127.0.0.1:" + node.grpcPort(),
                    "--ca",
                    "none",
                    "--user",
                    "ed",
                    "--password",
                    "levels-pass-1234");

            assertEquals(0, r.exit(), r.out() + r.err());
            String report =
                    JSON.readTree(out.resolve("conform-report.json").toFile()).toString();
            assertTrue(report.contains("level -6 dB"), report);
            assertTrue(report.contains("sound effect 'Audio Pan' not applied to masters"), report);
            Matcher into = Pattern.compile("the master into (.+)").matcher(r.out());
            assertTrue(into.find(), "says where the node writes the master: " + r.out());
            Path master;
            try (Stream<Path> files = Files.walk(Path.of(into.group(1).strip()))) {
                master = files.filter(f -> f.getFileName().toString().endsWith(".master.mov"))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no master under " + into.group(1) + ": " + r.out()));
            }
            // channel 1: 12 frames (12 x 2002 samples at 48 kHz) at -6 dB, then 12 at unity
            double quiet = LocalStoreCliIT.meanVolume(master, 0, 12 * 2002);
            double unity = LocalStoreCliIT.meanVolume(master, 12 * 2002, 24 * 2002);
            assertEquals(-6, quiet - unity, 0.5, "quiet " + quiet + " dB, unity " + unity + " dB");
        }
    }

    private Path levelsXml(Path original) throws Exception {
        return LocalStoreCliIT.levelsXml(dir, original);
    }
}
