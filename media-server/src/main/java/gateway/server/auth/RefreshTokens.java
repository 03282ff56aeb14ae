package gateway.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Opaque, single-use refresh tokens ({@code rt_…}), stored only as SHA-256 digests in
 * {@code <store>/security/refresh-tokens.json}. Redeeming one marks it used and issues its
 * successor in the same family; presenting a used one again (a stolen copy) revokes the family.
 */
public final class RefreshTokens {
    /** A refresh token as handed out once, and when it stops working. */
    public record Issued(String token, Instant expiresAt) {}

    /** The subject a redeemed token belonged to and its successor. */
    public record Redeemed(String subject, Issued next) {}

    private final StateFile file;
    private final Duration ttl;
    private final Clock clock;

    public RefreshTokens(Path securityDir, Duration ttl, Clock clock) {
        this.file = new StateFile(securityDir.resolve("refresh-tokens.json"));
        this.ttl = ttl;
        this.clock = clock;
    }

    /** A new family for a fresh login. */
    public Issued issue(String subject) {
        String family = UUID.randomUUID().toString();
        AtomicReference<Issued> out = new AtomicReference<>();
        file.update(root -> {
            prune(root);
            out.set(add(root, subject, family));
            return root;
        });
        return out.get();
    }

    /** Swaps a valid refresh token for its successor; UNAUTHENTICATED otherwise. */
    public Redeemed redeem(String token) {
        if (token == null || !token.startsWith(Secrets.REFRESH_PREFIX)) {
            throw unauthenticated("not a refresh token");
        }
        String digest = Secrets.sha256(token);
        AtomicReference<Object> out = new AtomicReference<>();
        file.update(root -> {
            prune(root);
            JsonNode entry = root.withObjectProperty("tokens").get(digest);
            if (entry == null) {
                out.set(unauthenticated("refresh token is unknown, expired or revoked; log in again"));
                return root;
            }
            String family = entry.path("family").asText();
            if (entry.path("used").asBoolean()) {
                removeFamily(root, family);
                out.set(unauthenticated(
                        "refresh token was already used: every token of this login is revoked; log in again"));
                return root;
            }
            ((ObjectNode) entry).put("used", true);
            String subject = entry.path("subject").asText();
            out.set(new Redeemed(subject, add(root, subject, family)));
            return root;
        });
        if (out.get() instanceof GatewayException e) {
            throw e;
        }
        return (Redeemed) out.get();
    }

    /**
     * Revokes the login {@code token} belongs to (its whole family: a log-out), when it is
     * {@code subject}'s; false when it is unknown, expired or someone else's.
     */
    public boolean revokeFamily(String token, String subject) {
        if (token == null || !token.startsWith(Secrets.REFRESH_PREFIX)) {
            return false;
        }
        String digest = Secrets.sha256(token);
        boolean[] revoked = {false};
        file.update(root -> {
            JsonNode entry = root.withObjectProperty("tokens").get(digest);
            if (entry != null && entry.path("subject").asText().equals(subject)) {
                removeFamily(root, entry.path("family").asText());
                revoked[0] = true;
            }
            return root;
        });
        return revoked[0];
    }

    /** Revokes every refresh token of {@code subject}; returns how many families went. */
    public int revokeSubject(String subject) {
        List<String> families = new ArrayList<>();
        file.update(root -> {
            for (Iterator<JsonNode> it = root.withObjectProperty("tokens").elements(); it.hasNext(); ) {
                JsonNode e = it.next();
                if (e.path("subject").asText().equals(subject)) {
                    if (!families.contains(e.path("family").asText())) {
                        families.add(e.path("family").asText());
                    }
                    it.remove();
                }
            }
            return root;
        });
        return families.size();
    }

    private Issued add(ObjectNode root, String subject, String family) {
        String token = Secrets.newToken(Secrets.REFRESH_PREFIX);
        Instant exp = clock.instant().plus(ttl);
        root.withObjectProperty("tokens")
                .putObject(Secrets.sha256(token))
                .put("subject", subject)
                .put("family", family)
                .put("expires", exp.toString())
                .put("used", false);
        return new Issued(token, exp);
    }

    private static void removeFamily(ObjectNode root, String family) {
        for (Iterator<JsonNode> it = root.withObjectProperty("tokens").elements(); it.hasNext(); ) {
            if (it.next().path("family").asText().equals(family)) {
                it.remove();
            }
        }
    }

    private void prune(ObjectNode root) {
        Instant now = clock.instant();
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        root.withObjectProperty("tokens").fields();
                it.hasNext(); ) {
            JsonNode e = it.next().getValue();
            if (!Instant.parse(e.path("expires").asText(Instant.EPOCH.toString()))
                    .isAfter(now)) {
                it.remove();
            }
        }
    }

    private static GatewayException unauthenticated(String message) {
        return new GatewayException(Reason.UNAUTHENTICATED, message);
    }
}
