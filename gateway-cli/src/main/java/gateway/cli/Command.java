package gateway.cli;

import java.io.PrintStream;
import java.util.List;

/** One subcommand of {@code ./gateway}. */
interface Command {
    /** The usage text printed by {@code --help}. */
    String help();

    /** Runs the command; returns the process exit status. */
    int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
}
