package gateway.perf;

import gateway.client.ClientOptions;
import gateway.client.FetchResult;
import gateway.client.GatewayClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A streaming client whose link drops for 5, 30 and 120 s in the middle of a download: the SDK's
 * {@code fetch} (resuming from its partial file, retrying with back-off) through the bench's
 * {@link LinkEmulator} in front of the node's gRPC port, the link cut ({@link LinkEmulator#drop})
 * once part of the rendition has arrived. Measured: the file is whole, the time from the link's
 * return until bytes flow again, the calls it took, and, in chunks, the bytes the node handed its
 * transport beyond the file's size (its stream counter: sent into the dropped connection, or queued
 * behind the client's flow-control window, and sent again) and the bytes the link carried beyond it.
 */
final class LinkDropFault {
    private static final int[] DROPS_S = {5, 30, 120};
    private static final int CHUNK_BYTES = 256 * 1024;

    private final FaultCluster node;
    private final String asset;
    private final Path dir;
    private final int runs;

    LinkDropFault(FaultCluster node, String asset, Path dir, int runs) {
        this.node = node;
        this.asset = asset;
        this.dir = dir;
        this.runs = runs;
    }

    List<String> run() throws Exception {
        Files.createDirectories(dir);
        String token = node.login();
        long size = node.bytes(node.node(0), "/api/v1/assets/" + asset + "/renditions/edit", token).length;
        // A download of about 8 s on the emulated link, so that the drop lands in its middle.
        double mbit = Math.max(0.5, size * 8 / 8e6);
        List<String> rows = new ArrayList<>();
        try (LinkEmulator link = LinkEmulator.start(node.node(0).grpcPort(), 10, mbit, 0)) {
            for (int drop : DROPS_S) {
                double[] resume = new double[runs];
                double[] extraChunks = new double[runs];
                double[] carriedChunks = new double[runs];
                boolean allWhole = true;
                for (int r = 0; r < runs; r++) {
                    double[] f = once(link, drop, r, size);
                    resume[r] = f[0];
                    extraChunks[r] = f[1];
                    allWhole &= f[2] > 0;
                    carriedChunks[r] = f[3];
                }
                rows.add(String.format(
                        Locale.ROOT,
                        "fault: client link drops %d s mid-download (%,d-byte edit rendition, %.1f Mbit/s, %d KiB"
                                + " chunks) x%d: file whole %s; bytes flow again after the link returns %s;"
                                + " node sent beyond the file %s chunk(s), the link carried beyond it %s chunk(s)"
                                + " (medians; client window %,d bytes)",
                        drop,
                        size,
                        mbit,
                        CHUNK_BYTES / 1024,
                        runs,
                        allWhole ? "yes" : "NO",
                        FaultBench.seconds(resume),
                        String.format(Locale.ROOT, "%.2f", BenchRow.median(extraChunks)),
                        String.format(Locale.ROOT, "%.2f", BenchRow.median(carriedChunks)),
                        windowBytes()));
            }
        }
        return rows;
    }

    /** One download with one drop: {seconds from link up to bytes flowing, chunks sent beyond the size, whole ? 1 : 0}. */
    private double[] once(LinkEmulator link, int dropSeconds, int run, long size) throws Exception {
        Path target = dir.resolve("edit-" + dropSeconds + "-" + run + ".mp4");
        Path part = target.resolveSibling(target.getFileName() + ".part");
        ClientOptions options = new ClientOptions(
                null,
                Duration.ofSeconds(30),
                Duration.ofMinutes(10),
                null,
                CHUNK_BYTES,
                100,
                Duration.ofMillis(250),
                64 * 1024 * 1024);
        long servedBefore = served();
        long carriedBefore = link.carriedDownBytes();
        try (GatewayClient client = GatewayClient.connect("127.0.0.1", link.port(), options)) {
            client.login(FaultCluster.USER, FaultCluster.PASSWORD);
            CompletableFuture<FetchResult> fetch =
                    CompletableFuture.supplyAsync(() -> client.fetch(asset, "edit", target));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (sizeOf(part) < size / 4 && !fetch.isDone() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            long atDrop = sizeOf(part);
            link.drop(TimeUnit.SECONDS.toNanos(dropSeconds));
            long upAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(dropSeconds);
            long kept = sizeOf(part);
            while (System.nanoTime() < upAt) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
            long keptAtUp = sizeOf(part);
            while (sizeOf(part) <= keptAtUp && !fetch.isDone()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            double resumed = (System.nanoTime() - upAt) / 1e9;
            FetchResult result = fetch.get(10, TimeUnit.MINUTES);
            long extra = served() - servedBefore - size;
            long carried = link.carriedDownBytes() - carriedBefore - size;
            boolean whole = Files.size(result.path()) == size;
            System.out.println(String.format(
                    Locale.ROOT,
                    "  link drop %d s, run %d: %,d of %,d bytes kept at the drop (%,d at its end), bytes again %.2f s"
                            + " after the link returned; %d call(s); node sent %,d bytes beyond the file, the link carried"
                            + " %,d beyond it (framing and login included); whole %s",
                    dropSeconds,
                    run + 1,
                    atDrop,
                    size,
                    Math.max(kept, keptAtUp),
                    resumed,
                    result.attempts(),
                    extra,
                    carried,
                    whole ? "yes" : "NO"));
            return new double[] {resumed, (double) extra / CHUNK_BYTES, whole ? 1 : 0, (double) carried / CHUNK_BYTES};
        }
    }

    private static int windowBytes() {
        return ClientOptions.plaintext().withChunkSizeBytes(CHUNK_BYTES).fetchWindowBytes();
    }

    private long served() throws Exception {
        String text = new String(node.bytes(node.node(0), "/metrics", ""), java.nio.charset.StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            if (line.startsWith("gateway_stream_bytes_total")) {
                return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private static long sizeOf(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
