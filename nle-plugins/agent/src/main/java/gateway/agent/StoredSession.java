package gateway.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.model.asset.DurableFiles;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The login the agent keeps between runs in {@code session.json} (mode 600): the server, the
 * tokens and when they expire. Expiry times and the refresh token are null when unknown (a token
 * given with {@code --token}).
 */
record StoredSession(
        ServerAddress server,
        Path trustedCertificate,
        String subject,
        String accessToken,
        Instant accessExpiresAt,
        String refreshToken,
        Instant refreshExpiresAt) {
    static final String FILE_NAME = "session.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** True when the access token stops working before {@code when} (and a refresh could help). */
    boolean accessExpiresBefore(Instant when) {
        return accessExpiresAt != null && accessExpiresAt.isBefore(when);
    }

    boolean canRefreshAt(Instant when) {
        return refreshToken != null && (refreshExpiresAt == null || refreshExpiresAt.isAfter(when));
    }

    static Optional<StoredSession> read(Path file) {
        JsonNode n;
        try {
            n = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (JsonProcessingException e) {
            throw new GatewayException(Reason.CORRUPT, file + " is not valid JSON; log in again to replace it", e);
        } catch (IOException e) {
            throw GatewayException.io("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return Optional.of(new StoredSession(
                    ServerAddress.parse(n.path("server").asText()),
                    n.hasNonNull("trusted_certificate")
                            ? Path.of(n.get("trusted_certificate").asText())
                            : null,
                    n.path("subject").asText(""),
                    n.path("access_token").asText(""),
                    instant(n, "access_expires_at"),
                    n.hasNonNull("refresh_token") ? n.get("refresh_token").asText() : null,
                    instant(n, "refresh_expires_at")));
        } catch (DateTimeParseException | GatewayException e) {
            throw new GatewayException(Reason.CORRUPT, file + " is damaged (" + e.getMessage() + "); log in again", e);
        }
    }

    void write(Path file) {
        ObjectNode n = JSON.createObjectNode();
        n.put("server", server.toString());
        n.put("trusted_certificate", trustedCertificate == null ? null : trustedCertificate.toString());
        n.put("subject", subject);
        n.put("access_token", accessToken);
        n.put("access_expires_at", accessExpiresAt == null ? null : accessExpiresAt.toString());
        n.put("refresh_token", refreshToken);
        n.put("refresh_expires_at", refreshExpiresAt == null ? null : refreshExpiresAt.toString());
        try {
            DurableFiles.write(file, JSON.writeValueAsBytes(n), DurableFiles.Access.OWNER_ONLY);
        } catch (JsonProcessingException e) {
            throw new GatewayException(Reason.INTERNAL, "cannot serialise the session: " + e.getMessage(), e);
        }
    }

    private static Instant instant(JsonNode n, String field) {
        return n.hasNonNull(field) ? Instant.parse(n.get(field).asText()) : null;
    }

    @Override
    public String toString() {
        return "StoredSession[" + subject + "@" + server + "]"; // never the tokens
    }
}
