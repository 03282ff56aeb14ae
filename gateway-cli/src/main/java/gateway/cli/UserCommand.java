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
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./gateway user …}: users, grants, tokens and signing keys of a store, changed in place
 * (a running node on the same store sees each change at its next check).
 */
final class UserCommand implements Command {
    @Override
    public String help() {
        return """
                usage: ./gateway user SUBCOMMAND [--store DIR]

                  add NAME [--grant PROJECT=ROLE]... [--password P | --password-stdin]
                                           creates a user (a password is generated and printed when none is given)
                  passwd NAME [--password P | --password-stdin]
                                           sets a new password and revokes the user's tokens
                  disable NAME | enable NAME
                                           a disabled user's calls and live streams stop at their next check
                  grant NAME PROJECT ROLE  ROLE is admin, assistant, editor or viewer
                  revoke NAME PROJECT      removes the user's grant on PROJECT
                  revoke-tokens NAME       revokes every access and refresh token of NAME now
                  api-key NAME [--label L] issues an API key for NAME (shown once) for ExchangeApiKey
                  list [--json]            users, their grants and API keys
                  rotate-keys [--drop-previous]
                                           a new token signing key; previous keys verify until their tokens
                                           expire, or stop at once with --drop-previous (after a leak)

                DIR is the node's store (default ./data); the files are under DIR/security/.""";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(
                "user",
                argv,
                Set.of("store", "grant", "password", "label"),
                Set.of("password-stdin", "json", "drop-previous"));
        List<String> p = a.positionals();
        if (p.isEmpty()) {
            throw GatewayException.invalid("user: give a subcommand (see ./gateway user --help)");
        }
        Path security =
                Path.of(a.option("store").orElse(StoreConfig.DEFAULT_DIR)).resolve("security");
        Clock clock = Clock.systemUTC();
        UserDirectory users = new UserDirectory(security);
        switch (p.get(0)) {
            case "add" -> {
                String name = arg(p, 1, "NAME");
                Map<ProjectId, Role> grants = new LinkedHashMap<>();
                for (String g : a.options("grant")) {
                    int eq = g.indexOf('=');
                    if (eq <= 0) {
                        throw GatewayException.invalid("user: --grant must be PROJECT=ROLE, not '" + g + "'");
                    }
                    grants.put(new ProjectId(g.substring(0, eq)), role(g.substring(eq + 1)));
                }
                String password = password(a);
                boolean generated = password == null;
                if (generated) {
                    password = generate();
                }
                users.add(name, password, grants);
                out.println("added user " + name + (generated ? " with password " + password : ""));
            }
            case "passwd" -> {
                String name = arg(p, 1, "NAME");
                String password = password(a);
                boolean generated = password == null;
                if (generated) {
                    password = generate();
                }
                users.setPassword(name, password);
                revokeTokens(security, clock, name);
                out.println("new password for " + name + (generated ? ": " + password : "") + "; tokens revoked");
            }
            case "disable", "enable" -> {
                String name = arg(p, 1, "NAME");
                users.setDisabled(name, p.get(0).equals("disable"));
                if (p.get(0).equals("disable")) {
                    revokeTokens(security, clock, name);
                }
                out.println(p.get(0) + "d " + name);
            }
            case "grant" -> {
                users.grant(arg(p, 1, "NAME"), new ProjectId(arg(p, 2, "PROJECT")), role(arg(p, 3, "ROLE")));
                out.println("granted " + p.get(3).toLowerCase(Locale.ROOT) + " on " + p.get(2) + " to " + p.get(1));
            }
            case "revoke" -> {
                users.revokeGrant(arg(p, 1, "NAME"), new ProjectId(arg(p, 2, "PROJECT")));
                out.println("revoked " + p.get(1) + "'s grant on " + p.get(2));
            }
            case "revoke-tokens" -> {
                String name = arg(p, 1, "NAME");
                users.user(name).orElseThrow(() -> GatewayException.notFound("no user " + name));
                revokeTokens(security, clock, name);
                out.println("revoked every token of " + name);
            }
            case "api-key" -> {
                String name = arg(p, 1, "NAME");
                users.user(name).orElseThrow(() -> GatewayException.notFound("no user " + name));
                ApiKeys.Created k = new ApiKeys(security, clock)
                        .create(name, a.option("label").orElse(""));
                out.println("API key " + k.key().id() + " for " + name + " (shown once): " + k.secret());
            }
            case "list" -> list(users, new ApiKeys(security, clock), a.flag("json"), out);
            case "rotate-keys" -> {
                Duration keep = a.flag("drop-previous") ? Duration.ZERO : Security.DEFAULT_ACCESS_TOKEN_TTL;
                KeyRing ring = new KeyRing(security, clock);
                KeyRing.SigningKey k = ring.rotate(keep);
                out.println("signing key is now " + k.id() + "; " + (ring.all().size() - 1) + " previous key(s) kept");
            }
            default ->
                throw GatewayException.invalid(
                        "user: unknown subcommand '" + p.get(0) + "' (see ./gateway user --help)");
        }
        return 0;
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

    private static String password(Args a) throws java.io.IOException {
        if (a.flag("password-stdin")) {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return line == null ? "" : line.strip();
        }
        return a.option("password").orElse(null);
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

    static String arg(List<String> p, int i, String what) {
        if (p.size() <= i) {
            throw GatewayException.invalid(p.get(0) + ": " + what + " is missing (see --help)");
        }
        return p.get(i);
    }
}
