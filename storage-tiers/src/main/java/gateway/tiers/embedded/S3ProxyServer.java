package gateway.tiers.embedded;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;

/**
 * One run of S3Proxy on an ephemeral loopback port over a jclouds filesystem back end. S3Proxy's jar
 * cannot be a Java module (it names a service provider it does not contain), so this module reaches
 * it by reflection, here only: the few calls of S3Proxy's embedding API
 * ({@code ContextBuilder.newBuilder("filesystem")...build(BlobStoreContext.class)},
 * {@code S3Proxy.builder().blobStore(..).endpoint(..).awsAuthentication(..).build().start()}).
 */
final class S3ProxyServer implements AutoCloseable {
    private final Object context;
    private final Object proxy;

    private S3ProxyServer(Object context, Object proxy) {
        this.context = context;
        this.proxy = proxy;
    }

    /** Starts a server; throws what S3Proxy threw (unwrapped). */
    static S3ProxyServer start(Path dataDir, String accessKeyId, String secret) throws Exception {
        ClassLoader loader = S3ProxyServer.class.getClassLoader();
        Class<?> contextBuilder = Class.forName("org.jclouds.ContextBuilder", true, loader);
        Class<?> blobStoreContext = Class.forName("org.jclouds.blobstore.BlobStoreContext", true, loader);
        Class<?> blobStore = Class.forName("org.jclouds.blobstore.BlobStore", true, loader);
        Class<?> s3Proxy = Class.forName("org.gaul.s3proxy.S3Proxy", true, loader);
        Class<?> builder = Class.forName("org.gaul.s3proxy.S3Proxy$Builder", true, loader);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Object awsV2OrV4 = Enum.valueOf(
                (Class) Class.forName("org.gaul.s3proxy.AuthenticationType", true, loader), "AWS_V2_OR_V4");

        Properties overrides = new Properties();
        overrides.setProperty("jclouds.filesystem.basedir", dataDir.toString());
        Object cb = call(contextBuilder.getMethod("newBuilder", String.class), null, "filesystem");
        cb = call(contextBuilder.getMethod("overrides", Properties.class), cb, overrides);
        Object context = call(contextBuilder.getMethod("build", Class.class), cb, blobStoreContext);
        try {
            Object store = call(blobStoreContext.getMethod("getBlobStore"), context);
            Object b = call(s3Proxy.getMethod("builder"), null);
            b = call(builder.getMethod("blobStore", blobStore), b, store);
            b = call(builder.getMethod("endpoint", URI.class), b, URI.create("http://127.0.0.1:0"));
            b = call(
                    builder.getMethod("awsAuthentication", awsV2OrV4.getClass(), String.class, String.class),
                    b,
                    awsV2OrV4,
                    accessKeyId,
                    secret);
            Object proxy = call(builder.getMethod("build"), b);
            call(s3Proxy.getMethod("start"), proxy);
            S3ProxyServer server = new S3ProxyServer(context, proxy);
            if (!"STARTED".equals(server.state())) {
                server.close();
                throw new IllegalStateException("S3Proxy is " + server.state() + " after start, not STARTED");
            }
            return server;
        } catch (Exception e) {
            call(blobStoreContext.getMethod("close"), context);
            throw e;
        }
    }

    int port() throws Exception {
        return (Integer) call(proxy.getClass().getMethod("getPort"), proxy);
    }

    String state() throws Exception {
        return (String) call(proxy.getClass().getMethod("getState"), proxy);
    }

    @Override
    public void close() throws Exception {
        try {
            call(proxy.getClass().getMethod("stop"), proxy);
        } finally {
            call(
                    Class.forName("org.jclouds.blobstore.BlobStoreContext", true, S3ProxyServer.class.getClassLoader())
                            .getMethod("close"),
                    context);
        }
    }

    private static Object call(Method m, Object target, Object... args) throws Exception {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}
