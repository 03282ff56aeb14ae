package gateway.tiers.embedded;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.tiers.CredentialSource;
import gateway.tiers.S3Tier;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real S3 API server on loopback: S3Proxy with its jclouds filesystem back end (buckets are
 * folders under {@link #dataDir()}), behind a counting forwarder that keeps one port while the server
 * stops and starts again. The demo's object tier and the tests' store; never bound beyond 127.0.0.1.
 * It accepts the fixed local credentials {@link #ACCESS_KEY_ID} / {@link #SECRET_ACCESS_KEY} only
 * (AWS signature v2 or v4).
 */
public final class EmbeddedS3 implements AutoCloseable {
    public static final String ACCESS_KEY_ID = "gateway-local";

    /** A local secret for a server reachable on loopback only; not a credential of anything else. */
    public static final String SECRET_ACCESS_KEY = "gateway-local-secret";

    private static final System.Logger LOG = System.getLogger(EmbeddedS3.class.getName());

    /**
     * S3Proxy, Jetty and jclouds log every start at INFO (CORS settings, Jetty's banner) through SLF4J
     * to java.util.logging: warnings only. Held here: java.util.logging keeps loggers weakly.
     */
    private static final List<java.util.logging.Logger> QUIET =
            warningsOnly("org.gaul", "org.eclipse.jetty", "org.jclouds");

    private final Path dataDir;
    private final CountingProxy front;
    private S3ProxyServer server;

    private EmbeddedS3(Path dataDir) throws IOException {
        this.dataDir = dataDir;
        this.front = new CountingProxy();
    }

    private static List<java.util.logging.Logger> warningsOnly(String... names) {
        List<java.util.logging.Logger> loggers = new java.util.ArrayList<>();
        for (String name : names) {
            java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
            l.setLevel(java.util.logging.Level.WARNING);
            loggers.add(l);
        }
        return List.copyOf(loggers);
    }

    /** Starts a server whose buckets are folders under {@code dataDir} (created if missing). */
    public static EmbeddedS3 start(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
            EmbeddedS3 s3 = new EmbeddedS3(dir);
            s3.startServer();
            return s3;
        } catch (IOException e) {
            throw GatewayException.io("cannot start the embedded S3 server in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The address clients use (path-style): {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + front.port());
    }

    public Path dataDir() {
        return dataDir;
    }

    /** An object tier on this server: bucket {@code bucket}, path-style, the local credentials. */
    public S3Tier tier(String name, String bucket, String prefix, long partSizeBytes) {
        return new S3Tier(
                name,
                endpoint(),
                bucket,
                prefix,
                S3Tier.DEFAULT_REGION,
                true,
                partSizeBytes,
                CredentialSource.fixed(name, ACCESS_KEY_ID, SECRET_ACCESS_KEY));
    }

    /** Creates {@code bucket} if it does not exist yet. */
    public synchronized void createBucket(String bucket) {
        // The filesystem back end keeps a bucket as a folder of the data folder.
        try {
            Files.createDirectories(dataDir.resolve(bucket));
        } catch (IOException e) {
            throw GatewayException.io("cannot create bucket " + bucket + " in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** Starts the server again after {@link #stopServer()} (same data, same address for clients). */
    public synchronized void startServer() {
        if (server != null) {
            return;
        }
        try {
            server = S3ProxyServer.start(dataDir, ACCESS_KEY_ID, SECRET_ACCESS_KEY);
            front.backend(server.port());
        } catch (Exception e) {
            server = null;
            throw new GatewayException(
                    Reason.UNAVAILABLE,
                    "the embedded S3 server did not start in " + dataDir + ": " + e.getMessage(),
                    e);
        }
        LOG.log(System.Logger.Level.INFO, "embedded S3 server on " + endpoint() + " (data in " + dataDir + ")");
    }

    /**
     * Stops the server as a crash would, mid-transfer: new connections are refused and those in
     * flight are cut. The data stays; {@link #startServer()} brings it back at the same address.
     */
    public synchronized void stopServer() {
        front.backend(-1);
        front.dropConnections();
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "embedded S3 server did not stop cleanly: " + e.getMessage());
        } finally {
            server = null;
        }
    }

    /**
     * Stops the server (as {@link #stopServer()}) once it has sent {@code moreBytes} more bytes: a store
     * that goes away in the middle of a transfer, at a point the caller chooses.
     */
    public void stopAfterServing(long moreBytes) {
        front.whenServed(front.bytesServed() + moreBytes, this::stopServer);
    }

    public synchronized boolean running() {
        return server != null;
    }

    /** Bytes the server sent to its clients since start (counted on the server's side of the wire). */
    public long bytesServed() {
        return front.bytesServed();
    }

    /** Bytes the server received from its clients since start. */
    public long bytesReceived() {
        return front.bytesReceived();
    }

    /** The file that holds {@code key} of {@code bucket} in the filesystem back end (tests tamper with it). */
    public Path objectFile(String bucket, String key) {
        return dataDir.resolve(bucket).resolve(key);
    }

    @Override
    public synchronized void close() {
        stopServer();
        front.close();
    }
}
