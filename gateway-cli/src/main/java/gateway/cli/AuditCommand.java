package gateway.cli;

import gateway.model.error.GatewayException;
import gateway.server.auth.AuditLog;
import gateway.server.config.StoreConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code ./gateway audit verify|show}: checks the hash chain of a store's audit log, or prints a
 * project's entries. Run locally by the store's owner; over the network the same entries come
 * from {@code GET /api/v1/admin/audit?project=P} for that project's admins.
 */
final class AuditCommand implements Command {
    @Override
    public String help() {
        return """
                usage: ./gateway audit verify [--store DIR]
                       ./gateway audit show --project P [--store DIR] [--json]

                verify checks every line's link to the one before (exit 1 naming the first broken
                line); show prints the decisions about project P. DIR defaults to ./data.""";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Args a = Args.parse("audit", argv, Set.of("store", "project"), Set.of("json"));
        if (a.positionals().isEmpty()) {
            throw GatewayException.invalid("audit: give verify or show (see ./gateway audit --help)");
        }
        Path log = Path.of(a.option("store").orElse(StoreConfig.DEFAULT_DIR))
                .resolve("security")
                .resolve("audit.log");
        if (!java.nio.file.Files.exists(log)) {
            throw GatewayException.notFound("no audit log at " + log.toAbsolutePath() + " (give --store DIR)");
        }
        switch (a.positionals().get(0)) {
            case "verify" -> out.println(log + ": " + AuditLog.verify(log) + " line(s), chain intact");
            case "show" -> {
                String project = a.require("audit", "project");
                var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
                for (AuditLog.Entry e : AuditLog.read(log)) {
                    if (e.project().equals(project)) {
                        out.println(
                                a.flag("json")
                                        ? mapper.valueToTree(e).toString()
                                        : e.time() + "  " + (e.allowed() ? "allow" : "DENY ") + "  " + e.subject()
                                                + "  " + e.action() + "  " + e.target() + callText(e.call()));
                    }
                }
            }
            default ->
                throw GatewayException.invalid(
                        "audit: unknown subcommand '" + a.positionals().get(0) + "' (see ./gateway audit --help)");
        }
        return 0;
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
