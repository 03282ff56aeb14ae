package gateway.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Long-lived API keys for agents and scripts, each owned by one user and acting with that user's
 * grants ({@code gk_<id>_<secret>}). Only the SHA-256 of the secret is kept, in
 * {@code <store>/security/api-keys.json}; a key works until it is revoked or its owner is disabled.
 */
public final class ApiKeys {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key's public description (never its secret). */
    public record ApiKey(String id, String owner, String label, Instant created, boolean revoked) {}

    /** A new key: its description and the secret, shown once. */
    public record Created(ApiKey key, String secret) {}

    private final StateFile file;
    private final Clock clock;

    public ApiKeys(Path securityDir, Clock clock) {
        this.file = new StateFile(securityDir.resolve("api-keys.json"));
        this.clock = clock;
    }

    public Created create(String owner, String label) {
        byte[] idBytes = new byte[6];
        RANDOM.nextBytes(idBytes);
        String id = HexFormat.of().formatHex(idBytes);
        String secret = Secrets.API_KEY_PREFIX + id + "_" + Secrets.newToken("");
        Instant now = clock.instant();
        file.update(root -> {
            root.withObjectProperty("keys")
                    .putObject(id)
                    .put("owner", owner)
                    .put("label", label == null ? "" : label)
                    .put("created", now.toString())
                    .put("sha256", Secrets.sha256(secret))
                    .put("revoked", false);
            return root;
        });
        return new Created(new ApiKey(id, owner, label == null ? "" : label, now, false), secret);
    }

    /** The key's description when {@code secret} is a valid, unrevoked key; UNAUTHENTICATED otherwise. */
    public ApiKey verify(String secret) {
        if (secret == null || !secret.startsWith(Secrets.API_KEY_PREFIX) || secret.length() > 200) {
            throw unauthenticated("not an API key");
        }
        String rest = secret.substring(Secrets.API_KEY_PREFIX.length());
        int sep = rest.indexOf('_');
        String id = sep < 0 ? "" : rest.substring(0, sep);
        JsonNode e = file.read().path("keys").get(id);
        byte[] expected = HexFormat.of()
                .parseHex(e == null ? Secrets.sha256("") : e.path("sha256").asText(Secrets.sha256("")));
        byte[] actual = HexFormat.of().parseHex(Secrets.sha256(secret));
        if (e == null || !MessageDigest.isEqual(expected, actual)) {
            throw unauthenticated("API key is unknown");
        }
        ApiKey k = describe(id, e);
        if (k.revoked()) {
            throw unauthenticated("API key " + id + " has been revoked");
        }
        return k;
    }

    /** Revokes a key by id; NOT_FOUND when there is none. */
    public ApiKey revoke(String id) {
        ObjectNode root = file.update(r -> {
            JsonNode e = r.path("keys").get(id);
            if (e == null) {
                throw GatewayException.notFound("no API key " + id);
            }
            ((ObjectNode) e).put("revoked", true);
            return r;
        });
        return describe(id, root.path("keys").get(id));
    }

    /** The keys of {@code owner} (every key when null). */
    public List<ApiKey> list(String owner) {
        List<ApiKey> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : file.read().path("keys").properties()) {
            ApiKey k = describe(e.getKey(), e.getValue());
            if (owner == null || owner.equals(k.owner())) {
                out.add(k);
            }
        }
        return out;
    }

    private static ApiKey describe(String id, JsonNode e) {
        return new ApiKey(
                id,
                e.path("owner").asText(),
                e.path("label").asText(),
                Instant.parse(e.path("created").asText(Instant.EPOCH.toString())),
                e.path("revoked").asBoolean());
    }

    private static GatewayException unauthenticated(String message) {
        return new GatewayException(Reason.UNAUTHENTICATED, message);
    }
}
