package gateway.cli;

import gateway.server.GatewayNode;
import gateway.server.config.GatewayConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** {@code serve} starts a node; {@code demo} does the same on embedded defaults with sample media. */
final class ServeCommand implements Command {
    private final boolean demo;

    ServeCommand(boolean demo) {
        this.demo = demo;
    }

    @Override
    public String help() {
        return demo ? """
                usage: ./gateway demo [--store DIR] [--http-port N] [--grpc-port N]

                Starts one node on embedded defaults (HTTP 8080, gRPC 9090, store ./data, an
                embedded single Hazelcast member on loopback), generates sample camera originals
                with GStreamer, ingests them (probe + H.264 edit proxy), indexes them, and prints
                the URLs, a demo login and example commands. Data is reused on the next run.
                Runs until interrupted (Ctrl-C).""" : """
                usage: ./gateway serve [--config FILE] [--store DIR] [--http-port N] [--grpc-port N]

                Starts a node. FILE is YAML (see README "Configuration"); missing keys take their
                defaults. Runs until interrupted.""";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(
                demo ? "demo" : "serve", argv, Set.of("config", "store", "http-port", "grpc-port"), Set.of());
        GatewayConfig loaded =
                a.option("config").map(p -> GatewayConfig.load(Path.of(p))).orElseGet(GatewayConfig::defaults);
        GatewayConfig config =
                a.option("store").map(s -> loaded.withStore(Path.of(s))).orElse(loaded);
        GatewayConfig finalConfig = config.withPorts(
                a.intOption("serve", "http-port", config.server().httpPort()),
                a.intOption("serve", "grpc-port", config.server().grpcPort()),
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
            out.println("  ./gateway probe " + login.sample() + " --json");
            out.println("  ./gateway conform " + login.edl() + " --project " + DemoSetup.PROJECT
                    + " --rate 25 --out /tmp/demo-conform" + server);
        }
        out.println();
        out.println("gateway ready (Ctrl-C to stop)");
        out.flush();
        stopped.await();
        return 0;
    }
}
