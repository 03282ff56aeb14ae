package gateway.agent;

import gateway.model.asset.AssetId;
import gateway.model.asset.ProjectId;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The command line of {@code gateway agent}: each subcommand declares its options, and hands
 * them, typed, to {@link Commands}.
 */
@Command(
        name = "gateway agent",
        synopsisHeading = "usage: ",
        synopsisSubcommandLabel = "COMMAND",
        description = "The editor-side agent: a local proxy cache with stable paths that NLEs link to.",
        commandListHeading = "%nCommands:%n",
        footer = {"", "Exit status: 0 ok, 2 usage error, 1 otherwise (with a one-line reason on stderr)."},
        subcommands = {
            AgentCommand.Login.class,
            AgentCommand.Logout.class,
            AgentCommand.Search.class,
            AgentCommand.Fetch.class,
            AgentCommand.Sync.class,
            AgentCommand.Ls.class,
            AgentCommand.Verify.class,
            AgentCommand.PathOf.class,
            AgentCommand.Pin.class,
            AgentCommand.Unpin.class,
            AgentCommand.Serve.class,
            PlanCommand.class,
            BinExportCommand.FcpXml.class,
            BinExportCommand.Ale.class,
            WatchExportsCommand.class,
            HelpCommand.class
        })
final class AgentCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "show this help")
    boolean help;

    private final AgentMain.Console console;

    AgentCommand(AgentMain.Console console) {
        this.console = console;
    }

    /** Without a command: the list of commands. */
    @Override
    public void run() {
        spec.commandLine().usage(console.out());
    }

    /** {@code --home}, {@code --cache} and {@code --help}: every command takes them. */
    static final class Places {
        @Option(
                names = {"-h", "--help"},
                usageHelp = true,
                description = "show this help")
        boolean help;

        @Option(names = "--home", paramLabel = "DIR", description = "session and cache home (default ~/.gateway-agent)")
        Path home;

        @Option(names = "--cache", paramLabel = "DIR", description = "the proxy cache (default <home>/cache)")
        Path cache;
    }

    /** How to reach the server, when not from the stored session. */
    static final class Server {
        @Option(
                names = "--server",
                paramLabel = "HOST:PORT",
                converter = OptionTypes.Server.class,
                description = "the gateway node (default: the one of the stored session)")
        ServerAddress server;

        @Option(names = "--token", paramLabel = "T", description = "an access token to use instead of the session's")
        String token;

        @Option(names = "--ca", paramLabel = "PEM", description = "trust this certificate: TLS to the node")
        Path ca;
    }

    /** The budget of commands that fill the cache. */
    static final class Budget {
        @Option(
                names = "--max-cache-bytes",
                paramLabel = "N",
                converter = OptionTypes.Size.class,
                description = "evict least recently used files beyond this size (500000, 800M, 20G; default: no limit)")
        ByteSize max;

        long bytes() {
            return max == null ? 0 : max.bytes();
        }
    }

    /** The base of every subcommand: its parent's console, its places, and the commands run with them. */
    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        AgentCommand parent;

        @Mixin
        Places places;

        Commands commands() {
            AgentMain.Console c = parent.console;
            Path home = places.home != null ? places.home : c.defaultHome();
            Path cache = places.cache != null ? places.cache : home.resolve("cache");
            return new Commands(home, cache, c.out(), c.err(), c.in(), c.clock());
        }

        ClientSource clients(Server s) {
            return commands().clients(s.server, s.token, s.ca);
        }
    }

    @Command(
            name = "login",
            synopsisHeading = "usage: ",
            description = "log in and keep the session in <home>/session.json (mode 600)")
    static final class Login extends Sub {
        @Option(
                names = "--server",
                required = true,
                paramLabel = "HOST:PORT",
                converter = OptionTypes.Server.class,
                description = "the gateway node")
        ServerAddress server;

        @Option(names = "--ca", paramLabel = "PEM", description = "trust this certificate: TLS to the node")
        Path ca;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Who who;

        static final class Who {
            @ArgGroup(exclusive = false, multiplicity = "1")
            Person person;

            @Option(names = "--token", required = true, paramLabel = "T", description = "keep this access token")
            String token;
        }

        static final class Person {
            @Option(names = "--user", required = true, paramLabel = "U", description = "the user name")
            String user;

            @ArgGroup(exclusive = true, multiplicity = "1")
            Password password;
        }

        static final class Password {
            @Option(names = "--password", required = true, paramLabel = "P", description = "the password")
            String text;

            @Option(names = "--password-stdin", required = true, description = "read the password from stdin")
            boolean stdin;
        }

        @Override
        public Integer call() {
            if (who.token != null) {
                return commands().loginWithToken(server, ca, who.token);
            }
            Commands commands = commands();
            String password = who.person.password.stdin ? commands.readPassword() : who.person.password.text;
            return commands.login(server, ca, who.person.user, password);
        }
    }

    @Command(name = "logout", synopsisHeading = "usage: ", description = "forget the stored session")
    static final class Logout extends Sub {
        @Override
        public Integer call() {
            return commands().logout();
        }
    }

    @Command(
            name = "search",
            synopsisHeading = "usage: ",
            description = "search the catalogue; one tab-separated line per hit, with its cached path or '-'")
    static final class Search extends Sub {
        @Mixin
        Server server;

        @Parameters(paramLabel = "QUERY", arity = "0..*", description = "words of the query")
        List<String> words = List.of();

        @Option(names = "--project", paramLabel = "P", converter = OptionTypes.Project.class)
        ProjectId project;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "at most N hits (default 50)")
        int limit;

        @Override
        public Integer call() {
            return commands().search(clients(server), String.join(" ", words), project, limit);
        }
    }

    @Command(
            name = "fetch",
            synopsisHeading = "usage: ",
            description =
                    "download renditions into the cache (resuming interrupted downloads); prints each stable path")
    static final class Fetch extends Sub {
        @Mixin
        Server server;

        @Mixin
        Budget budget;

        // Strings, read in call(): a typed positional would report "fetch A --profil edit" as a bad
        // asset id 'edit' instead of the unknown option (picocli converts before it reports unmatched).
        @Parameters(paramLabel = "ASSET_ID", arity = "1..*", description = "the assets")
        List<String> ids;

        @Option(
                names = "--profile",
                paramLabel = "PROFILE",
                defaultValue = StableName.EDIT_PROFILE,
                converter = OptionTypes.Profile.class,
                description = "the rendition (default edit)")
        String profile;

        @Override
        public Integer call() {
            List<AssetId> assets = ids.stream().map(AssetId::new).toList();
            return commands().fetch(clients(server), assets, profile, budget.bytes());
        }
    }

    @Command(
            name = "sync",
            synopsisHeading = "usage: ",
            description = "fetch every matching asset's rendition not yet cached, one progress line per asset")
    static final class Sync extends Sub {
        @Mixin
        Server server;

        @Mixin
        Budget budget;

        @Option(names = "--project", required = true, paramLabel = "P", converter = OptionTypes.Project.class)
        ProjectId project;

        @Option(names = "--query", paramLabel = "Q", defaultValue = "", description = "only what matches Q")
        String query;

        @Option(
                names = "--profile",
                paramLabel = "PROFILE",
                defaultValue = StableName.EDIT_PROFILE,
                converter = OptionTypes.Profile.class,
                description = "the rendition (default edit)")
        String profile;

        @Override
        public Integer call() {
            return commands().sync(clients(server), project, query, profile, budget.bytes());
        }
    }

    @Command(
            name = "ls",
            synopsisHeading = "usage: ",
            description = "list the cache: project, asset, profile, bytes, last used, path")
    static final class Ls extends Sub {
        @Option(names = "--project", paramLabel = "P", converter = OptionTypes.Project.class)
        ProjectId project;

        @Override
        public Integer call() {
            return commands().ls(project);
        }
    }

    @Command(
            name = "verify",
            synopsisHeading = "usage: ",
            description = "hash every cached file again; remove (and list) the bad ones")
    static final class Verify extends Sub {
        @Override
        public Integer call() {
            return commands().verify();
        }
    }

    @Command(
            name = "path",
            synopsisHeading = "usage: ",
            description = "print the stable path of an asset's rendition (asks the server when it is not cached yet)")
    static final class PathOf extends Sub {
        @Mixin
        Server server;

        @Parameters(paramLabel = "ASSET_ID", arity = "1", description = "the asset")
        String id;

        @Option(
                names = "--profile",
                paramLabel = "PROFILE",
                defaultValue = StableName.EDIT_PROFILE,
                converter = OptionTypes.Profile.class,
                description = "the rendition (default edit)")
        String profile;

        @Override
        public Integer call() {
            return commands().path(clients(server), new AssetId(id), profile);
        }
    }

    @Command(name = "pin", synopsisHeading = "usage: ", description = "never evict the project's renditions")
    static final class Pin extends Sub {
        @Option(names = "--project", required = true, paramLabel = "P", converter = OptionTypes.Project.class)
        ProjectId project;

        @Override
        public Integer call() {
            return commands().pin(project);
        }
    }

    @Command(name = "unpin", synopsisHeading = "usage: ", description = "let the project's renditions be evicted again")
    static final class Unpin extends Sub {
        @Option(names = "--project", required = true, paramLabel = "P", converter = OptionTypes.Project.class)
        ProjectId project;

        @Override
        public Integer call() {
            return commands().unpin(project);
        }
    }

    @Command(
            name = "serve",
            synopsisHeading = "usage: ",
            description = "serve the localhost API for NLE panels on 127.0.0.1 until interrupted")
    static final class Serve extends Sub {
        @Mixin
        Server server;

        @Mixin
        Budget budget;

        @Option(
                names = "--port",
                paramLabel = "PORT",
                defaultValue = "" + Commands.DEFAULT_PORT,
                description = "the loopback port (default ${DEFAULT-VALUE}; 0: any free port)")
        int port;

        @Override
        public Integer call() {
            return commands().serve(clients(server), port, budget.bytes());
        }
    }
}
