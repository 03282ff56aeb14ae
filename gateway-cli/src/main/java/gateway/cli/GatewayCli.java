package gateway.cli;

import gateway.model.error.GatewayException;
import io.grpc.netty.shaded.io.netty.util.internal.logging.InternalLoggerFactory;
import io.grpc.netty.shaded.io.netty.util.internal.logging.JdkLoggerFactory;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code ./gateway} command line (picocli). Exit status 0 on success; 2 for a usage error (an
 * unknown command or option, a missing or malformed argument) and 1 when the command fails, each
 * with a one-line reason on standard error.
 */
@Command(
        name = "./gateway",
        mixinStandardHelpOptions = true,
        versionProvider = GatewayCli.Version.class,
        description = "The editorial gateway's command line. Every command has --help.")
public final class GatewayCli implements java.util.concurrent.Callable<Integer> {
    /** A usage error exits 1, as every failure did before picocli (scripts rely on it). */
    static final int USAGE = 1;

    static final int FAILED = 1;

    /** Every command, in the order --help lists them; a command's classes load only when it runs. */
    static final Map<String, Class<?>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("demo", ServeCommand.Demo.class);
        COMMANDS.put("serve", ServeCommand.class);
        COMMANDS.put("worker", WorkerCommand.class);
        COMMANDS.put("ingest", IngestCommand.class);
        COMMANDS.put("probe", ProbeCommand.class);
        COMMANDS.put("search", SearchCommand.class);
        COMMANDS.put("conform", ConformCommand.class);
        COMMANDS.put("convert", ConvertCommand.class);
        COMMANDS.put("reindex", ReindexCommand.class);
        COMMANDS.put("user", UserCommand.class);
        COMMANDS.put("project", ProjectCommand.class);
        COMMANDS.put("audit", AuditCommand.class);
        COMMANDS.put("tier", TierCommand.class);
        COMMANDS.put("completion", CompletionCommand.class);
    }

    public static void main(String[] argv) {
        quietLibraries();
        System.exit(new GatewayCli().run(Arrays.asList(argv), System.out, System.err));
    }

    int run(List<String> argv, PrintStream out, PrintStream err) {
        if (argv.isEmpty()) {
            err.println("gateway: error: no command; try ./gateway --help");
            return USAGE;
        }
        String first = argv.get(0);
        if (!first.startsWith("-") && !COMMANDS.containsKey(first)) {
            err.println("gateway: error: unknown command '" + first + "'; try ./gateway --help");
            return USAGE;
        }
        // Only the command asked for is built (its option model, its classes), unless the whole
        // list is wanted (--help, completion).
        boolean all = first.startsWith("-") || first.equals("completion");
        CommandLine cli = commandLine(all ? COMMANDS.keySet() : List.of(first), out, err);
        return cli.execute(argv.toArray(String[]::new));
    }

    /** The command line with the named subcommands, its streams and its error handling. */
    static CommandLine commandLine(Iterable<String> names, PrintStream out, PrintStream err) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> c) throws Exception {
                K k = CommandLine.defaultFactory().create(c);
                if (k instanceof CliCommand command) {
                    command.out = out;
                    command.err = err;
                }
                return k;
            }
        };
        CommandLine cli = new CommandLine(new GatewayCli(), factory);
        for (String name : names) {
            try {
                cli.addSubcommand(name, factory.create(COMMANDS.get(name)));
            } catch (Exception e) {
                throw new IllegalStateException("cannot build the command '" + name + "'", e);
            }
        }
        layout(cli);
        cli.registerConverter(Integer.class, GatewayCli::wholeNumber);
        cli.registerConverter(int.class, GatewayCli::wholeNumber);
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setUsageHelpWidth(100);
        cli.setParameterExceptionHandler((e, args) -> {
            err.println("gateway: error: " + usageError(e));
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, c, parsed) -> {
            if (e instanceof GatewayException g) {
                err.println("gateway: error: " + g.getMessage() + " [" + g.reason() + "]");
            } else {
                err.println("gateway: error: " + e);
            }
            return FAILED;
        });
        return cli;
    }

    /** Without a command: a usage error, as before picocli. */
    @Override
    public Integer call() {
        throw new ParameterException(new CommandLine(this), "no command; try ./gateway --help");
    }

    /** "usage:" and lower-case headings, as the hand-written help had, on every command. */
    private static void layout(CommandLine cli) {
        cli.getCommandSpec()
                .usageMessage()
                .synopsisHeading("usage: ")
                .descriptionHeading("%n")
                .parameterListHeading("%narguments:%n")
                .optionListHeading("%noptions:%n")
                .commandListHeading("%ncommands:%n");
        cli.getSubcommands().values().forEach(GatewayCli::layout);
    }

    /**
     * One line naming the command and what is wrong, in the words the hand-written parser used
     * ("search: --project is required", "search: unknown option --x (see ./gateway search --help)").
     */
    static String usageError(ParameterException e) {
        CommandSpec spec = e.getCommandLine().getCommandSpec();
        String command = spec.qualifiedName(" ").replaceFirst("^\\./gateway ?", "");
        String help = "(see ./gateway " + (command.isEmpty() ? "" : command + " ") + "--help)";
        String prefix = command.isEmpty() ? "" : command + ": ";
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String arg = u.getUnmatched().get(0);
            if (arg.startsWith("-") && !arg.matches("-\\d+")) {
                return prefix + "unknown option " + arg + " " + help;
            }
            if (!spec.subcommands().isEmpty()) {
                return prefix + "unknown subcommand '" + arg + "' " + help;
            }
            return prefix + "unexpected argument '" + arg + "' " + help;
        }
        if (e instanceof MissingParameterException m && !m.getMissing().isEmpty()) {
            ArgSpec missing = m.getMissing().get(0);
            if (missing instanceof OptionSpec o) {
                return String.valueOf(e.getMessage()).contains("for option")
                        ? prefix + "option " + o.longestName() + " needs a value"
                        : prefix + o.longestName() + " is required";
            }
            return prefix + "give " + missing.paramLabel() + " " + help;
        }
        String message = String.valueOf(e.getMessage());
        // "Invalid value for option '--limit': must be ..." -> "--limit must be ..."
        var option = java.util.regex.Pattern.compile(
                        "^Invalid value for option '([^']+)': (.*)$", java.util.regex.Pattern.DOTALL)
                .matcher(message);
        if (option.matches()) {
            return prefix + option.group(1) + (option.group(2).startsWith("must ") ? " " : ": ") + option.group(2);
        }
        var positional = java.util.regex.Pattern.compile(
                        "^Invalid value for positional parameter at index \\d+ \\(([^)]+)\\): (.*)$",
                        java.util.regex.Pattern.DOTALL)
                .matcher(message);
        if (positional.matches()) {
            return prefix + positional.group(1) + ": " + positional.group(2);
        }
        return prefix + message;
    }

    /** Whole numbers, with the hand-written parser's words for a bad one. */
    static int wholeNumber(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("must be a whole number, not '" + value + "'");
        }
    }

    /** The Implementation-Version of this module's jar (the Maven project version). */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = GatewayCli.class.getPackage().getImplementationVersion();
            return new String[] {"gateway " + (v == null ? "(version unknown: not run from the built jar)" : v)};
        }
    }

    // JUL on purpose: Hazelcast, Helidon, gRPC and Lucene log through it, so their levels are set there.
    /** Held so the levels stick: JUL keeps loggers only weakly. */
    private static final List<Logger> QUIETED = new java.util.ArrayList<>();

    static void quietLibraries() {
        // Netty (gRPC's transport) logs to JUL straight away instead of trying SLF4J (absent) and then
        // Log4j 2's API (on the class path for POI, bridged to JUL): the same destination, without
        // the failed lookups and Log4j's provider scan of every jar (~0.05 s of each command's start).
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
        for (String name : List.of("com.hazelcast", "io.helidon", "io.grpc", "org.apache.lucene")) {
            Logger l = Logger.getLogger(name);
            l.setLevel(name.equals("org.apache.lucene") ? Level.SEVERE : Level.WARNING);
            QUIETED.add(l);
        }
    }
}
