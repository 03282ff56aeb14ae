package gateway.cli;

import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.server.auth.ApiKeys;
import gateway.server.auth.KeyRing;
import gateway.server.auth.RefreshTokens;
import gateway.server.auth.RevocationRegistry;
import gateway.server.auth.Role;
import gateway.server.auth.UserDirectory;
import gateway.server.config.Security;
import gateway.server.config.StoreConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./gateway user …}: users, grants, tokens and signing keys of a store, changed in place
 * (a running node on the same store sees each change at its next check).
 */
@Command(
        name = "user",
        description = {
            "Users, passwords, grants, API keys, token revocation, key rotation.",
            "",
            "Users, grants, tokens and signing keys of a store, changed in place (a running node on",
            "the same store sees each change at its next check). DIR is the node's store (default",
            "./data); the files are under DIR/security/."
        },
        subcommands = {
            UserCommand.Add.class,
            UserCommand.Passwd.class,
            UserCommand.Disable.class,
            UserCommand.Enable.class,
            UserCommand.Grant.class,
            UserCommand.Revoke.class,
            UserCommand.RevokeTokens.class,
            UserCommand.ApiKey.class,
            UserCommand.ListUsers.class,
            UserCommand.RotateKeys.class
        })
final class UserCommand extends CliCommand {
    @Spec
    CommandSpec spec;

    @Override
    int run() {
        throw new ParameterException(spec.commandLine(), "give a subcommand (see ./gateway user --help)");
    }

    /** What every {@code user} subcommand shares: {@code --store DIR} and the store's security files. */
    abstract static class OnStore extends CliCommand {
        @Option(names = "--store", paramLabel = "DIR", description = "the node's store (default: ./data)")
        Path store = Path.of(StoreConfig.DEFAULT_DIR);

        final Clock clock = Clock.systemUTC();

        Path security() {
            return store.resolve("security");
        }

        UserDirectory users() {
            return new UserDirectory(security());
        }
    }

    /** {@code --password P | --password-stdin}: none means a generated one. */
    abstract static class WithPassword extends OnStore {
        @Option(
                names = "--password",
                paramLabel = "P",
                description = "the password (default: one is generated and printed)")
        String password;

        @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
        boolean passwordStdin;

        /** The password given, or null when none was. */
        String given() throws java.io.IOException {
            if (passwordStdin) {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                return line == null ? "" : line.strip();
            }
            return password;
        }
    }

    @Command(name = "add", description = "creates a user (a password is generated and printed when none is given)")
    static final class Add extends WithPassword {
        @Parameters(paramLabel = "NAME", description = "the login name")
        String name;

        @Option(
                names = "--grant",
                paramLabel = "PROJECT=ROLE",
                description = "a role on a project (repeatable); ROLE is admin, assistant, editor or viewer")
        List<String> grant = new ArrayList<>();

        @Override
        int run() throws Exception {
            Map<ProjectId, Role> grants = new LinkedHashMap<>();
            for (String g : grant) {
                int eq = g.indexOf('=');
                if (eq <= 0) {
                    throw GatewayException.invalid("user: --grant must be PROJECT=ROLE, not '" + g + "'");
                }
                grants.put(new ProjectId(g.substring(0, eq)), role(g.substring(eq + 1)));
            }
            String p = given();
            boolean generated = p == null;
            if (generated) {
                p = generate();
            }
            users().add(name, p, grants);
            out.println("added user " + name + (generated ? " with password " + p : ""));
            return 0;
        }
    }

    @Command(name = "passwd", description = "sets a new password and revokes the user's tokens")
    static final class Passwd extends WithPassword {
        @Parameters(paramLabel = "NAME", description = "the user")
        String name;

        @Override
        int run() throws Exception {
            String p = given();
            boolean generated = p == null;
            if (generated) {
                p = generate();
            }
            users().setPassword(name, p);
            revokeTokens(security(), clock, name);
            out.println("new password for " + name + (generated ? ": " + p : "") + "; tokens revoked");
            return 0;
        }
    }

    @Command(name = "disable", description = "a disabled user's calls and live streams stop at their next check")
    static final class Disable extends OnStore {
        @Parameters(paramLabel = "NAME", description = "the user")
        String name;

        @Override
        int run() {
            users().setDisabled(name, true);
            revokeTokens(security(), clock, name);
            out.println("disabled " + name);
            return 0;
        }
    }

    @Command(name = "enable", description = "lets a disabled user in again")
    static final class Enable extends OnStore {
        @Parameters(paramLabel = "NAME", description = "the user")
        String name;

        @Override
        int run() {
            users().setDisabled(name, false);
            out.println("enabled " + name);
            return 0;
        }
    }

    @Command(name = "grant", description = "gives NAME the role ROLE on PROJECT")
    static final class Grant extends OnStore {
        @Parameters(index = "0", paramLabel = "NAME", description = "the user")
        String name;

        @Parameters(index = "1", paramLabel = "PROJECT", description = "the project")
        String project;

        @Parameters(
                index = "2",
                paramLabel = "ROLE",
                converter = Converters.RoleName.class,
                completionCandidates = Converters.RoleNames.class,
                description = "admin, assistant, editor or viewer")
        Role role;

        @Override
        int run() {
            users().grant(name, new ProjectId(project), role);
            out.println("granted " + role.name().toLowerCase(Locale.ROOT) + " on " + project + " to " + name);
            return 0;
        }
    }

    @Command(name = "revoke", description = "removes the user's grant on PROJECT")
    static final class Revoke extends OnStore {
        @Parameters(index = "0", paramLabel = "NAME", description = "the user")
        String name;

        @Parameters(index = "1", paramLabel = "PROJECT", description = "the project")
        String project;

        @Override
        int run() {
            users().revokeGrant(name, new ProjectId(project));
            out.println("revoked " + name + "'s grant on " + project);
            return 0;
        }
    }

    @Command(name = "revoke-tokens", description = "revokes every access and refresh token of NAME now")
    static final class RevokeTokens extends OnStore {
        @Parameters(paramLabel = "NAME", description = "the user")
        String name;

        @Override
        int run() {
            users().user(name).orElseThrow(() -> GatewayException.notFound("no user " + name));
            revokeTokens(security(), clock, name);
            out.println("revoked every token of " + name);
            return 0;
        }
    }

    @Command(name = "api-key", description = "issues an API key for NAME (shown once) for ExchangeApiKey")
    static final class ApiKey extends OnStore {
        @Parameters(paramLabel = "NAME", description = "the user")
        String name;

        @Option(names = "--label", paramLabel = "L", description = "what the key is for")
        String label = "";

        @Override
        int run() {
            users().user(name).orElseThrow(() -> GatewayException.notFound("no user " + name));
            ApiKeys.Created k = new ApiKeys(security(), clock).create(name, label);
            out.println("API key " + k.key().id() + " for " + name + " (shown once): " + k.secret());
            return 0;
        }
    }

    @Command(name = "list", description = "users, their grants and API keys")
    static final class ListUsers extends OnStore {
        @Option(names = "--json", description = "{\"users\": [...]} instead of text")
        boolean json;

        @Override
        int run() {
            list(users(), new ApiKeys(security(), clock), json, out);
            return 0;
        }
    }

    @Command(
            name = "rotate-keys",
            description = "a new token signing key; previous keys verify until their tokens expire, "
                    + "or stop at once with --drop-previous (after a leak)")
    static final class RotateKeys extends OnStore {
        @Option(names = "--drop-previous", description = "previous keys stop verifying at once")
        boolean dropPrevious;

        @Override
        int run() {
            Duration keep = dropPrevious ? Duration.ZERO : Security.DEFAULT_ACCESS_TOKEN_TTL;
            KeyRing ring = new KeyRing(security(), clock);
            KeyRing.SigningKey k = ring.rotate(keep);
            out.println("signing key is now " + k.id() + "; " + (ring.all().size() - 1) + " previous key(s) kept");
            return 0;
        }
    }

    private static void revokeTokens(Path security, Clock clock, String name) {
        new RevocationRegistry(security, clock).revokeSubject(name);
        new RefreshTokens(security, Duration.ofHours(1), clock).revokeSubject(name);
    }

    private static void list(UserDirectory users, ApiKeys keys, boolean json, PrintStream out) {
        if (json) {
            var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
            var arr = mapper.createArrayNode();
            for (UserDirectory.User u : users.list()) {
                var o = arr.addObject().put("name", u.name()).put("disabled", u.disabled());
                var g = o.putObject("grants");
                u.grants().forEach((proj, r) -> g.put(proj, r.name().toLowerCase(Locale.ROOT)));
                var k = o.putArray("api_keys");
                keys.list(u.name()).stream().filter(x -> !x.revoked()).forEach(x -> k.add(x.id()));
            }
            out.println(mapper.createObjectNode().set("users", arr).toString());
            return;
        }
        for (UserDirectory.User u : users.list()) {
            StringBuilder line = new StringBuilder(u.name()).append(u.disabled() ? " (disabled)" : "");
            u.grants().forEach((proj, r) -> line.append("  ")
                    .append(proj)
                    .append('=')
                    .append(r.name().toLowerCase(Locale.ROOT)));
            long live = keys.list(u.name()).stream().filter(x -> !x.revoked()).count();
            if (live > 0) {
                line.append("  [").append(live).append(" API key(s)]");
            }
            out.println(line);
        }
    }

    private static String generate() {
        byte[] b = new byte[9];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static Role role(String text) {
        try {
            return Role.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalid("role '" + text + "' is not one of admin, assistant, editor, viewer");
        }
    }
}
