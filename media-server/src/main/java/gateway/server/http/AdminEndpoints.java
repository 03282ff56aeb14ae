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
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The REST side of administration, mirroring {@code ./gateway user|project|audit}: users and
 * grants under {@code /api/v1/admin/…} (ADMIN on the projects concerned; every decision audited),
 * and a caller's own API keys and log-out under {@code /api/v1/auth/…}.
 */
public final class AdminEndpoints {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Authenticator authenticator;
    private final Authoriser authoriser;
    private final ProjectRegistry projects;
    private final Path auditFile;

    public AdminEndpoints(
            Authenticator authenticator, Authoriser authoriser, ProjectRegistry projects, Path auditFile) {
        this.authenticator = authenticator;
        this.authoriser = authoriser;
        this.projects = projects;
        this.auditFile = auditFile;
    }

    public void routing(HttpRouting.Builder routing) {
        routing.get("/api/v1/admin/users", this::listUsers)
                .post("/api/v1/admin/users", this::addUser)
                .put("/api/v1/admin/users/{name}/grants/{project}", this::grant)
                .delete("/api/v1/admin/users/{name}/grants/{project}", this::revokeGrant)
                .post("/api/v1/admin/users/{name}/disable", (req, res) -> disable(req, res, true))
                .post("/api/v1/admin/users/{name}/enable", (req, res) -> disable(req, res, false))
                .post("/api/v1/admin/users/{name}/revoke-tokens", this::revokeTokens)
                .get("/api/v1/admin/projects", this::listProjects)
                .post("/api/v1/admin/projects", this::addProject)
                .get("/api/v1/admin/audit", this::audit)
                .get("/api/v1/auth/api-keys", this::listKeys)
                .post("/api/v1/auth/api-keys", this::createKey)
                .delete("/api/v1/auth/api-keys/{id}", this::revokeKey)
                .post("/api/v1/auth/logout", this::logout);
    }

    private void listUsers(ServerRequest req, ServerResponse res) {
        Principal who = caller(req).principal();
        List<ProjectId> administered = administered(who);
        if (administered.isEmpty()) {
            throw denied(who, "list users");
        }
        ArrayNode arr = JSON.createArrayNode();
        for (UserDirectory.User u : users().list()) {
            ObjectNode grants = JSON.createObjectNode();
            u.grants().forEach((p, r) -> {
                if (administered.contains(new ProjectId(p))) {
                    grants.put(p, r.name());
                }
            });
            if (!grants.isEmpty() || u.name().equals(who.subject())) {
                arr.addObject()
                        .put("name", u.name())
                        .put("disabled", u.disabled())
                        .set("grants", grants);
            }
        }
        HttpEndpoints.sendJson(res, JSON.createObjectNode().set("users", arr));
    }

    private void addUser(ServerRequest req, ServerResponse res) {
        Principal who = caller(req).principal();
        JsonNode body = HttpEndpoints.body(req);
        Map<ProjectId, Role> grants = new LinkedHashMap<>();
        body.path("grants")
                .properties()
                .forEach(e ->
                        grants.put(new ProjectId(e.getKey()), role(e.getValue().asText())));
        if (grants.isEmpty()) {
            throw GatewayException.invalid(
                    "a new user needs at least one grant ({\"grants\": {\"PROJECT\": \"ROLE\"}})");
        }
        grants.keySet().forEach(p -> authoriser.requireOnProject(who, Action.ADMINISTER, p));
        String name = body.path("name").asText();
        users().add(name, body.path("password").asText(), grants);
        res.status(201);
        HttpEndpoints.sendJson(res, JSON.createObjectNode().put("name", name));
    }

    private void grant(ServerRequest req, ServerResponse res) {
        Principal who = caller(req).principal();
        ProjectId project = new ProjectId(req.path().pathParameters().get("project"));
        authoriser.requireOnProject(who, Action.ADMINISTER, project);
        Role role = role(HttpEndpoints.body(req).path("role").asText());
        users().grant(req.path().pathParameters().get("name"), project, role);
        HttpEndpoints.sendJson(
                res, JSON.createObjectNode().put("project", project.value()).put("role", role.name()));
    }

    private void revokeGrant(ServerRequest req, ServerResponse res) {
        Principal who = caller(req).principal();
        ProjectId project = new ProjectId(req.path().pathParameters().get("project"));
        authoriser.requireOnProject(who, Action.ADMINISTER, project);
        users().revokeGrant(req.path().pathParameters().get("name"), project);
        res.status(204).send();
    }

    private void disable(ServerRequest req, ServerResponse res, boolean disabled) {
        Principal who = caller(req).principal();
        String name = req.path().pathParameters().get("name");
        requireAdminOfEveryGrant(who, name);
        if (name.equals(who.subject()) && disabled) {
            throw GatewayException.invalid("you cannot disable yourself");
        }
        users().setDisabled(name, disabled);
        if (disabled) {
            authenticator.revokeSubject(name, who.subject());
        }
        HttpEndpoints.sendJson(res, JSON.createObjectNode().put("name", name).put("disabled", disabled));
    }

    private void revokeTokens(ServerRequest req, ServerResponse res) {
        Principal who = caller(req).principal();
        String name = req.path().pathParameters().get("name");
        if (!name.equals(who.subject())) {
            requireAdminOfEveryGrant(who, name);
        }
        authenticator.revokeSubject(name, who.subject());
        res.status(204).send();
    }

    private void listProjects(ServerRequest req, ServerResponse res) {
        Principal who = caller(req).principal();
        ArrayNode arr = JSON.createArrayNode();
        for (ProjectRegistry.Project p : projects.list()) {
            if (who.readable().contains(p.id())) {
                arr.addObject()
                        .put("project", p.id().value())
                        .put("description", p.description())
                        .put("created_by", p.createdBy())
                        .put("created", p.created().toString());
            }
        }
        HttpEndpoints.sendJson(res, JSON.createObjectNode().set("projects", arr));
    }

    /** A caller who administers any project may create one; they become its first admin. */
    private void addProject(ServerRequest req, ServerResponse res) {
        Principal who = caller(req).principal();
        if (administered(who).isEmpty()) {
            throw denied(who, "create projects");
        }
        JsonNode body = HttpEndpoints.body(req);
        ProjectId id = new ProjectId(body.path("project").asText());
        projects.add(id, body.path("description").asText(""), who.subject());
        users().grant(who.subject(), id, Role.ADMIN);
        res.status(201);
        HttpEndpoints.sendJson(res, JSON.createObjectNode().put("project", id.value()));
    }

    private void audit(ServerRequest req, ServerResponse res) {
        Principal who = caller(req).principal();
        ProjectId project = new ProjectId(req.query()
                .first("project")
                .orElseThrow(() -> GatewayException.invalid("give ?project=P: audit entries are shown per project")));
        authoriser.requireOnProject(who, Action.ADMINISTER, project);
        ArrayNode arr = JSON.createArrayNode();
        for (AuditLog.Entry e : AuditLog.read(auditFile)) {
            if (e.project().equals(project.value())) {
                arr.add(JSON.valueToTree(e));
            }
        }
        HttpEndpoints.sendJson(res, JSON.createObjectNode().set("entries", arr));
    }

    private void listKeys(ServerRequest req, ServerResponse res) {
        Principal who = caller(req).principal();
        ArrayNode arr = JSON.createArrayNode();
        authenticator.apiKeys().list(who.subject()).forEach(k -> arr.add(JSON.valueToTree(k)));
        HttpEndpoints.sendJson(res, JSON.createObjectNode().set("api_keys", arr));
    }

    private void createKey(ServerRequest req, ServerResponse res) {
        Principal who = caller(req).principal();
        ApiKeys.Created k = authenticator
                .apiKeys()
                .create(who.subject(), HttpEndpoints.body(req).path("label").asText(""));
        res.status(201);
        HttpEndpoints.sendJson(
                res, JSON.createObjectNode().put("id", k.key().id()).put("api_key", k.secret()));
    }

    private void revokeKey(ServerRequest req, ServerResponse res) {
        Principal who = caller(req).principal();
        String id = req.path().pathParameters().get("id");
        boolean own = authenticator.apiKeys().list(who.subject()).stream().anyMatch(k -> k.id().equals(id));
        if (!own) {
            throw GatewayException.notFound("no API key " + id);
        }
        authenticator.apiKeys().revoke(id);
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

    private void requireAdminOfEveryGrant(Principal who, String name) {
        UserDirectory.User u = users().user(name).orElseThrow(() -> GatewayException.notFound("no user " + name));
        if (u.grants().isEmpty() && administered(who).isEmpty()) {
            throw denied(who, "change user " + name);
        }
        u.grants().keySet().forEach(p -> authoriser.requireOnProject(who, Action.ADMINISTER, new ProjectId(p)));
    }

    private static List<ProjectId> administered(Principal who) {
        return who.readable().stream()
                .filter(p -> who.may(Action.ADMINISTER, p))
                .toList();
    }

    private GatewayException denied(Principal who, String what) {
        return new GatewayException(
                Reason.PERMISSION_DENIED, who.subject() + " administers no project and may not " + what);
    }

    private Authenticator.Caller caller(ServerRequest req) {
        return authenticator.authenticate(
                req.headers().first(HeaderNames.AUTHORIZATION).orElse(null),
                req.prologue().method().text() + " " + req.path().path());
    }

    private UserDirectory users() {
        return authenticator.users();
    }

    private static Role role(String text) {
        try {
            return Role.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalid("role '" + text + "' is not one of admin, assistant, editor, viewer");
        }
    }
}
