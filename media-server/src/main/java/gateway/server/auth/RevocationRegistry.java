package gateway.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Revoked access: every token of a subject issued before a moment ({@link #revokeSubject}), or
 * one token by id ({@link #revokeToken}), in {@code <store>/security/revocations.json}. Checked on
 * every call and, for streams, again while they run; a change made by {@code ./gateway user …}
 * in another process is seen at the next check.
 *
 * <p>In a cluster, revocations made here are also handed to a {@link Broadcast} ({@link
 * #shareWith}) that tells the other nodes, and revocations made elsewhere arrive through {@link
 * #applySubject} / {@link #applyToken}: every node persists them in its own file, so a revoked
 * token stays refused by every node, even one that restarts alone.
 */
public final class RevocationRegistry {
    /** Tells the other nodes of a cluster about a revocation made on this one. */
    public interface Broadcast {
        Broadcast NONE = new Broadcast() {
            @Override
            public void subjectRevoked(String subject, Instant at) {}

            @Override
            public void tokenRevoked(String tokenId, Instant expiresAt) {}
        };

        void subjectRevoked(String subject, Instant at);

        void tokenRevoked(String tokenId, Instant expiresAt);
    }

    private final StateFile file;
    private final Clock clock;
    private volatile Broadcast broadcast = Broadcast.NONE;

    public RevocationRegistry(Path securityDir, Clock clock) {
        this.file = new StateFile(securityDir.resolve("revocations.json"));
        this.clock = clock;
    }

    /** False when the subject's tokens issued at {@code issuedAt} have been revoked. */
    public boolean isActive(String subject, Instant issuedAt) {
        return revoked().isActive(subject, issuedAt);
    }

    /** False when the credential's subject or the token itself has been revoked. */
    public boolean isActive(Credential c) {
        Revoked now = revoked();
        return now.isActive(c.subject(), c.issuedAt()) && !now.tokens().contains(c.tokenId());
    }

    /**
     * The revocations as of the file's current version, decoded once per version: every call asks,
     * so it costs a stat of the file, not a parse. Subject entries stay text so a damaged one still
     * fails closed.
     */
    private Revoked revoked() {
        return file.view("revoked", root -> {
            Map<String, String> subjects = new HashMap<>();
            root.path("subjects")
                    .fields()
                    .forEachRemaining(e -> subjects.put(e.getKey(), e.getValue().asText()));
            Set<String> tokens = new HashSet<>();
            root.path("tokens").fieldNames().forEachRemaining(tokens::add);
            return new Revoked(Map.copyOf(subjects), Set.copyOf(tokens));
        });
    }

    /** Subject → revoked-before instant (as written), and revoked token ids. */
    private record Revoked(Map<String, String> subjects, Set<String> tokens) {
        boolean isActive(String subject, Instant issuedAt) {
            String since = subjects.get(subject);
            if (since == null) {
                return true;
            }
            try {
                return !issuedAt.isBefore(Instant.parse(since));
            } catch (DateTimeParseException e) {
                return false; // a damaged entry fails closed
            }
        }
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
        broadcast.subjectRevoked(subject, now);
        return now;
    }

    /** Revokes one access token until it would have expired anyway. */
    public void revokeToken(String tokenId, Instant expiresAt) {
        file.update(root -> {
            prune(root);
            root.withObjectProperty("tokens").put(tokenId, expiresAt.toString());
            return root;
        });
        broadcast.tokenRevoked(tokenId, expiresAt);
    }

    /** From now on, revocations made here are also handed to {@code b} (the cluster). */
    public void shareWith(Broadcast b) {
        this.broadcast = b;
    }

    /** A revocation of every token of {@code subject} issued before {@code at}, made on another node; the latest wins. */
    public void applySubject(String subject, Instant at) {
        if (!isActive(subject, at.minusMillis(1))) {
            return; // already revoked at least that late: leave the file alone
        }
        file.update(root -> {
            ObjectNode subjects = root.withObjectProperty("subjects");
            JsonNode since = subjects.get(subject);
            if (since == null || laterThan(at, since)) {
                subjects.put(subject, at.toString());
            }
            return root;
        });
    }

    /** A revocation of one token, made on another node. */
    public void applyToken(String tokenId, Instant expiresAt) {
        if (file.read().path("tokens").has(tokenId) || expiresAt.isBefore(clock.instant())) {
            return;
        }
        file.update(root -> {
            prune(root);
            root.withObjectProperty("tokens").put(tokenId, expiresAt.toString());
            return root;
        });
    }

    /** Every subject revocation this node holds: subject → tokens issued before this moment are refused. */
    public Map<String, Instant> subjects() {
        return instants(file.read().path("subjects"));
    }

    /** Every revoked token this node holds: token id → when it expires anyway. */
    public Map<String, Instant> tokens() {
        return instants(file.read().path("tokens"));
    }

    private static Map<String, Instant> instants(JsonNode node) {
        Map<String, Instant> out = new java.util.LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            try {
                out.put(e.getKey(), Instant.parse(e.getValue().asText()));
            } catch (DateTimeParseException damaged) {
                // a damaged entry stays local: it fails closed here and is not worth spreading
            }
        });
        return out;
    }

    private static boolean laterThan(Instant at, JsonNode since) {
        try {
            return at.isAfter(Instant.parse(since.asText()));
        } catch (DateTimeParseException e) {
            return true;
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
