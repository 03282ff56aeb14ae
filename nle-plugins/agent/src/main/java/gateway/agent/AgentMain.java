package gateway.agent;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * {@code gateway agent COMMAND [ARGS]}: the editor-side agent. Exit status 0 on success, 2 for a
 * usage error, 1 for any other failure, with a one-line reason on standard error.
 */
public final class AgentMain {
    private static final Set<String> COMMON = Set.of("home", "cache");
    private static final Set<String> SERVER = Set.of("home", "cache", "server", "token", "ca");

    /** One command: its name, its usage, what it accepts, and what runs it. */
    private record Command(
            String name, String usage, String summary, Set<String> options, Set<String> flags, Handler handler) {}

    @FunctionalInterface
    private interface Handler {
        int run(Commands commands, Args args);
    }

    private static final List<Command> COMMANDS = List.of(
            new Command(
                    "login",
                    "login --server HOST:PORT (--user U (--password P | --password-stdin) | --token T) [--ca PEM]",
                    "log in and keep the session in <home>/session.json (mode 600)",
                    Set.of("home", "cache", "server", "ca", "user", "password", "token"),
                    Set.of("password-stdin"),
                    Commands::login),
            new Command("logout", "logout", "forget the stored session", COMMON, Set.of(), Commands::logout),
            new Command(
                    "search",
                    "search [QUERY...] [--project P] [--limit N]",
                    "search the catalogue; one tab-separated line per hit, with its cached path or '-'",
                    plus(SERVER, "project", "limit"),
                    Set.of(),
                    Commands::search),
            new Command(
                    "fetch",
                    "fetch ASSET_ID... [--profile edit] [--max-cache-bytes N]",
                    "download renditions into the cache (resuming interrupted downloads); prints each stable path",
                    plus(SERVER, "profile", "max-cache-bytes"),
                    Set.of(),
                    Commands::fetch),
            new Command(
                    "sync",
                    "sync --project P [--query Q] [--profile edit] [--max-cache-bytes N]",
                    "fetch every matching asset's rendition not yet cached, one progress line per asset",
                    plus(SERVER, "project", "query", "profile", "max-cache-bytes"),
                    Set.of(),
                    Commands::sync),
            new Command(
                    "ls",
                    "ls [--project P]",
                    "list the cache: project, asset, profile, bytes, last used, path",
                    plus(COMMON, "project"),
                    Set.of(),
                    Commands::ls),
            new Command(
                    "verify",
                    "verify",
                    "hash every cached file again; remove (and list) the bad ones",
                    COMMON,
                    Set.of(),
                    Commands::verify),
            new Command(
                    "path",
                    "path ASSET_ID [--profile edit]",
                    "print the stable path of an asset's rendition (asks the server when it is not cached yet)",
                    plus(SERVER, "profile"),
                    Set.of(),
                    Commands::path),
            new Command(
                    "pin",
                    "pin --project P",
                    "never evict the project's renditions",
                    plus(COMMON, "project"),
                    Set.of(),
                    Commands::pin),
            new Command(
                    "unpin",
                    "unpin --project P",
                    "let the project's renditions be evicted again",
                    plus(COMMON, "project"),
                    Set.of(),
                    Commands::unpin),
            new Command(
                    "serve",
                    "serve [--port " + Commands.DEFAULT_PORT + "] [--max-cache-bytes N]",
                    "serve the localhost API for NLE panels on 127.0.0.1 until interrupted",
                    plus(SERVER, "port", "max-cache-bytes"),
                    Set.of(),
                    Commands::serve));

    private final Path defaultHome;
    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;
    private final Clock clock;

    /** {@code defaultHome} is where session.json and cache/ live unless {@code --home} says otherwise. */
    public AgentMain(Path defaultHome, PrintStream out, PrintStream err, InputStream in, Clock clock) {
        this.defaultHome = defaultHome;
        this.out = out;
        this.err = err;
        this.in = in;
        this.clock = clock;
    }

    public static void main(String[] argv) {
        Path home = Path.of(System.getProperty("user.home"), ".gateway-agent");
        System.exit(new AgentMain(home, System.out, System.err, System.in, Clock.systemUTC()).run(argv));
    }

    /** Runs one command and returns its exit status. */
    public int run(String... argv) {
        if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("help")) {
            usage(out);
            return 0;
        }
        Command command = COMMANDS.stream()
                .filter(c -> c.name().equals(argv[0]))
                .findFirst()
                .orElse(null);
        if (command == null) {
            err.println("gateway agent: unknown command '" + argv[0] + "' (try --help)");
            return 2;
        }
        try {
            Args args = Args.parse(Arrays.asList(argv).subList(1, argv.length), command.options(), command.flags());
            if (args.has(Args.HELP)) {
                out.println("usage: gateway agent " + command.usage());
                out.println("  " + command.summary());
                out.println(
                        "  every command also takes --home DIR (default ~/.gateway-agent) and --cache DIR (default <home>/cache)");
                return 0;
            }
            return command.handler().run(new Commands(args, defaultHome, out, err, in, clock), args);
        } catch (GatewayException e) {
            err.println("gateway agent " + command.name() + ": " + oneLine(e.getMessage()));
            return e.reason() == Reason.INVALID_ARGUMENT ? 2 : 1;
        } catch (RuntimeException e) {
            err.println("gateway agent " + command.name() + ": internal error: " + oneLine(String.valueOf(e)));
            return 1;
        }
    }

    private static void usage(PrintStream to) {
        to.println("usage: gateway agent COMMAND [ARGS]   (COMMAND --help for details)");
        for (Command c : COMMANDS) {
            to.printf("  %-8s %s%n", c.name(), c.summary());
        }
    }

    static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    private static Set<String> plus(Set<String> base, String... more) {
        var all = new java.util.HashSet<>(base);
        all.addAll(List.of(more));
        return Set.copyOf(all);
    }
}
