package gateway.cli;

import gateway.model.error.GatewayException;
import gateway.server.auth.AuditLog;
import gateway.server.config.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./gateway audit verify|show}: checks the hash chain of a store's audit log, or prints a
 * project's entries. Run locally by the store's owner; over the network the same entries come
 * from {@code GET /api/v1/admin/audit?project=P} for that project's admins.
 */
@Command(
        name = "audit",
        description = {
            "Checks or prints the audit log.",
            "",
            "verify checks every line's link to the one before (exit 1 naming the first broken",
            "line); show prints the decisions about project P. DIR defaults to ./data."
        },
        subcommands = {AuditCommand.Verify.class, AuditCommand.Show.class})
final class AuditCommand extends CliCommand {
    @Spec
    CommandSpec spec;

    @Override
    int run() {
        throw new ParameterException(spec.commandLine(), "give verify or show (see ./gateway audit --help)");
    }

    /** {@code --store DIR [--node-dir DIR]}; the node's audit log there, which must exist. */
    abstract static class OnLog extends CliCommand {
        @Option(names = "--store", paramLabel = "DIR", description = "the node's store (default: ./data)")
        Path store = Path.of(StoreConfig.DEFAULT_DIR);

        @picocli.CommandLine.Mixin
        NodeDirOption nodeDir = new NodeDirOption();

        Path log() {
            Path log = new StoreConfig(store, nodeDir.dir()).auditLog();
            if (!Files.exists(log)) {
                throw GatewayException.notFound("no audit log at " + log
                        + " (give --store DIR, and --node-dir DIR where store.node-dir is set)");
            }
            return log;
        }
    }

    @Command(
            name = "verify",
            description = "checks every line's link to the one before (exit 1 naming the first broken line)")
    static final class Verify extends OnLog {
        @Override
        int run() {
            Path log = log();
            out.println(log + ": " + AuditLog.verify(log) + " line(s), chain intact");
            return 0;
        }
    }

    @Command(name = "show", description = "prints the decisions about project P")
    static final class Show extends OnLog {
        @Option(names = "--project", paramLabel = "P", required = true, description = "the project")
        String project;

        @Option(names = "--json", description = "one JSON object per entry")
        boolean json;

        @Override
        int run() {
            Path log = log();
            var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
            for (AuditLog.Entry e : AuditLog.read(log)) {
                if (e.project().equals(project)) {
                    out.println(
                            json
                                    ? mapper.valueToTree(e).toString()
                                    : e.time() + "  " + (e.allowed() ? "allow" : "DENY ") + "  " + e.subject() + "  "
                                            + e.action() + "  " + e.target() + callText(e.call()));
                }
            }
            return 0;
        }
    }

    /** "  bytes=0-1023  session 5f1c…  from 10.0.0.7:51234  request r-42", the parts a line has. */
    private static String callText(gateway.server.auth.CallInfo c) {
        if (c == null || c.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        if (!c.byteRange().isEmpty()) {
            b.append("  ").append(c.byteRange());
        }
        if (!c.session().isEmpty()) {
            b.append("  session ").append(c.session());
        }
        if (!c.clientAddress().isEmpty()) {
            b.append("  from ").append(c.clientAddress());
        }
        if (!c.requestId().isEmpty()) {
            b.append("  request ").append(c.requestId());
        }
        return b.toString();
    }
}
