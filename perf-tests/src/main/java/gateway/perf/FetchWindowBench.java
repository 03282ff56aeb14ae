package gateway.perf;

import gateway.client.ClientOptions;
import gateway.client.GatewayClient;
import gateway.client.IngestJob;
import gateway.client.JobState;
import gateway.client.JobUpdate;
import gateway.model.asset.Manifest;
import gateway.model.asset.ProjectId;
import gateway.model.asset.Rendition;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.proxy.progress.ProgressListener;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import gateway.server.GatewayNode;
import gateway.server.auth.Role;
import gateway.server.config.GatewayConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./gateway bench --only window}: what the SDK's fetch window costs in throughput. The SDK
 * downloads on a connection whose HTTP/2 window is one chunk plus 16 KiB
 * ({@link ClientOptions#fetchWindowBytes()}), so that a dropped link loses at most one chunk; a
 * window moves at most once per round trip. Whole-file downloads through the {@link LinkEmulator}
 * on café links (5 and 20 Mbit/s, 20 ms each way) and a long fat link (200 Mbit/s, 40 ms each way):
 * the SDK's {@code fetch} with the server's 256 KiB chunks and with 2 MiB chunks, against the same
 * stream read on the SDK's other connection, which has grpc-java's default window (1 MiB, grown by
 * its bandwidth-delay probe: what {@code fetch} used before). The file is random bytes written in
 * place of an ingested asset's edit rendition (the node serves a rendition's file as it is), sized
 * for about 8 s at the link's rate. Median of {@code runs}.
 */
final class FetchWindowBench {
    private static final String USER = "window";
    private static final String PASSWORD = "window-pass-2026";
    private static final String PROJECT = "window";

    /** One emulated link. */
    private record Link(double mbit, int oneWayMs) {
        String label() {
            return String.format(Locale.ROOT, "@%.0f Mbit/s %d ms RTT", mbit, 2 * oneWayMs);
        }
    }

    private static final List<Link> LINKS = List.of(new Link(5, 20), new Link(20, 20), new Link(200, 40));

    private final Path work;
    private final int runs;

    FetchWindowBench(Path work, int runs) {
        this.work = work;
        this.runs = runs;
    }

    List<BenchRow> run() throws IOException {
        Path dir = work.resolve("window");
        StreamBench.deleteTree(dir);
        Files.createDirectories(dir);
        int clusterPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            clusterPort = s.getLocalPort();
        }
        GatewayConfig config = GatewayConfig.defaults()
                .withStore(dir.resolve("store"))
                .withPorts(0, 0, clusterPort)
                .withCluster("window-bench-" + UUID.randomUUID(), clusterPort)
                .withPlaintextOnLoopback();
        List<BenchRow> rows = new ArrayList<>();
        try (GatewayNode node = GatewayNode.start(config, line -> {})) {
            node.users().put(USER, PASSWORD, Map.of(new ProjectId(PROJECT), Role.ASSISTANT));
            Path original = dir.resolve("W001C001.mov");
            new SampleOriginals()
                    .generate(
                            SampleSpec.proresHq1080p25().withSize(640, 360).withDurationFrames(25),
                            original,
                            ProgressListener.NONE);
            ClientOptions plain = ClientOptions.plaintext();
            String asset;
            Path rendition;
            try (GatewayClient client = GatewayClient.connect("127.0.0.1", node.grpcPort(), plain)) {
                client.login(USER, PASSWORD);
                asset = ingest(client, original);
                Manifest m = client.getAsset(asset);
                Rendition edit = m.rendition("edit")
                        .orElseThrow(() -> new GatewayException(
                                Reason.NOT_FOUND, "window bench: asset " + asset + " has no edit rendition"));
                rendition = node.store().assetDir(m.project(), m.assetId()).resolve(edit.path());
            }
            for (Link link : LINKS) {
                long size = Math.min(64L << 20, (long) (link.mbit() * 1e6 / 8 * 8));
                writeRandom(rendition, size);
                rows.addAll(overLink(node.grpcPort(), asset, link, size, dir));
            }
        }
        return rows;
    }

    private List<BenchRow> overLink(int grpcPort, String asset, Link link, long size, Path dir) throws IOException {
        double[] small = new double[runs];
        double[] big = new double[runs];
        double[] before = new double[runs];
        ClientOptions options = ClientOptions.plaintext();
        ClientOptions bigChunks = options.withChunkSizeBytes(2 << 20);
        try (LinkEmulator emulated = LinkEmulator.start(grpcPort, link.oneWayMs(), link.mbit(), 0);
                GatewayClient sdk = GatewayClient.connect("127.0.0.1", emulated.port(), options);
                GatewayClient sdkBig = GatewayClient.connect("127.0.0.1", emulated.port(), bigChunks)) {
            sdk.login(USER, PASSWORD);
            sdkBig.login(USER, PASSWORD);
            // One uncounted download each: connections made, JIT warm.
            fetch(sdk, asset, dir.resolve("warm.bin"), size);
            fetch(sdkBig, asset, dir.resolve("warm.bin"), size);
            read(sdk, asset, size);
            for (int i = 0; i < runs; i++) {
                small[i] = fetch(sdk, asset, dir.resolve("small.bin"), size);
                big[i] = fetch(sdkBig, asset, dir.resolve("big.bin"), size);
                before[i] = read(sdk, asset, size);
                System.out.printf(
                        Locale.ROOT,
                        "window: %s run %d: fetch 256 KiB chunks (window %,d) %.2f s, fetch 2 MiB chunks (window %,d)"
                                + " %.2f s, grpc-java's default window %.2f s%n",
                        link.label(),
                        i + 1,
                        options.fetchWindowBytes(),
                        small[i],
                        bigChunks.fetchWindowBytes(),
                        big[i],
                        before[i]);
            }
        }
        double linkSeconds = size * 8 / (link.mbit() * 1e6);
        System.out.printf(
                Locale.ROOT,
                "window: %s, %,d bytes (%.2f s at the link's rate): %% of the link, medians: 256 KiB chunks %.0f %%,"
                        + " 2 MiB chunks %.0f %%, default window %.0f %%%n",
                link.label(),
                size,
                linkSeconds,
                100 * linkSeconds / BenchRow.median(small),
                100 * linkSeconds / BenchRow.median(big),
                100 * linkSeconds / BenchRow.median(before));
        return List.of(
                new BenchRow(
                        "fetch 256 KiB chunks, window 272 KiB " + link.label() + " (s)",
                        "default window",
                        small,
                        before,
                        "<= 1.05x"),
                new BenchRow(
                        "fetch 2 MiB chunks, window 2 MiB + 16 KiB " + link.label() + " (s)",
                        "default window",
                        big,
                        before,
                        "<= 1.05x"));
    }

    private static double fetch(GatewayClient client, String asset, Path target, long size) throws IOException {
        Files.deleteIfExists(target);
        Files.deleteIfExists(target.resolveSibling(target.getFileName() + ".part"));
        long t0 = System.nanoTime();
        long got = client.fetch(asset, "edit", target).sizeBytes();
        double s = (System.nanoTime() - t0) / 1e9;
        if (got != size) {
            throw new GatewayException(Reason.INTERNAL, "window bench: fetched " + got + " of " + size + " bytes");
        }
        return s;
    }

    /** The same stream on the SDK's main connection (grpc-java's default window), bytes counted, not kept. */
    private static double read(GatewayClient client, String asset, long size) {
        AtomicLong got = new AtomicLong();
        long t0 = System.nanoTime();
        client.readRange(asset, "edit", 0, 0, (offset, data) -> got.addAndGet(data.remaining()));
        double s = (System.nanoTime() - t0) / 1e9;
        if (got.get() != size) {
            throw new GatewayException(Reason.INTERNAL, "window bench: read " + got.get() + " of " + size + " bytes");
        }
        return s;
    }

    private static String ingest(GatewayClient client, Path original) {
        List<IngestJob> jobs = client.ingest(List.of(original.toAbsolutePath().toString()), PROJECT, false);
        String jobId = jobs.get(0).jobId();
        JobUpdate done = client.watchJobs(List.of(jobId), u -> {}).get(jobId);
        if (done == null || done.state() != JobState.DONE) {
            throw new GatewayException(
                    Reason.INTERNAL,
                    "window bench: ingest of " + original + " ended "
                            + (done == null ? "without a report" : done.state() + ": " + done.errorMessage()));
        }
        return done.assetId();
    }

    private static void writeRandom(Path file, long size) throws IOException {
        Random random = new Random(size);
        byte[] block = new byte[1 << 20];
        Path tmp = file.resolveSibling(file.getFileName() + ".bench.tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            for (long left = size; left > 0; left -= block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
