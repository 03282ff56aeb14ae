package gateway.perf;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;

/**
 * A café link in user space (no netem, no root): a TCP proxy on loopback in front of one server.
 * Every byte is held for the one-way delay in each direction; the downstream side (server to
 * client) is a store-and-forward link of {@code downMbitPerSecond}, shared by every connection
 * through this emulator, as one café uplink is shared by a player's connections.
 *
 * <p>Loss is emulated as what the receiver sees of it, not as dropped bytes (the proxy speaks TCP
 * on both sides, so it cannot drop): with probability {@code lossPerChunk} a downstream chunk of
 * up to {@link #CHUNK_BYTES} is held one extra round trip (a fast retransmit), and everything
 * behind it waits too (TCP delivers in order). The bench runs with no loss.
 *
 * <p>Between the proxy and the client, the proxy buffers at most one bandwidth-delay product plus
 * {@link #QUEUE_BYTES} per direction and connection, so the server's TCP sees the back-pressure of
 * the slow link instead of an endless buffer.
 */
final class LinkEmulator implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LinkEmulator.class.getName());

    static final int CHUNK_BYTES = 8 * 1024;
    static final int QUEUE_BYTES = 64 * 1024;
    /**
     * The link's own threads are platform threads, so its timing does not depend on how busy the
     * virtual-thread carriers are: the node under test runs in the same JVM and sends Watch batches
     * on virtual threads, which the peer (nginx, another process) never competes with.
     */
    private static Thread startThread(String name, Runnable body) {
        return Thread.ofPlatform().daemon().name(name).start(body);
    }

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final long oneWayDelayNanos;
    private final double downBitsPerNano;
    private final double lossPerChunk;
    private final Random random = new Random(20261121L);
    private final Object downLink = new Object();
    private long downLinkFreeAt; // guarded by downLink: when the shared downstream link has sent what it holds
    private final java.util.Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile long downUntilNanos = System.nanoTime(); // a dropped link refuses connections until then
    private final java.util.concurrent.atomic.AtomicLong carriedDown = new java.util.concurrent.atomic.AtomicLong();

    private LinkEmulator(
            ServerSocket listener,
            InetSocketAddress target,
            long oneWayDelayNanos,
            double downMbitPerSecond,
            double lossPerChunk) {
        this.listener = listener;
        this.target = target;
        this.oneWayDelayNanos = oneWayDelayNanos;
        this.downBitsPerNano = downMbitPerSecond * 1e6 / 1e9;
        this.lossPerChunk = lossPerChunk;
    }

    /**
     * Starts an emulated link on an ephemeral loopback port in front of {@code 127.0.0.1:targetPort}:
     * {@code oneWayDelayMs} each way (RTT twice that), downstream paced at {@code downMbitPerSecond}.
     */
    static LinkEmulator start(int targetPort, int oneWayDelayMs, double downMbitPerSecond, double lossPerChunk) {
        if (oneWayDelayMs < 0 || downMbitPerSecond <= 0 || lossPerChunk < 0 || lossPerChunk >= 1) {
            throw GatewayException.invalid("link emulator: delay " + oneWayDelayMs + " ms, rate " + downMbitPerSecond
                    + " Mbit/s, loss " + lossPerChunk + ": expected delay >= 0, rate > 0, 0 <= loss < 1");
        }
        try {
            ServerSocket listener = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
            LinkEmulator link = new LinkEmulator(
                    listener,
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort),
                    oneWayDelayMs * 1_000_000L,
                    downMbitPerSecond,
                    lossPerChunk);
            startThread("link-accept-" + listener.getLocalPort(), link::acceptLoop);
            return link;
        } catch (IOException e) {
            throw GatewayException.io("link emulator: cannot listen on loopback: " + e.getMessage(), e);
        }
    }

    int port() {
        return listener.getLocalPort();
    }

    /**
     * Bytes the link has carried from the server to clients, every connection together (HTTP/2 and
     * gRPC framing included): what crossed the link, as against what the server handed its transport.
     */
    long carriedDownBytes() {
        return carriedDown.get();
    }

    String describe() {
        return String.format(
                Locale.ROOT,
                "%d ms RTT, %.1f Mbit/s down%s",
                2 * oneWayDelayNanos / 1_000_000,
                downBitsPerNano * 1e3,
                lossPerChunk > 0
                        ? String.format(Locale.ROOT, ", %.2f %% chunks delayed one RTT", lossPerChunk * 100)
                        : "");
    }

    /**
     * Drops the link for {@code nanos}: every connection through it is cut now (both sides see a
     * reset or an end), and connections made before the time is up are closed at once, as a café
     * link that goes away and comes back.
     */
    void drop(long nanos) {
        downUntilNanos = System.nanoTime() + nanos;
        for (Socket s : open) {
            closeQuietly(s);
            open.remove(s);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                if (System.nanoTime() - downUntilNanos < 0) {
                    closeQuietly(client); // the link is down: the client's connect is reset
                    continue;
                }
                Socket server = new Socket();
                try {
                    server.connect(target, 5_000);
                } catch (IOException e) {
                    closeQuietly(client);
                    throw e;
                }
                for (Socket s : new Socket[] {client, server}) {
                    s.setTcpNoDelay(true);
                    open.add(s);
                }
                pipe(client, server, false);
                pipe(server, client, true);
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(System.Logger.Level.WARNING, "link emulator: connection failed: " + e.getMessage());
                }
            }
        }
    }

    /** One direction of one connection: a reader stamps chunks with their delivery time, a writer delivers them then. */
    private void pipe(Socket from, Socket to, boolean downstream) {
        long bdp = downstream ? (long) (downBitsPerNano * 2 * oneWayDelayNanos / 8) : 0;
        Semaphore room = new Semaphore((int) Math.min(Integer.MAX_VALUE, bdp + QUEUE_BYTES));
        BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(4096);
        startThread("link-read-" + (downstream ? "down" : "up"), () -> {
            try (InputStream in = from.getInputStream()) {
                byte[] buf = new byte[CHUNK_BYTES];
                int n;
                while ((n = in.read(buf)) > 0) {
                    room.acquire(n);
                    queue.put(new Chunk(Arrays.copyOf(buf, n), deliveryTime(n, downstream)));
                }
            } catch (IOException | InterruptedException e) {
                // the connection ended; the writer closes its side once the queue drains
            } finally {
                queue.offer(Chunk.END);
            }
        });
        startThread("link-write-" + (downstream ? "down" : "up"), () -> {
            try (OutputStream out = to.getOutputStream()) {
                while (true) {
                    Chunk c = queue.take();
                    if (c == Chunk.END) {
                        break;
                    }
                    waitUntil(c.deliverAt());
                    out.write(c.data());
                    out.flush();
                    if (downstream) {
                        carriedDown.addAndGet(c.data().length);
                    }
                    room.release(c.data().length);
                }
                to.shutdownOutput();
            } catch (IOException | InterruptedException e) {
                closeQuietly(from);
            } finally {
                closeQuietly(to);
                open.remove(to);
            }
        });
    }

    /** When {@code bytes} read now reach the other side: after the link has sent them, plus the one-way delay. */
    private long deliveryTime(int bytes, boolean downstream) {
        long now = System.nanoTime();
        if (!downstream) {
            return now + oneWayDelayNanos;
        }
        synchronized (downLink) {
            long start = Math.max(now, downLinkFreeAt);
            long sent = start + (long) (bytes * 8 / downBitsPerNano);
            if (lossPerChunk > 0 && random.nextDouble() < lossPerChunk) {
                sent += 2 * oneWayDelayNanos; // a fast retransmit: one more round trip, in order
            }
            downLinkFreeAt = sent;
            return sent + oneWayDelayNanos;
        }
    }

    private static void waitUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed: nothing left to release
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            throw GatewayException.io("link emulator: cannot close the listener: " + e.getMessage(), e);
        }
        open.forEach(LinkEmulator::closeQuietly);
    }

    /**
     * The link as a client sees it: a 1-byte echo through it (one round trip) and a 512 KiB download
     * (the paced rate), against a throw-away loopback server. A sanity print, not a test.
     */
    static String measure(int oneWayDelayMs, double downMbitPerSecond) {
        int download = 512 * 1024;
        try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            startThread("link-check", () -> serveEchoThenBytes(server, download));
            try (LinkEmulator link = start(server.getLocalPort(), oneWayDelayMs, downMbitPerSecond, 0);
                    Socket s = new Socket(InetAddress.getLoopbackAddress(), link.port())) {
                s.setTcpNoDelay(true);
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                double[] rtts = new double[7]; // the first echo pays for connecting and warming up
                for (int i = 0; i < rtts.length; i++) {
                    long t0 = System.nanoTime();
                    out.write('e');
                    out.flush();
                    readFully(in, 1);
                    rtts[i] = (System.nanoTime() - t0) / 1e6;
                }
                double rttMs = BenchRow.median(Arrays.copyOfRange(rtts, 1, rtts.length));
                long t1 = System.nanoTime();
                out.write('d');
                out.flush();
                readFully(in, download);
                double seconds = (System.nanoTime() - t1) / 1e9 - rttMs / 1e3; // minus the request's round trip
                return String.format(
                        Locale.ROOT,
                        "link check (%s): measured RTT %.1f ms (median of 6 echoes), download %.2f Mbit/s",
                        link.describe(),
                        rttMs,
                        download * 8 / seconds / 1e6);
            }
        } catch (IOException e) {
            throw new GatewayException(Reason.IO, "link emulator self-check failed: " + e.getMessage(), e);
        }
    }

    private static void serveEchoThenBytes(ServerSocket server, int download) {
        try (Socket s = server.accept()) {
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                if (c == 'e') {
                    out.write('e');
                } else {
                    out.write(new byte[download]);
                }
                out.flush();
            }
        } catch (IOException e) {
            // the check ended the connection
        }
    }

    static void readFully(InputStream in, long bytes) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long left = bytes;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw GatewayException.io("connection closed with " + left + " of " + bytes + " bytes unread", null);
            }
            left -= n;
        }
    }

    private record Chunk(byte[] data, long deliverAt) {
        static final Chunk END = new Chunk(new byte[0], 0);
    }
}
