package gateway.server.config;

import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The node's configuration. Keys are public API (see README "Configuration"): one section per
 * module, the unit in the key, every default defined here once, validated at start with an error
 * that names the key.
 */
public record GatewayConfig(
        String host,
        int httpPort,
        int grpcPort,
        Path storeDir,
        String clusterName,
        int clusterPort,
        List<String> clusterMembers,
        int localWorkers,
        Duration jobTimeoutMin,
        int jobTimeoutPerMediaSecond,
        FrameRate probeDefaultTimecodeRate,
        Duration accessTokenTtl) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final int DEFAULT_GRPC_PORT = 9090;
    public static final String DEFAULT_STORE = "data";

    public GatewayConfig {
        requirePort("server.http-port", httpPort);
        requirePort("server.grpc-port", grpcPort);
        requirePort("cluster.port", clusterPort);
        if (localWorkers < 0 || localWorkers > 64) {
            throw GatewayException.invalid("config key ingest.local-workers must be 0-64, not " + localWorkers);
        }
        if (accessTokenTtl.isNegative() || accessTokenTtl.compareTo(Duration.ofMinutes(15)) > 0) {
            throw GatewayException.invalid("config key auth.access-token-ttl-s must be 1-900 seconds");
        }
        storeDir = storeDir.toAbsolutePath().normalize();
        clusterMembers = List.copyOf(clusterMembers);
    }

    /** The embedded defaults: one node on loopback, store under ./data. */
    public static GatewayConfig defaults() {
        return from(Config.empty());
    }

    /** Loads a YAML file; missing keys take their defaults. */
    public static GatewayConfig load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw GatewayException.invalid("config file " + file + " does not exist or is not a file");
        }
        return from(Config.just(ConfigSources.file(file)));
    }

    static GatewayConfig from(Config c) {
        try {
            return new GatewayConfig(
                    c.get("server.host").asString().orElse(DEFAULT_HOST),
                    c.get("server.http-port").asInt().orElse(DEFAULT_HTTP_PORT),
                    c.get("server.grpc-port").asInt().orElse(DEFAULT_GRPC_PORT),
                    Path.of(c.get("store.dir").asString().orElse(DEFAULT_STORE)),
                    c.get("cluster.name").asString().orElse("gateway"),
                    c.get("cluster.port").asInt().orElse(5701),
                    c.get("cluster.members").asList(String.class).orElse(List.of("127.0.0.1")),
                    c.get("ingest.local-workers").asInt().orElse(1),
                    Duration.ofSeconds(c.get("ingest.job-timeout-min-s").asInt().orElse(120)),
                    c.get("ingest.job-timeout-per-media-s").asInt().orElse(20),
                    FrameRate.parse(
                            c.get("probe.default-timecode-rate").asString().orElse("25/1")),
                    Duration.ofSeconds(c.get("auth.access-token-ttl-s").asInt().orElse(900)));
        } catch (io.helidon.config.ConfigException e) {
            throw GatewayException.invalid("configuration error: " + e.getMessage());
        }
    }

    public GatewayConfig withStore(Path dir) {
        return new GatewayConfig(
                host,
                httpPort,
                grpcPort,
                dir,
                clusterName,
                clusterPort,
                clusterMembers,
                localWorkers,
                jobTimeoutMin,
                jobTimeoutPerMediaSecond,
                probeDefaultTimecodeRate,
                accessTokenTtl);
    }

    public GatewayConfig withPorts(int http, int grpc, int cluster) {
        return new GatewayConfig(
                host,
                http,
                grpc,
                storeDir,
                clusterName,
                cluster,
                clusterMembers,
                localWorkers,
                jobTimeoutMin,
                jobTimeoutPerMediaSecond,
                probeDefaultTimecodeRate,
                accessTokenTtl);
    }

    /** The same configuration in another cluster (tests and side-by-side nodes must not join each other). */
    public GatewayConfig withCluster(String name, int port) {
        return new GatewayConfig(
                host,
                httpPort,
                grpcPort,
                storeDir,
                name,
                port,
                clusterMembers,
                localWorkers,
                jobTimeoutMin,
                jobTimeoutPerMediaSecond,
                probeDefaultTimecodeRate,
                accessTokenTtl);
    }

    public Path assetsDir() {
        return storeDir.resolve("assets");
    }

    public Path indexDir() {
        return storeDir.resolve("index");
    }

    public Path securityDir() {
        return storeDir.resolve("security");
    }

    /** A job's time-out grows with the media's duration. */
    public Duration jobTimeout(long mediaSeconds) {
        return jobTimeoutMin.plusSeconds(Math.max(0, mediaSeconds) * jobTimeoutPerMediaSecond);
    }

    private static void requirePort(String key, int port) {
        if (port < 0 || port > 65535) {
            throw GatewayException.invalid(
                    "config key " + key + " must be a port 0-65535 (0 = any free port), not " + port);
        }
    }
}
