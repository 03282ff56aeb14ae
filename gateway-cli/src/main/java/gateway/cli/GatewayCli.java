package gateway.cli;

import gateway.model.error.GatewayException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code ./gateway} command line. Exit status 0 on success; otherwise non-zero with a
 * one-line reason on standard error.
 */
public final class GatewayCli {
    /** Made on first use: a command's classes (and their JSON mappers) load only when it runs. */
    private final Map<String, Supplier<Command>> commands = new TreeMap<>();

    GatewayCli() {
        commands.put("serve", () -> new ServeCommand(false));
        commands.put("demo", () -> new ServeCommand(true));
        commands.put("probe", ProbeCommand::new);
        commands.put("ingest", IngestCommand::new);
        commands.put("search", SearchCommand::new);
        commands.put("conform", ConformCommand::new);
        commands.put("convert", ConvertCommand::new);
        commands.put("reindex", ReindexCommand::new);
        commands.put("worker", WorkerCommand::new);
        commands.put("user", UserCommand::new);
        commands.put("project", ProjectCommand::new);
        commands.put("audit", AuditCommand::new);
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
        Supplier<Command> made = commands.get(argv.get(0));
        if (made == null) {
            err.println("gateway: error: unknown command '" + argv.get(0) + "'; try ./gateway --help");
            return 2;
        }
        Command c = made.get();
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
