package gateway.perf;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Many editors at once on loopback (no link emulator): {@code streams} channels, each one
 * {@code Fetch} of the whole stream-hi rendition. Every stream waits after its first chunk until
 * all have one, so all are in flight together; then the heap is measured after a GC and the
 * streams are released and timed. The node and the clients share this JVM, so the heap figure is
 * an upper bound on the server's (client buffers included). Prints; returns nothing to the table.
 */
final class StreamFanOut {
    private static final long MIB = 1024 * 1024;

    private final String assetId;
    private final String token;
    private final int streams;

    StreamFanOut(String assetId, String token, int streams) {
        this.assetId = assetId;
        this.token = token;
        this.streams = streams;
    }

    void run(int grpcPort) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        long idleHeap = memory.getHeapMemoryUsage().getUsed();
        List<StreamRanges> clients = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            clients.add(new StreamRanges(grpcPort, token));
        }
        CountDownLatch started = new CountDownLatch(streams);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Long>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (StreamRanges c : clients) {
                results.add(pool.submit(() -> c.drain(assetId, StreamBench.PROFILE, () -> {
                    started.countDown();
                    await(go);
                })));
            }
            if (!started.await(2, TimeUnit.MINUTES)) {
                go.countDown();
                throw new GatewayException(
                        Reason.TIMEOUT,
                        "only " + (streams - started.getCount()) + " of " + streams + " streams started");
            }
            memory.gc();
            long inFlightHeap = memory.getHeapMemoryUsage().getUsed();
            long t0 = System.nanoTime();
            go.countDown();
            long bytes = 0;
            for (Future<Long> f : results) {
                bytes += f.get();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "stream: %d concurrent Fetch streams on loopback: %.0f MB/s aggregate (%,d bytes after the"
                            + " first chunks in %.2f s); heap after GC %d MiB idle, %d MiB with all %d in flight"
                            + " (node and clients in one JVM; goal <= 512 MiB)%n",
                    streams,
                    bytes / seconds / 1e6,
                    bytes,
                    seconds,
                    idleHeap / MIB,
                    inFlightHeap / MIB,
                    streams);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException(Reason.CANCELLED, "fan-out interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new GatewayException(Reason.INTERNAL, "a fan-out stream failed: " + e.getCause(), e.getCause());
        } finally {
            go.countDown();
            clients.forEach(StreamRanges::close);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException(Reason.CANCELLED, "fan-out stream interrupted", e);
        }
    }
}
