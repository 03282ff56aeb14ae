package gateway.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code completion}: prints the bash completion script of every command (picocli's generator). */
@Command(
        name = "completion",
        description = {
            "Prints the bash completion script.",
            "",
            "Prints a bash (and zsh, with bashcompinit) completion script for ./gateway: commands,",
            "subcommands, options and their values. Install it with",
            "  ./gateway completion > /etc/bash_completion.d/gateway",
            "or for yourself: ./gateway completion > ~/.gateway-completion; source it from ~/.bashrc."
        })
final class CompletionCommand extends CliCommand {
    /** Commands the launcher runs without this JVM; listed so the shell completes them too. */
    static final String[][] LAUNCHER_ONLY = {
        {"test", "set up and run the whole test suite"},
        {"agent", "the editor-side agent"},
        {"bench", "benchmarks against ffmpeg / nginx / raw Lucene"}
    };

    @Spec
    CommandSpec spec;

    @Override
    int run() {
        CommandLine top = spec.commandLine().getParent();
        for (String[] c : LAUNCHER_ONLY) {
            if (!top.getSubcommands().containsKey(c[0])) {
                CommandSpec s = CommandSpec.create().name(c[0]);
                s.usageMessage().description(c[1]);
                s.mixinStandardHelpOptions(true);
                top.addSubcommand(c[0], s);
            }
        }
        out.print(AutoComplete.bash("gateway", top));
        out.flush();
        return 0;
    }
}
