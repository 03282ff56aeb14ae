package gateway.agent;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code gateway agent COMMAND [ARGS]}: the editor-side agent. Exit status 0 on success, 2 for a
 * usage error, 1 for any other failure, with a one-line reason on standard error.
 */
public final class AgentMain {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    private static final int HELP_WIDTH = 100;

    private final Console console;

    /** {@code defaultHome} is where session.json and cache/ live unless {@code --home} says otherwise. */
    public AgentMain(Path defaultHome, PrintStream out, PrintStream err, InputStream in, Clock clock) {
        this.console = new Console(defaultHome, out, err, in, clock);
    }

    public static void main(String[] argv) {
        String moved = System.getenv("GATEWAY_AGENT_HOME");
        Path home = moved != null && !moved.isBlank()
                ? Path.of(moved)
                : Path.of(System.getProperty("user.home"), ".gateway-agent");
        System.exit(new AgentMain(home, System.out, System.err, System.in, Clock.systemUTC()).run(argv));
    }

    /** Runs one command and returns its exit status. */
    public int run(String... argv) {
        CommandLine line = new CommandLine(new AgentCommand(console));
        line.setOut(new PrintWriter(console.out(), true));
        line.setErr(new PrintWriter(console.err(), true));
        line.setUsageHelpWidth(HELP_WIDTH);
        line.setParameterExceptionHandler(this::usageError);
        line.setExecutionExceptionHandler((e, failed, parsed) -> failure(e, failed));
        return line.execute(argv);
    }

    private int usageError(ParameterException e, String[] argv) {
        String command = e.getCommandLine().getCommandSpec().qualifiedName();
        String why = oneLine(e.getMessage()).replaceFirst("^Error: ", "");
        if (e instanceof UnmatchedArgumentException u
                && e.getCommandLine().getCommandSpec().parent() == null
                && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().get(0).startsWith("-")) {
            why = "unknown command '" + u.getUnmatched().get(0) + "'";
        }
        console.err().println(command + ": " + why + " (try '" + command + " --help')");
        return USAGE;
    }

    private int failure(Exception e, CommandLine failed) {
        String command = failed.getCommandSpec().qualifiedName();
        if (e instanceof GatewayException g) {
            console.err().println(command + ": " + oneLine(g.getMessage()));
            return g.reason() == Reason.INVALID_ARGUMENT ? USAGE : FAILED;
        }
        console.err().println(command + ": internal error: " + oneLine(String.valueOf(e)));
        return FAILED;
    }

    static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    /** What every command reads and writes besides its options. */
    record Console(Path defaultHome, PrintStream out, PrintStream err, InputStream in, Clock clock) {}
}
