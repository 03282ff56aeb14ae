package gateway.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * The agent's link to the node, as a TCP relay on a loopback port in front of the node's gRPC
 * port (TLS passes through untouched). The test can let a given number of bytes more through
 * towards the agent and then hold the rest ({@link #holdAfter}), so the node can be stopped with a
 * download exactly part-way; {@link #cut} drops every relayed connection and lets bytes flow again.
 * New connections reach whatever listens on the node's port then (nothing while it is stopped).
 */
final class PausableLink implements AutoCloseable {
    private static final long UNLIMITED = Long.MAX_VALUE;

    private final ServerSocket listener;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    /** Bytes still let through towards the agent; guarded by {@link #gate}. */
    private long allowance = UNLIMITED;

    private CountDownLatch holding = new CountDownLatch(0);
    /** Bytes relayed towards the agent since the start. */
    private final java.util.concurrent.atomic.AtomicLong downBytes = new java.util.concurrent.atomic.AtomicLong();

    private volatile boolean closed;

    private PausableLink(ServerSocket listener, int targetPort) {
        this.listener = listener;
        this.targetPort = targetPort;
        Thread.ofPlatform().daemon().name("link-accept").start(this::accept);
    }

    static PausableLink to(int targetPort) throws IOException {
        return new PausableLink(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Bytes relayed towards the agent so far. */
    long downBytes() {
        return downBytes.get();
    }

    /**
     * Lets {@code bytes} more bytes through towards the agent, then holds the rest; the latch is
     * counted down when the link starts holding.
     */
    CountDownLatch holdAfter(long bytes) {
        synchronized (gate) {
            allowance = bytes;
            holding = new CountDownLatch(1);
            return holding;
        }
    }

    /** Drops every relayed connection at once (both sides), and lets bytes flow freely again. */
    void cut() {
        synchronized (gate) {
            allowance = UNLIMITED;
            gate.notifyAll();
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        cut();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            Socket server;
            try {
                server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
            } catch (IOException refused) {
                closeQuietly(client); // the node is down: the agent sees the connection end
                continue;
            }
            open.add(client);
            open.add(server);
            Thread.ofPlatform().daemon().name("link-up").start(() -> relay(client, server, false));
            Thread.ofPlatform().daemon().name("link-down").start(() -> relay(server, client, true));
        }
    }

    private void relay(Socket from, Socket to, boolean towardsAgent) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                int done = 0;
                while (done < n) {
                    int length = towardsAgent ? admit(n - done) : n - done;
                    out.write(buffer, done, length);
                    done += length;
                    if (towardsAgent) {
                        downBytes.addAndGet(length);
                    }
                }
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // a side closed, or the link was cut: end both sides below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    /** How many of {@code wanted} bytes may go towards the agent now; waits while the link holds. */
    private int admit(int wanted) throws InterruptedException {
        synchronized (gate) {
            while (allowance == 0) {
                holding.countDown();
                gate.wait();
            }
            if (allowance == UNLIMITED) {
                return wanted;
            }
            int length = (int) Math.min(wanted, allowance);
            allowance -= length;
            return length;
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
