package gateway.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;

/**
 * One subcommand of {@code ./gateway}: picocli fills its annotated options, {@link GatewayCli}
 * gives it the streams, {@link #run()} returns the exit status.
 */
abstract class CliCommand implements Callable<Integer> {
    PrintStream out = System.out;
    PrintStream err = System.err;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "prints this help and exits")
    boolean help;

    /** Runs the command; returns the process exit status. */
    abstract int run() throws Exception;

    @Override
    public final Integer call() throws Exception {
        return run();
    }
}
