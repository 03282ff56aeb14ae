package gateway.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Users, their password hashes and their grants, in {@code <store>/security/users.json}, shared
 * with the {@code ./gateway user …} commands (see {@link StateFile}: changes made by another
 * process are seen at the next look-up). Passwords are hashed with scrypt; a PBKDF2 hash from an
 * older file is replaced by an scrypt one at the next successful login.
 */
public final class UserDirectory {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MIN_PASSWORD_CHARS = 8;

    /** One user as stored. */
    public record User(String name, PasswordHash password, Map<String, Role> grants, boolean disabled) {
        public User {
            grants = Map.copyOf(grants);
        }

        Principal principal() {
            Map<ProjectId, Role> g = new LinkedHashMap<>();
            grants.forEach((p, r) -> g.put(new ProjectId(p), r));
            return new Principal(name, g);
        }
    }

    private final StateFile file;
    private final ScryptParams params;
    private volatile PasswordHash decoy;

    public UserDirectory(Path securityDir) {
        this(securityDir, ScryptParams.DEFAULT);
    }

    /** {@code params}: the cost of new hashes; older or cheaper hashes are upgraded at login. */
    public UserDirectory(Path securityDir, ScryptParams params) {
        this.file = new StateFile(securityDir.resolve("users.json"));
        this.params = params;
        all(); // fail at start, naming the file, when it cannot be read
    }

    public Optional<User> user(String name) {
        return Optional.ofNullable(all().get(name));
    }

    /** Every user, by name. */
    public List<User> list() {
        return new ArrayList<>(all().values());
    }

    /** Creates or replaces a user with a new password. */
    public void put(String name, String password, Map<ProjectId, Role> grants) {
        requireName(name);
        User u = new User(name, PasswordHash.create(requirePassword(password), params), names(grants), false);
        file.update(root -> with(root, u));
    }

    /** Creates a user; ALREADY_EXISTS when the name is taken. */
    public void add(String name, String password, Map<ProjectId, Role> grants) {
        requireName(name);
        User u = new User(name, PasswordHash.create(requirePassword(password), params), names(grants), false);
        file.update(root -> {
            if (users(root).containsKey(name)) {
                throw new GatewayException(Reason.ALREADY_EXISTS, "user " + name + " already exists");
            }
            return with(root, u);
        });
    }

    public void setPassword(String name, String password) {
        PasswordHash h = PasswordHash.create(requirePassword(password), params);
        change(name, u -> new User(u.name(), h, u.grants(), u.disabled()));
    }

    public void setDisabled(String name, boolean disabled) {
        change(name, u -> new User(u.name(), u.password(), u.grants(), disabled));
    }

    public void grant(String name, ProjectId project, Role role) {
        change(name, u -> {
            Map<String, Role> g = new TreeMap<>(u.grants());
            g.put(project.value(), role);
            return new User(u.name(), u.password(), g, u.disabled());
        });
    }

    /** Removes the user's grant on {@code project}; NOT_FOUND when there is none. */
    public void revokeGrant(String name, ProjectId project) {
        change(name, u -> {
            if (!u.grants().containsKey(project.value())) {
                throw GatewayException.notFound("user " + name + " has no grant on project " + project);
            }
            Map<String, Role> g = new TreeMap<>(u.grants());
            g.remove(project.value());
            return new User(u.name(), u.password(), g, u.disabled());
        });
    }

    /** The principal for these credentials, or empty when they are wrong (constant-time compare). */
    public Optional<Principal> authenticate(String name, String password) {
        User u = name == null ? null : all().get(name);
        if (u == null) {
            decoy().matches(password); // as slow as a real user, so timing does not reveal names
            return Optional.empty();
        }
        if (!u.password().matches(password) || u.disabled()) {
            return Optional.empty();
        }
        if (u.password().needsUpgrade(params)) {
            upgrade(u, password);
        }
        return Optional.of(u.principal());
    }

    /** The current grants of a user, or empty when the user is gone or disabled. */
    public Optional<Principal> principal(String name) {
        User u = all().get(name);
        return u == null || u.disabled() ? Optional.empty() : Optional.of(u.principal());
    }

    /** Replaces an old or cheap hash with a current scrypt one, unless the password changed meanwhile. */
    private void upgrade(User seen, String password) {
        PasswordHash h = PasswordHash.create(password, params);
        file.update(root -> {
            User now = users(root).get(seen.name());
            if (now == null || !now.password().equals(seen.password())) {
                return root;
            }
            return with(root, new User(now.name(), h, now.grants(), now.disabled()));
        });
    }

    private void change(String name, java.util.function.UnaryOperator<User> f) {
        file.update(root -> {
            User u = users(root).get(name);
            if (u == null) {
                throw GatewayException.notFound("no user " + name);
            }
            return with(root, f.apply(u));
        });
    }

    private PasswordHash decoy() {
        PasswordHash d = decoy;
        if (d == null) {
            d = PasswordHash.create("decoy-password-never-matches", params);
            decoy = d;
        }
        return d;
    }

    private Map<String, User> all() {
        return file.view("users", r -> Collections.unmodifiableMap(users(r)));
    }

    /** The users of a document in either format: {@code {"users": {...}}}, or the older flat PBKDF2 map. */
    private static Map<String, User> users(ObjectNode root) {
        Map<String, User> out = new TreeMap<>();
        boolean current = root.has("users");
        JsonNode table = current ? root.get("users") : root;
        for (Iterator<Map.Entry<String, JsonNode>> it = table.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode n = e.getValue();
            try {
                PasswordHash h = current
                        ? JSON.treeToValue(n.get("password"), PasswordHash.class)
                        : new PasswordHash(
                                PasswordHash.PBKDF2,
                                null,
                                n.path("iterations").asInt(),
                                n.path("salt").asText(),
                                n.path("hash").asText());
                Map<String, Role> grants = new TreeMap<>();
                n.path("grants")
                        .fields()
                        .forEachRemaining(g ->
                                grants.put(g.getKey(), Role.valueOf(g.getValue().asText())));
                out.put(
                        e.getKey(),
                        new User(e.getKey(), h, grants, n.path("disabled").asBoolean(false)));
            } catch (java.io.IOException | IllegalArgumentException | NullPointerException ex) {
                throw new GatewayException(
                        Reason.CORRUPT, "user " + e.getKey() + " in users.json cannot be read: " + ex.getMessage(), ex);
            }
        }
        return out;
    }

    private static ObjectNode with(ObjectNode root, User u) {
        Map<String, User> all = users(root);
        all.put(u.name(), u);
        ObjectNode out = JSON.createObjectNode();
        ObjectNode table = out.putObject("users");
        all.forEach((name, user) -> table.set(name, JSON.valueToTree(user)));
        return out;
    }

    private static Map<String, Role> names(Map<ProjectId, Role> grants) {
        Map<String, Role> g = new TreeMap<>();
        grants.forEach((p, r) -> g.put(p.value(), r));
        return g;
    }

    private static void requireName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9._@-]{1,64}")) {
            throw GatewayException.invalid("user name '" + name + "' must be 1-64 letters, digits or . _ @ -");
        }
    }

    private static String requirePassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD_CHARS) {
            throw GatewayException.invalid("a password must have at least " + MIN_PASSWORD_CHARS + " characters");
        }
        return password;
    }
}
