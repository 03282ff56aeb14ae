package gateway.server.jobs;

import gateway.model.asset.Manifest;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import gateway.proxy.transcode.ProgressListener;
import gateway.server.config.GatewayConfig;
import gateway.server.ingest.JobStatus;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** What the job-queue tests share: a config on a private loopback cluster, small originals, store checks. */
final class JobFixture {
    static final Duration LEASE = Duration.ofSeconds(5);
    static final Duration POLL = Duration.ofMillis(200);

    private JobFixture() {}

    /** A config for a cluster of its own (unique name, a free port listed as the only member). */
    static GatewayConfig config(Path store, int localWorkers) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        return yaml(store, "jobs-" + UUID.randomUUID(), port, localWorkers);
    }

    static GatewayConfig yaml(Path store, String cluster, int port, int localWorkers) throws IOException {
        Path file = Files.createTempFile(store.getParent(), "gateway-", ".yaml");
        Files.writeString(file, yamlText(store, cluster, port, localWorkers));
        return GatewayConfig.load(file);
    }

    static String yamlText(Path store, String cluster, int port, int localWorkers) {
        return """
                store:
                  dir: %s
                cluster:
                  name: %s
                  port: %d
                  members: ["127.0.0.1:%d"]
                ingest:
                  local-workers: %d
                  lease-s: %d
                  poll-ms: %d
                  job-timeout-min-s: 90
                """.formatted(store, cluster, port, port, localWorkers, LEASE.toSeconds(), POLL.toMillis());
    }

    /** A small ProRes camera original: {@code frames} at 25 fps, 640x360, timecode 01:00:00:00. */
    static Path original(Path dir, String name, long frames) {
        FrameRate rate = FrameRate.FPS_25;
        SampleSpec spec = new SampleSpec(
                SampleSpec.Container.MOV,
                SampleSpec.Codec.PRORES_HQ,
                640,
                360,
                rate,
                frames,
                Timecode.parse("01:00:00:00", rate),
                name,
                2,
                24,
                false);
        return new SampleOriginals().generate(spec, dir.resolve(name + ".mov"), ProgressListener.NONE);
    }

    /** Completes with the first finished status of {@code jobId}; {@code each} sees every status. */
    static CompletableFuture<JobStatus> finished(
            gateway.server.ingest.IngestCoordinator c, String jobId, Consumer<JobStatus> each) {
        CompletableFuture<JobStatus> done = new CompletableFuture<>();
        c.watch(jobId, s -> {
            each.accept(s);
            if (s.isFinished()) {
                done.complete(s);
            }
        });
        return done;
    }

    /** Leftovers a run must never leave: staging folders and temp files anywhere in the store. */
    static List<Path> leftovers(Path store) throws IOException {
        if (!Files.exists(store)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(store)) {
            return walk.filter(p -> {
                        String n = p.getFileName().toString();
                        return n.startsWith(JobRun.STAGING_PREFIX) || n.endsWith(".tmp");
                    })
                    .toList();
        }
    }

    /** The files in an asset's proxy folder. */
    static List<String> proxies(Path assetDir) throws IOException {
        Path dir = assetDir.resolve("proxy");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static Manifest withoutEdit(Manifest m) {
        return m.withRenditions(m.renditions().stream()
                .filter(r -> !r.profile().equals(JobSpec.EDIT))
                .toList());
    }
}
