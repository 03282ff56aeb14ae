package gateway.cli;

import gateway.model.asset.AssetId;
import gateway.model.asset.AudioStream;
import gateway.model.asset.Manifest;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.ProjectId;
import gateway.model.asset.VideoInfo;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import gateway.server.GatewayNode;
import gateway.server.auth.Role;
import gateway.server.config.GatewayConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The launcher's training run for the CLI's ahead-of-time cache ({@code ./gateway}, train_cli_cache):
 * {@code CacheTraining DIR JAVA-COMMAND...} starts a throw-away node (TLS, a user, a token, an empty
 * project) in {@code DIR}, then runs {@code JAVA-COMMAND search training --project training --json
 * --server ... --ca ... --token ...} against it and exits with that run's status. The command is the
 * CLI's java command with {@code -XX:AOTCacheOutput}: it records a whole remote search as people run
 * it (the call, its answer, the JSON printed), not only the start of one. Not a user command.
 */
public final class CacheTraining {
    private static final String USER = "training";
    private static final ProjectId PROJECT = new ProjectId("training");
    private static final long TIMEOUT_SECONDS = 120;

    private CacheTraining() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 2) {
            System.err.println("usage: CacheTraining DIR JAVA-COMMAND...");
            System.exit(2);
        }
        GatewayCli.quietLibraries();
        Path dir = Path.of(args[0]);
        int status;
        try (GatewayNode node =
                GatewayNode.start(GatewayConfig.standalone(dir.resolve("store"), "cli-training"), l -> {})) {
            Path ca = node.trustFile()
                    .orElseThrow(() -> new GatewayException(
                            Reason.INTERNAL, "cache training: the node made no TLS certificate in " + dir));
            String password = "training-" + System.nanoTime();
            node.users().put(USER, password, Map.of(PROJECT, Role.ASSISTANT));
            String token = node.authenticator().login(USER, password).accessToken();
            seedOneHit(node, PROJECT);
            List<String> command = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
            command.addAll(List.of(
                    "search",
                    "A001C003",
                    "--project",
                    PROJECT.value(),
                    "--json",
                    "--server",
                    "127.0.0.1:" + node.grpcPort(),
                    "--ca",
                    ca.toString(),
                    "--token",
                    token));
            Process p = new ProcessBuilder(command).inheritIO().start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new GatewayException(
                        Reason.TIMEOUT, "cache training: the search did not finish in " + TIMEOUT_SECONDS + " s");
            }
            status = p.exitValue();
        }
        System.exit(status);
    }

    /** One asset named like the search, so the training also records mapping and printing a hit. */
    static void seedOneHit(GatewayNode node, ProjectId project) {
        String path = "/" + project.value() + "/A001C003.mov";
        MediaInfo media = new MediaInfo(
                path,
                "mov",
                FrameRate.FPS_25,
                250,
                Timecode.parse("01:00:00:00", FrameRate.FPS_25),
                "A001C003",
                new VideoInfo("prores", 1920, 1080),
                List.of(new AudioStream("pcm", 2, 48_000, 24)),
                false,
                null,
                List.of());
        node.index()
                .upsert(new Manifest(
                        Manifest.SCHEMA_VERSION,
                        1,
                        AssetId.random(),
                        project,
                        "A001C003.mov",
                        path,
                        media,
                        null,
                        List.of(),
                        Map.of(),
                        Instant.now()));
        node.index().refresh();
    }
}
