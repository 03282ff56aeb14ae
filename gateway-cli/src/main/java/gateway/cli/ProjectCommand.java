package gateway.cli;

import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.server.auth.ProjectRegistry;
import gateway.server.auth.Role;
import gateway.server.auth.UserDirectory;
import gateway.server.config.StoreConfig;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./gateway project add|list}: the projects of a store and their first admin. */
@Command(
        name = "project",
        description = {"The projects of a store and their first admin.", "", "DIR is the node's store (default ./data)."
        },
        subcommands = {ProjectCommand.Add.class, ProjectCommand.ListProjects.class})
final class ProjectCommand extends CliCommand {
    @Spec
    CommandSpec spec;

    @Override
    int run() {
        throw new ParameterException(spec.commandLine(), "give a subcommand (see ./gateway project --help)");
    }

    /** {@code --store DIR} and the store's project registry. */
    abstract static class OnStore extends CliCommand {
        @Option(names = "--store", paramLabel = "DIR", description = "the node's store (default: ./data)")
        Path store = Path.of(StoreConfig.DEFAULT_DIR);

        Path security() {
            return store.resolve("security");
        }

        ProjectRegistry projects() {
            return new ProjectRegistry(security(), Clock.systemUTC());
        }
    }

    @Command(name = "add", description = "registers PROJECT; USER (an existing user) becomes its admin")
    static final class Add extends OnStore {
        @Parameters(paramLabel = "PROJECT", description = "the project's name")
        String project;

        @Option(names = "--admin", paramLabel = "USER", description = "an existing user who becomes its admin")
        String admin;

        @Option(names = "--description", paramLabel = "TEXT", description = "what the project is")
        String description = "";

        @Override
        int run() {
            ProjectId id = new ProjectId(project);
            UserDirectory users = new UserDirectory(security());
            if (admin != null) {
                users.user(admin).orElseThrow(() -> GatewayException.notFound("no user " + admin));
            }
            projects().add(id, description, admin == null ? "cli" : admin);
            if (admin != null) {
                users.grant(admin, id, Role.ADMIN);
            }
            out.println("added project " + id + (admin == null ? "" : " with admin " + admin));
            return 0;
        }
    }

    @Command(name = "list", description = "the registered projects")
    static final class ListProjects extends OnStore {
        @Option(names = "--json", description = "{\"projects\": [...]} instead of text")
        boolean json;

        @Override
        int run() {
            ProjectRegistry projects = projects();
            if (json) {
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
            return 0;
        }
    }
}
