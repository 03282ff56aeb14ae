package gateway.cli;

import gateway.server.GatewayNode;
import gateway.server.config.GatewayConfig;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serve} starts a node; {@code demo} does the same on embedded defaults with sample media. */
@Command(
        name = "serve",
        description = {
            "Starts a node.",
            "",
            "Starts a node. FILE is YAML (see README \"Configuration\"); missing keys take their",
            "defaults. Runs until interrupted."
        })
class ServeCommand extends CliCommand {
    /** {@code demo}: the same options, plus the demo project, login and sample media. */
    @Command(
            name = "demo",
            description = {
                "One node on embedded defaults with sample media; prints URLs and a login.",
                "",
                "Starts one node on embedded defaults (HTTP 8080, gRPC 9090, store ./data, an",
                "embedded single Hazelcast member on loopback), generates sample camera originals",
                "with GStreamer, ingests them (probe + H.264 edit proxy), indexes them, and prints",
                "the URLs, a demo login and example commands. Data is reused on the next run.",
                "Runs until interrupted (Ctrl-C)."
            })
    static final class Demo extends ServeCommand {
        @Override
        boolean demo() {
            return true;
        }
    }

    @Option(names = "--config", paramLabel = "FILE", description = "the node's YAML configuration")
    Path configFile;

    @Option(names = "--store", paramLabel = "DIR", description = "the store (default: store.dir of FILE, else ./data)")
    Path store;

    @Option(names = "--http-port", paramLabel = "N", description = "HTTP port (default: server.http-port, 8080)")
    Integer httpPort;

    @Option(names = "--grpc-port", paramLabel = "N", description = "gRPC port (default: server.grpc-port, 9090)")
    Integer grpcPort;

    boolean demo() {
        return false;
    }

    /**
     * The demo's node configuration: {@code config} with the demo's object tier (an S3 server on
     * loopback that the node starts, originals demoted to it) unless it configures tiers of its own.
     */
    static GatewayConfig demoConfig(GatewayConfig config) {
        return config.tiers().isEmpty() ? config.withTiers(DemoSetup.demoTiers()) : config;
    }

    @Override
    int run() throws Exception {
        boolean demo = demo();
        GatewayConfig loaded = configFile == null ? GatewayConfig.defaults() : GatewayConfig.load(configFile);
        GatewayConfig given = store == null ? loaded : loaded.withStore(store);
        GatewayConfig config = demo ? demoConfig(given) : given;
        GatewayConfig finalConfig = config.withPorts(
                httpPort == null ? config.server().httpPort() : httpPort,
                grpcPort == null ? config.server().grpcPort() : grpcPort,
                config.cluster().port());
        GatewayNode node = GatewayNode.start(finalConfig, line -> out.println("  " + line));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            out.println("stopping");
                            node.close();
                            out.println("stopped");
                            stopped.countDown();
                        },
                        "gateway-shutdown"));
        DemoSetup.Login login = null;
        if (demo) {
            login = new DemoSetup(node, out).run();
        }
        String host = finalConfig.server().host();
        out.println();
        String scheme = node.trustFile().isPresent() ? "https" : "http";
        String ca = node.trustFile().map(f -> " --ca " + f).orElse(" --ca none");
        out.println("web:   " + scheme + "://" + host + ":" + node.httpPort() + "/");
        node.trustFile().ifPresent(f -> out.println("TLS:   self-signed or configured certificate; trust " + f));
        out.println("gRPC:  " + host + ":" + node.grpcPort());
        out.println("store: " + finalConfig.store().dir());
        if (login != null) {
            String server = " --server " + host + ":" + node.grpcPort() + ca + " --user " + login.user()
                    + " --password " + login.password();
            out.println("login: user " + login.user() + ", password " + login.password());
            out.println();
            out.println("try:");
            out.println("  ./gateway search A001C003 --project " + DemoSetup.PROJECT + server);
            if (java.nio.file.Files.exists(login.sample())) {
                out.println("  ./gateway probe " + login.sample() + " --json");
            }
            out.println("  ./gateway conform " + login.edl() + " --project " + DemoSetup.PROJECT
                    + " --rate 25 --out /tmp/demo-conform" + server);
            if (node.tiers().isPresent()) {
                // The originals move to the object tier once ingested: these restore what they need by the range.
                out.println("  ./gateway conform " + login.edl() + " --project " + DemoSetup.PROJECT
                        + " --rate 25 --out /tmp/demo-conform --handles 12 --render" + server);
            }
            if (node.tiers().isPresent()) {
                out.println("  ./gateway tier status --project " + DemoSetup.PROJECT + " --store "
                        + finalConfig.store().dir());
                out.println("  ./gateway tier plan --project " + DemoSetup.PROJECT + " --store "
                        + finalConfig.store().dir());
                out.println("  ./gateway tier promote --project " + DemoSetup.PROJECT + " --store "
                        + finalConfig.store().dir() + "   (with the node stopped, or over REST: README)");
            }
        }
        out.println();
        out.println("gateway ready (Ctrl-C to stop)");
        out.flush();
        stopped.await();
        return 0;
    }
}
