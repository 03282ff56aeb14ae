package gateway.cli;

import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.server.auth.ProjectRegistry;
import gateway.server.auth.Role;
import gateway.server.auth.UserDirectory;
import gateway.server.config.StoreConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/** {@code ./gateway project add|list}: the projects of a store and their first admin. */
final class ProjectCommand implements Command {
    @Override
    public String help() {
        return """
                usage: ./gateway project SUBCOMMAND [--store DIR]

                  add PROJECT [--admin USER] [--description TEXT]
                                 registers PROJECT; USER (an existing user) becomes its admin
                  list [--json]  the registered projects

                DIR is the node's store (default ./data).""";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Args a = Args.parse("project", argv, Set.of("store", "admin", "description"), Set.of("json"));
        List<String> p = a.positionals();
        if (p.isEmpty()) {
            throw GatewayException.invalid("project: give a subcommand (see ./gateway project --help)");
        }
        Path security =
                Path.of(a.option("store").orElse(StoreConfig.DEFAULT_DIR)).resolve("security");
        ProjectRegistry projects = new ProjectRegistry(security, Clock.systemUTC());
        switch (p.get(0)) {
            case "add" -> {
                ProjectId id = new ProjectId(UserCommand.arg(p, 1, "PROJECT"));
                String admin = a.option("admin").orElse(null);
                UserDirectory users = new UserDirectory(security);
                if (admin != null) {
                    users.user(admin).orElseThrow(() -> GatewayException.notFound("no user " + admin));
                }
                projects.add(id, a.option("description").orElse(""), admin == null ? "cli" : admin);
                if (admin != null) {
                    users.grant(admin, id, Role.ADMIN);
                }
                out.println("added project " + id + (admin == null ? "" : " with admin " + admin));
            }
            case "list" -> {
                if (a.flag("json")) {
                    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
                    var arr = mapper.createArrayNode();
                    projects.list().forEach(x -> arr.addObject()
                            .put("project", x.id().value())
                            .put("description", x.description())
                            .put("created_by", x.createdBy())
                            .put("created", x.created().toString()));
                    out.println(mapper.createObjectNode().set("projects", arr).toString());
                } else {
                    projects.list().forEach(x -> out.println(x.id() + "  " + x.description()));
                }
            }
            default ->
                throw GatewayException.invalid(
                        "project: unknown subcommand '" + p.get(0) + "' (see ./gateway project --help)");
        }
        return 0;
    }
}
