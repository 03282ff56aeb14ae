package gateway.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;

/**
 * Revoked access: every token of a subject issued before a moment ({@link #revokeSubject}), or
 * one token by id ({@link #revokeToken}), in {@code <store>/security/revocations.json}. Checked on
 * every call and, for streams, again while they run; a change made by {@code ./gateway user …}
 * in another process is seen at the next check.
 */
public final class RevocationRegistry {
    private final StateFile file;
    private final Clock clock;

    public RevocationRegistry(Path securityDir, Clock clock) {
        this.file = new StateFile(securityDir.resolve("revocations.json"));
        this.clock = clock;
    }

    /** False when the subject's tokens issued at {@code issuedAt} have been revoked. */
    public boolean isActive(String subject, Instant issuedAt) {
        return isActive(file.read(), subject, issuedAt);
    }

    /** False when the credential's subject or the token itself has been revoked. */
    public boolean isActive(Credential c) {
        ObjectNode root = file.read();
        return isActive(root, c.subject(), c.issuedAt()) && !root.path("tokens").has(c.tokenId());
    }

    /** Revokes every token of {@code subject} issued until now. */
    public Instant revokeSubject(String subject) {
        Instant now = clock.instant();
        file.update(root -> {
            prune(root);
            ObjectNode subjects = root.withObjectProperty("subjects");
            subjects.put(subject, now.toString());
            return root;
        });
        return now;
    }

    /** Revokes one access token until it would have expired anyway. */
    public void revokeToken(String tokenId, Instant expiresAt) {
        file.update(root -> {
            prune(root);
            root.withObjectProperty("tokens").put(tokenId, expiresAt.toString());
            return root;
        });
    }

    private static boolean isActive(ObjectNode root, String subject, Instant issuedAt) {
        JsonNode since = root.path("subjects").get(subject);
        if (since == null) {
            return true;
        }
        try {
            return !issuedAt.isBefore(Instant.parse(since.asText()));
        } catch (DateTimeParseException e) {
            return false; // a damaged entry fails closed
        }
    }

    /** Forgets revoked token ids whose tokens have expired. */
    private void prune(ObjectNode root) {
        Instant now = clock.instant();
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        root.withObjectProperty("tokens").fields();
                it.hasNext(); ) {
            try {
                if (Instant.parse(it.next().getValue().asText()).isBefore(now)) {
                    it.remove();
                }
            } catch (DateTimeParseException e) {
                // keep what cannot be read: it still refuses its token
            }
        }
    }
}
