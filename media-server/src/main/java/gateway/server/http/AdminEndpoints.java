package gateway.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.server.auth.Action;
import gateway.server.auth.ApiKeys;
import gateway.server.auth.AuditLog;
import gateway.server.auth.Authenticator;
import gateway.server.auth.Authoriser;
import gateway.server.auth.Principal;
import gateway.server.auth.ProjectRegistry;
import gateway.server.auth.Role;
import gateway.server.auth.UserDirectory;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The REST side of administration, mirroring {@code ./gateway user|project|audit}: users, grants,
 * passwords, projects and the audit log under {@code /api/v1/admin/…} (ADMIN on the projects
 * concerned, checked by the node's {@link Authoriser}), and a caller's own grants, API keys and
 * log-out under {@code /api/v1/auth/…}. Every call is audited: the authoriser's decision, and a
 * line naming what was done (USER_ADD, GRANT, …) on each project it touched.
 */
public final class AdminEndpoints {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY3479".toCharArray();

    private final Authenticator authenticator;
    private final Authoriser authoriser;
    private final ProjectRegistry projects;
    private final AuditLog audit;

    public AdminEndpoints(
            Authenticator authenticator, Authoriser authoriser, ProjectRegistry projects, AuditLog audit) {
        this.authenticator = authenticator;
        this.authoriser = authoriser;
        this.projects = projects;
        this.audit = audit;
    }

    public void routing(HttpRouting.Builder routing) {
        routing.get("/api/v1/admin/users", this::listUsers)
                .post("/api/v1/admin/users", this::addUser)
                .put("/api/v1/admin/users/{name}/grants/{project}", this::grant)
                .delete("/api/v1/admin/users/{name}/grants/{project}", this::revokeGrant)
                .post("/api/v1/admin/users/{name}/disable", (req, res) -> disable(req, res, true))
                .post("/api/v1/admin/users/{name}/enable", (req, res) -> disable(req, res, false))
                .post("/api/v1/admin/users/{name}/password", this::resetPassword)
                .post("/api/v1/admin/users/{name}/revoke-tokens", this::revokeTokens)
                .get("/api/v1/admin/projects", this::listProjects)
                .post("/api/v1/admin/projects", this::addProject)
                .get("/api/v1/admin/audit", this::audit)
                .get("/api/v1/auth/me", this::me)
                .get("/api/v1/auth/api-keys", this::listKeys)
                .post("/api/v1/auth/api-keys", this::createKey)
                .delete("/api/v1/auth/api-keys/{id}", this::revokeKey)
                .post("/api/v1/auth/logout", this::logout);
    }

    /** The users who hold a grant on a project the caller administers, with those grants only (and the caller). */
    private void listUsers(ServerRequest req, ServerResponse res) {
        Principal who = caller(req).principal();
        List<ProjectId> administered = requireAdminOfSome(who, "list users");
        ArrayNode arr = JSON.createArrayNode();
        for (UserDirectory.User u : users().list()) {
            ObjectNode grants = JSON.createObjectNode();
            u.grants().forEach((p, r) -> {
                if (administered.contains(new ProjectId(p))) {
                    grants.put(p, roleName(r));
                }
            });
            if (!grants.isEmpty() || u.name().equals(who.subject())) {
                arr.addObject()
                        .put("name", u.name())
                        .put("disabled", u.disabled())
                        .set("grants", grants);
            }
        }
        done(who, "LIST_USERS", administered, "users");
        HttpEndpoints.sendJson(res, JSON.createObjectNode().set("users", arr));
    }

    /** {@code {"name", "password"?, "grants": {P: role}}}; without a password one is generated and answered once. */
    private void addUser(ServerRequest req, ServerResponse res) {
        Principal who = caller(req).principal();
        JsonNode body = HttpEndpoints.body(req);
        Map<ProjectId, Role> grants = new LinkedHashMap<>();
        body.path("grants")
                .properties()
                .forEach(e -> grants.put(project(e.getKey()), role(e.getValue().asText())));
        if (grants.isEmpty()) {
            throw GatewayException.invalid(
                    "a new user needs at least one grant ({\"grants\": {\"PROJECT\": \"ROLE\"}})");
        }
        grants.keySet().forEach(p -> authoriser.requireOnProject(who, Action.ADMINISTER, p));
        String name = body.path("name").asText("");
        String given = body.path("password").asText("");
        String password = given.isEmpty() ? newPassword() : given;
        users().add(name, password, grants);
        done(who, "USER_ADD", List.copyOf(grants.keySet()), "user " + name);
        ObjectNode out = JSON.createObjectNode().put("name", name);
        if (given.isEmpty()) {
            out.put("password", password);
        }
        res.status(201);
        HttpEndpoints.sendJson(res, out);
    }

    private void grant(ServerRequest req, ServerResponse res) {
        Principal who = caller(req).principal();
        ProjectId project = project(req.path().pathParameters().get("project"));
        authoriser.requireOnProject(who, Action.ADMINISTER, project);
        Role role = role(HttpEndpoints.body(req).path("role").asText());
        String name = req.path().pathParameters().get("name");
        users().grant(name, project, role);
        done(who, "GRANT", List.of(project), "user " + name + " " + roleName(role));
        HttpEndpoints.sendJson(
                res,
                JSON.createObjectNode()
                        .put("name", name)
                        .put("project", project.value())
                        .put("role", roleName(role)));
    }

    private void revokeGrant(ServerRequest req, ServerResponse res) {
        Principal who = caller(req).principal();
        ProjectId project = project(req.path().pathParameters().get("project"));
        authoriser.requireOnProject(who, Action.ADMINISTER, project);
        String name = req.path().pathParameters().get("name");
        users().revokeGrant(name, project);
        done(who, "REVOKE_GRANT", List.of(project), "user " + name);
        res.status(204).send();
    }

    private void disable(ServerRequest req, ServerResponse res, boolean disabled) {
        Principal who = caller(req).principal();
        String name = req.path().pathParameters().get("name");
        List<ProjectId> touched = requireAdminOfEveryGrant(who, name);
        if (name.equals(who.subject()) && disabled) {
            throw GatewayException.invalid("you cannot disable yourself");
        }
        users().setDisabled(name, disabled);
        if (disabled) {
            authenticator.revokeSubject(name, who.subject());
        }
        done(who, disabled ? "USER_DISABLE" : "USER_ENABLE", touched, "user " + name);
        HttpEndpoints.sendJson(res, JSON.createObjectNode().put("name", name).put("disabled", disabled));
    }

    /** {@code {"password"?}}: a new password (generated and answered once when none is given); the user's tokens are revoked. */
    private void resetPassword(ServerRequest req, ServerResponse res) {
        Principal who = caller(req).principal();
        String name = req.path().pathParameters().get("name");
        List<ProjectId> touched = requireAdminOfEveryGrant(who, name);
        String body = req.content().hasEntity() ? req.content().as(String.class) : "";
        String given =
                body.isBlank() ? "" : HttpEndpoints.json(body).path("password").asText("");
        String password = given.isEmpty() ? newPassword() : given;
        users().setPassword(name, password);
        authenticator.revokeSubject(name, who.subject());
        done(who, "USER_PASSWORD", touched, "user " + name);
        ObjectNode out = JSON.createObjectNode().put("name", name).put("tokens_revoked", true);
        if (given.isEmpty()) {
            out.put("password", password);
        }
        HttpEndpoints.sendJson(res, out);
    }

    private void revokeTokens(ServerRequest req, ServerResponse res) {
        Principal who = caller(req).principal();
        String name = req.path().pathParameters().get("name");
        List<ProjectId> touched = name.equals(who.subject()) ? List.of() : requireAdminOfEveryGrant(who, name);
        authenticator.revokeSubject(name, who.subject());
        done(who, "USER_REVOKE_TOKENS", touched, "user " + name);
        res.status(204).send();
    }

    /** The projects the caller may read, with its role on each and what the registry knows of them. */
    private void listProjects(ServerRequest req, ServerResponse res) {
        Principal who = caller(req).principal();
        Map<ProjectId, ProjectRegistry.Project> registered = new LinkedHashMap<>();
        projects.list().forEach(p -> registered.put(p.id(), p));
        ArrayNode arr = JSON.createArrayNode();
        who.grants().entrySet().stream()
                .sorted(Map.Entry.comparingByKey((a, b) -> a.value().compareTo(b.value())))
                .forEach(g -> {
                    ObjectNode o =
                            arr.addObject().put("project", g.getKey().value()).put("role", roleName(g.getValue()));
                    ProjectRegistry.Project p = registered.get(g.getKey());
                    o.put("description", p == null ? "" : p.description())
                            .put("created_by", p == null ? null : p.createdBy())
                            .put("created", p == null ? null : p.created().toString());
                });
        done(who, "LIST_PROJECTS", List.of(), "projects");
        HttpEndpoints.sendJson(res, JSON.createObjectNode().set("projects", arr));
    }

    /** A caller who administers any project may create one; they become its first admin. */
    private void addProject(ServerRequest req, ServerResponse res) {
        Principal who = caller(req).principal();
        requireAdminOfSome(who, "create projects");
        JsonNode body = HttpEndpoints.body(req);
        ProjectId id = project(body.path("project").asText(""));
        projects.add(id, body.path("description").asText(""), who.subject());
        users().grant(who.subject(), id, Role.ADMIN);
        done(who, "PROJECT_ADD", List.of(id), "project " + id);
        res.status(201);
        HttpEndpoints.sendJson(res, JSON.createObjectNode().put("project", id.value()));
    }

    /**
     * {@code ?project=P[&actor=NAME][&action=A][&outcome=allow|deny][&from=T][&to=T][&limit=N]}: that
     * project's audit lines, newest first, and whether the whole chain verifies.
     */
    private void audit(ServerRequest req, ServerResponse res) {
        Principal who = caller(req).principal();
        ProjectId project = project(req.query()
                .first("project")
                .orElseThrow(() -> GatewayException.invalid("give ?project=P: audit entries are shown per project")));
        AuditFilter filter = AuditFilter.of(req.query());
        authoriser.requireOnProject(who, Action.ADMINISTER, project);
        ObjectNode out = JSON.createObjectNode();
        out.set("chain", chainStatus());
        List<AuditLog.Entry> matching = new ArrayList<>();
        for (AuditLog.Entry e : AuditLog.read(audit.file())) {
            if (e.project().equals(project.value()) && filter.matches(e)) {
                matching.add(e);
            }
        }
        ArrayNode arr = out.putArray("entries");
        for (int i = matching.size() - 1; i >= 0 && arr.size() < filter.limit(); i--) {
            arr.add(entryJson(matching.get(i)));
        }
        out.put("matched", matching.size());
        HttpEndpoints.sendJson(res, out);
    }

    private ObjectNode chainStatus() {
        audit.sync();
        ObjectNode chain = JSON.createObjectNode();
        try {
            chain.put("intact", true).put("lines", AuditLog.verify(audit.file()));
        } catch (GatewayException e) {
            chain.put("intact", false).put("problem", e.getMessage());
        }
        return chain;
    }

    private static ObjectNode entryJson(AuditLog.Entry e) {
        ObjectNode o = JSON.createObjectNode()
                .put("line", e.line())
                .put("time", e.time())
                .put("actor", e.subject())
                .put("action", e.action())
                .put("project", e.project())
                .put("target", e.target())
                .put("outcome", e.allowed() ? "allow" : "deny")
                .put("detail", e.detail());
        if (e.call() != null) {
            o.put("request", e.call().requestId())
                    .put("session", e.call().session())
                    .put("client", e.call().clientAddress())
                    .put("range", e.call().byteRange());
        }
        return o;
    }

    /** Who the caller is and its grants, so a client can tell what to offer (the node still decides every call). */
    private void me(ServerRequest req, ServerResponse res) {
        Principal who = caller(req).principal();
        ObjectNode out = JSON.createObjectNode().put("subject", who.subject());
        ObjectNode grants = out.putObject("grants");
        new TreeMap<>(who.grants().entrySet().stream()
                        .collect(java.util.stream.Collectors.toMap(
                                g -> g.getKey().value(), Map.Entry::getValue)))
                .forEach((p, r) -> grants.put(p, roleName(r)));
        ArrayNode admin = out.putArray("administers");
        administered(who).stream().map(ProjectId::value).sorted().forEach(admin::add);
        done(who, "WHOAMI", List.of(), "user " + who.subject());
        HttpEndpoints.sendJson(res, out);
    }

    private void listKeys(ServerRequest req, ServerResponse res) {
        Principal who = caller(req).principal();
        ArrayNode arr = JSON.createArrayNode();
        for (ApiKeys.ApiKey k : authenticator.apiKeys().list(who.subject())) {
            arr.addObject()
                    .put("id", k.id())
                    .put("label", k.label())
                    .put("created", k.created().toString())
                    .put("revoked", k.revoked());
        }
        done(who, "LIST_API_KEYS", List.of(), "user " + who.subject());
        HttpEndpoints.sendJson(res, JSON.createObjectNode().set("api_keys", arr));
    }

    private void createKey(ServerRequest req, ServerResponse res) {
        Principal who = caller(req).principal();
        ApiKeys.Created k = authenticator
                .apiKeys()
                .create(who.subject(), HttpEndpoints.body(req).path("label").asText(""));
        done(who, "API_KEY_CREATE", List.of(), "api-key " + k.key().id());
        res.status(201);
        HttpEndpoints.sendJson(
                res,
                JSON.createObjectNode()
                        .put("id", k.key().id())
                        .put("label", k.key().label())
                        .put("api_key", k.secret()));
    }

    private void revokeKey(ServerRequest req, ServerResponse res) {
        Principal who = caller(req).principal();
        String id = req.path().pathParameters().get("id");
        boolean own = authenticator.apiKeys().list(who.subject()).stream().anyMatch(k -> k.id().equals(id));
        if (!own) {
            audit.record(who.subject(), "API_KEY_REVOKE", "", "api-key " + id, false, "not one of the caller's keys");
            throw GatewayException.notFound("no API key " + id + " of yours");
        }
        authenticator.apiKeys().revoke(id);
        done(who, "API_KEY_REVOKE", List.of(), "api-key " + id);
        res.status(204).send();
    }

    /** Revokes the access token and, given {@code {"refresh_token": …}}, that login's refresh tokens. */
    private void logout(ServerRequest req, ServerResponse res) {
        Authenticator.Caller caller = caller(req);
        String body = req.content().hasEntity() ? req.content().as(String.class) : "";
        String refresh = body.isBlank()
                ? null
                : HttpEndpoints.json(body).path("refresh_token").asText(null);
        authenticator.logout(caller.credential(), refresh);
        res.status(204).send();
    }

    /** The projects whose grants the change touches; PERMISSION_DENIED (audited) unless the caller administers all of them. */
    private List<ProjectId> requireAdminOfEveryGrant(Principal who, String name) {
        UserDirectory.User u = users().user(name).orElseThrow(() -> GatewayException.notFound("no user " + name));
        if (u.grants().isEmpty()) {
            requireAdminOfSome(who, "change user " + name);
        }
        List<ProjectId> touched =
                u.grants().keySet().stream().map(ProjectId::new).toList();
        touched.forEach(p -> authoriser.requireOnProject(who, Action.ADMINISTER, p));
        return touched;
    }

    /** The projects the caller administers; PERMISSION_DENIED (audited) when there are none. */
    private List<ProjectId> requireAdminOfSome(Principal who, String what) {
        List<ProjectId> administered = administered(who);
        if (administered.isEmpty()) {
            audit.record(who.subject(), Action.ADMINISTER.name(), "", what, false, "administers no project");
            throw new GatewayException(
                    Reason.PERMISSION_DENIED,
                    who.subject() + " administers no project and may not " + what
                            + " (that needs the admin role on a project)");
        }
        return administered;
    }

    /** One audit line per project the change touched (so each project's admins see it), or one without a project. */
    private void done(Principal who, String action, List<ProjectId> touched, String target) {
        if (touched.isEmpty()) {
            audit.record(who.subject(), action, "", target, true);
        }
        touched.forEach(p -> audit.record(who.subject(), action, p.value(), target, true));
    }

    static List<ProjectId> administered(Principal who) {
        return who.readable().stream()
                .filter(p -> who.may(Action.ADMINISTER, p))
                .sorted((a, b) -> a.value().compareTo(b.value()))
                .toList();
    }

    private Authenticator.Caller caller(ServerRequest req) {
        return HttpEndpoints.authenticated(authenticator, req);
    }

    private UserDirectory users() {
        return authenticator.users();
    }

    private static ProjectId project(String text) {
        if (!ProjectId.isValid(text)) {
            throw GatewayException.invalid("'" + text + "' is not a project id");
        }
        return new ProjectId(text);
    }

    private static String roleName(Role r) {
        return r.name().toLowerCase(Locale.ROOT);
    }

    private static Role role(String text) {
        try {
            return Role.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalid("role '" + text + "' is not one of admin, assistant, editor, viewer");
        }
    }

    private static String newPassword() {
        char[] out = new char[20];
        for (int i = 0; i < out.length; i++) {
            out[i] = PASSWORD_ALPHABET[RANDOM.nextInt(PASSWORD_ALPHABET.length)];
        }
        return new String(out);
    }
}
