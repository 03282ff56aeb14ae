package gateway.server.cluster;

import gateway.server.config.GatewayConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Two node configurations that form one cluster of their own on loopback (a fresh cluster name,
 * free ports, each listing both members), sharing one store under {@code dir} (as a cluster must),
 * each with its own index folder.
 */
public record LoopbackPair(GatewayConfig a, GatewayConfig b) {

    public static LoopbackPair under(Path dir, String clusterPrefix) {
        String cluster = clusterPrefix + "-" + UUID.randomUUID();
        int portA = freePort();
        int portB = freePort();
        return new LoopbackPair(config(dir, "a", cluster, portA, portB), config(dir, "b", cluster, portB, portA));
    }

    private static GatewayConfig config(Path dir, String name, String cluster, int port, int otherPort) {
        try {
            Path file = dir.resolve(name + ".yaml");
            Files.writeString(file, """
                    server:
                      host: 127.0.0.1
                      http-port: 0
                      grpc-port: 0
                    store:
                      dir: %s
                      node-dir: %s
                    cluster:
                      name: %s
                      port: %d
                      members: ["127.0.0.1:%d", "127.0.0.1:%d"]
                    """.formatted(
                            dir.resolve("shared").toAbsolutePath(),
                            dir.resolve(name + "-index").toAbsolutePath(),
                            cluster,
                            port,
                            port,
                            otherPort));
            GatewayConfig c = GatewayConfig.load(file);
            // a cheap password hash: tests log in many times
            return c.withSecurity(c.security().withScryptLog2N(10));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
