package gateway.tiers.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP forwarder in front of the embedded S3 server that counts, on the server's side of the
 * wire, every byte the server sent ({@link #bytesServed()}) and received ({@link #bytesReceived()}):
 * the figures a restore's "bytes fetched" is checked against, measured independently of the client.
 * It keeps its port while the server behind it stops and starts again on another one, so a client
 * sees a store that went away and came back at the same address.
 */
final class CountingProxy implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CountingProxy.class.getName());

    private final ServerSocket listener;
    private final Thread acceptor;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicReference<Trip> trip =
            new java.util.concurrent.atomic.AtomicReference<>();
    private volatile int backendPort = -1;

    /** Runs {@code action} once, when the bytes served reach {@code atBytes}. */
    private record Trip(long atBytes, Runnable action) {}

    private volatile boolean closed;

    CountingProxy() throws IOException {
        listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        acceptor = Thread.ofPlatform().daemon().name("embedded-s3-proxy").start(this::acceptLoop);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Forwards new connections to the server on {@code port} of loopback; -1: refuse them (server down). */
    void backend(int port) {
        backendPort = port;
    }

    /** Closes every connection in flight (the server went away mid-transfer). */
    void dropConnections() {
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
    }

    /** Runs {@code action} (once, on its own thread) when the bytes served reach {@code atBytes}. */
    void whenServed(long atBytes, Runnable action) {
        trip.set(new Trip(atBytes, action));
    }

    long bytesServed() {
        return served.get();
    }

    long bytesReceived() {
        return received.get();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(System.Logger.Level.WARNING, "embedded S3 proxy stopped accepting: " + e.getMessage());
                }
                return;
            }
            int port = backendPort;
            if (port < 0) {
                closeQuietly(client);
                continue;
            }
            Socket server = new Socket();
            try {
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(server);
                continue;
            }
            open.add(client);
            open.add(server);
            Thread.ofVirtual().start(() -> pump(client, server, received));
            Thread.ofVirtual().start(() -> pump(server, client, served));
        }
    }

    private void pump(Socket from, Socket to, AtomicLong counter) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
                long total = counter.addAndGet(n);
                if (counter == served) {
                    Trip t = trip.get();
                    if (t != null && total >= t.atBytes() && trip.compareAndSet(t, null)) {
                        Thread.ofVirtual().start(t.action());
                    }
                }
            }
        } catch (SocketException e) {
            // One side closed or reset: the other direction ends with it.
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "embedded S3 proxy connection ended: " + e.getMessage());
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        dropConnections();
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // Closing after a failure; the failure is what is reported.
        }
    }
}
