package gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.ingest.config.IngestConfig;
import gateway.model.asset.AssetId;
import gateway.model.asset.ProjectId;
import gateway.protos.ingest.v1.IngestRequest;
import gateway.protos.ingest.v1.IngestResponse;
import gateway.protos.ingest.v1.IngestServiceGrpc;
import gateway.protos.ingest.v1.JobPhase;
import gateway.protos.ingest.v1.JobProgress;
import gateway.protos.ingest.v1.JobState;
import gateway.protos.ingest.v1.WatchJobsRequest;
import gateway.proxy.progress.ProgressListener;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import gateway.server.GatewayNode;
import gateway.server.auth.Role;
import gateway.server.config.GatewayConfig;
import gateway.server.config.Security;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A card whose copy takes a while ({@code ingest.intake-mb-per-s} holds it to about 5 s here, and
 * its verify re-read as long; the acceptance run takes 60 s: {@code -Dgateway.slow-copy-seconds=60
 * -Dit.test=SlowCopyIngestIT}): {@code Ingest} over gRPC answers its job
 * ids at once, well before the copy ends, and {@code WatchJobs} shows the job copying with growing
 * progress, then hashing and proxying, then done.
 */
// 600 s: the 60-s acceptance case copies for 60 s, re-reads as long, then proxies 20 s of 640x360 media.
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class SlowCopyIngestIT {
    private static final ProjectId PROJECT = new ProjectId("slow");
    private static final long COPY_SECONDS = Long.getLong("gateway.slow-copy-seconds", 5);

    @TempDir
    Path dir;

    @Test
    void ingestAnswersAtOnceAndTheCopyIsAPhaseWithProgress() throws Exception {
        Path card = Files.createDirectories(dir.resolve("cards/A002"));
        Path original = card.resolve("A002C001.mov");
        int frames = 50;
        new SampleOriginals()
                .generate(
                        SampleSpec.proresHq1080p25().withSize(640, 360).withDurationFrames(frames),
                        original,
                        ProgressListener.NONE);
        // The intake's limit is whole MB/s (1 at least): a copy of COPY_SECONDS needs that many MB.
        long minimum = COPY_SECONDS * 1_000_000L;
        if (Files.size(original) < minimum) {
            frames = (int) Math.ceil(frames * (double) minimum / Files.size(original)) + 5;
            Files.delete(original);
            new SampleOriginals()
                    .generate(
                            SampleSpec.proresHq1080p25().withSize(640, 360).withDurationFrames(frames),
                            original,
                            ProgressListener.NONE);
        }
        long size = Files.size(original);
        int mbPerSecond = (int) Math.max(1, size / 1_000_000 / COPY_SECONDS);
        long expectedCopyMillis = size * 1000 / (mbPerSecond * 1_000_000L);
        assertTrue(
                expectedCopyMillis >= COPY_SECONDS * 900,
                "a " + size + "-byte original at " + mbPerSecond + " MB/s copies in " + expectedCopyMillis
                        + " ms, not the " + COPY_SECONDS + " s asked for");
        GatewayConfig base = GatewayConfig.standalone(dir.resolve("store"), "slow")
                .withPlaintextOnLoopback()
                .withSecurity(Security.defaults().withTlsDisabled().withScryptLog2N(10));
        IngestConfig ingest = base.ingest().withIntakeMbPerSecond(mbPerSecond);
        try (GatewayNode node = GatewayNode.start(base.withIngest(ingest), line -> {})) {
            node.users().put("asst", "asst-password", Map.of(PROJECT, Role.ASSISTANT));
            String token = node.authenticator().login("asst", "asst-password").accessToken();
            Metadata bearer = new Metadata();
            bearer.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", node.grpcPort())
                    .usePlaintext()
                    .intercept(MetadataUtils.newAttachHeadersInterceptor(bearer))
                    .build();
            try {
                var stub = IngestServiceGrpc.newBlockingStub(channel);
                // The first call pays for the connection and the node's first ingest (class
                // loading, the job map's first query): a small card in reference mode takes it.
                Path warmCard = Files.createDirectories(dir.resolve("cards/W001"));
                new SampleOriginals()
                        .generate(
                                SampleSpec.proresHq1080p25().withSize(320, 180).withDurationFrames(10),
                                warmCard.resolve("W001C001.mov"),
                                ProgressListener.NONE);
                long coldAsked = System.nanoTime();
                stub.withDeadlineAfter(60, TimeUnit.SECONDS)
                        .ingest(IngestRequest.newBuilder()
                                .addPaths(warmCard.toString())
                                .setProject(PROJECT.value())
                                .build());
                long coldMillis = (System.nanoTime() - coldAsked) / 1_000_000;
                long asked = System.nanoTime();
                IngestResponse answer = stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                        .ingest(IngestRequest.newBuilder()
                                .addPaths(card.toString())
                                .setProject(PROJECT.value())
                                .setCopy(true)
                                .build());
                long answeredMillis = (System.nanoTime() - asked) / 1_000_000;
                assertEquals(1, answer.getJobsCount());
                assertTrue(
                        answeredMillis < 1000,
                        "Ingest answered in " + answeredMillis + " ms (the first call: " + coldMillis
                                + " ms); the copy takes about " + expectedCopyMillis + " ms");

                List<JobProgress> seen = new ArrayList<>();
                // The copy, its verify re-read (as long) and the proxies of the whole original.
                Iterator<JobProgress> updates = stub.withDeadlineAfter(240 + 4 * COPY_SECONDS, TimeUnit.SECONDS)
                        .watchJobs(WatchJobsRequest.newBuilder()
                                .addJobIds(answer.getJobs(0).getJobId())
                                .build());
                updates.forEachRemaining(seen::add);
                long tookMillis = (System.nanoTime() - asked) / 1_000_000;
                JobProgress last = seen.get(seen.size() - 1);
                System.out.printf(
                        "slow copy: %,d-byte original at %d MB/s (copy ~%d ms): Ingest answered in %d ms"
                                + " (first call %d ms); job %s after %d ms%n",
                        size, mbPerSecond, expectedCopyMillis, answeredMillis, coldMillis, last.getState(), tookMillis);
                assertEquals(JobState.JOB_STATE_DONE, last.getState(), last.toString());
                assertTrue(
                        tookMillis >= expectedCopyMillis * 8 / 10,
                        "the ingest took " + tookMillis + " ms, the copy alone should take " + expectedCopyMillis);

                List<Float> copying = seen.stream()
                        .filter(p -> p.getPhase() == JobPhase.JOB_PHASE_COPYING)
                        .map(JobProgress::getPercent)
                        .distinct()
                        .toList();
                assertTrue(copying.size() >= 2, "copy progress reported as it goes: " + copying);
                for (int i = 1; i < copying.size(); i++) {
                    assertTrue(copying.get(i) > copying.get(i - 1), "copy progress only grows: " + copying);
                }
                List<JobPhase> order = seen.stream()
                        .map(JobProgress::getPhase)
                        .filter(p -> p != JobPhase.JOB_PHASE_UNSPECIFIED)
                        .distinct()
                        .toList();
                assertEquals(JobPhase.JOB_PHASE_COPYING, order.get(0), order.toString());
                assertTrue(order.contains(JobPhase.JOB_PHASE_PROXYING), order.toString());
                assertTrue(
                        Files.isRegularFile(node.config().store().dir().resolve("originals/slow/A002/A002C001.mov")),
                        "the copy is in the store");
                assertTrue(node.store()
                        .read(PROJECT, new AssetId(last.getAssetId()))
                        .isPresent());
            } finally {
                channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }
}
