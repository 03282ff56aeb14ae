package gateway.cli;

import gateway.model.error.GatewayException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code ./gateway} command line. Exit status 0 on success; otherwise non-zero with a
 * one-line reason on standard error.
 */
public final class GatewayCli {
    private final Map<String, Command> commands = new TreeMap<>();

    GatewayCli() {
        commands.put("serve", new ServeCommand(false));
        commands.put("demo", new ServeCommand(true));
        commands.put("probe", new ProbeCommand());
        commands.put("ingest", new IngestCommand());
        commands.put("search", new SearchCommand());
        commands.put("conform", new ConformCommand());
        commands.put("convert", new ConvertCommand());
        commands.put("reindex", new ReindexCommand());
        commands.put("worker", new WorkerCommand());
        commands.put("user", new UserCommand());
        commands.put("project", new ProjectCommand());
        commands.put("audit", new AuditCommand());
    }

    public static void main(String[] argv) {
        quietLibraries();
        System.exit(new GatewayCli().run(Arrays.asList(argv), System.out, System.err));
    }

    int run(List<String> argv, PrintStream out, PrintStream err) {
        if (argv.isEmpty()) {
            err.println("gateway: error: no command; try ./gateway --help");
            return 2;
        }
        Command c = commands.get(argv.get(0));
        if (c == null) {
            err.println("gateway: error: unknown command '" + argv.get(0) + "'; try ./gateway --help");
            return 2;
        }
        List<String> rest = argv.subList(1, argv.size());
        if (rest.contains("--help") || rest.contains("-h")) {
            out.println(c.help());
            return 0;
        }
        try {
            return c.run(rest, out, err);
        } catch (GatewayException e) {
            err.println("gateway: error: " + e.getMessage() + " [" + e.reason() + "]");
            return 1;
        } catch (Exception e) {
            err.println("gateway: error: " + e);
            return 1;
        }
    }

    // JUL on purpose: Hazelcast, Helidon, gRPC and Lucene log through it, so their levels are set there.
    /** Held so the levels stick: JUL keeps loggers only weakly. */
    private static final List<Logger> QUIETED = new java.util.ArrayList<>();

    static void quietLibraries() {
        for (String name : List.of("com.hazelcast", "io.helidon", "io.grpc", "org.apache.lucene")) {
            Logger l = Logger.getLogger(name);
            l.setLevel(name.equals("org.apache.lucene") ? Level.SEVERE : Level.WARNING);
            QUIETED.add(l);
        }
    }
}
