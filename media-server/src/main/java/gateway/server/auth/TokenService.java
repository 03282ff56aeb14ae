package gateway.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived access tokens: compact JWS (HS256) with subject, audience, issued-at, not-before,
 * expiry and id. Anything else — another algorithm, {@code none}, a bad signature, a wrong
 * audience, a token not yet valid or expired — is refused.
 */
public final class TokenService {
    public static final String AUDIENCE = "gateway";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final String HEADER =
            B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    /** A verified token's claims. */
    public record Claims(String subject, String tokenId, Instant expiresAt) {}

    /** An issued token and when it expires. */
    public record Issued(String token, Instant expiresAt) {}

    private final byte[] key;
    private final Duration ttl;
    private final Clock clock;

    public TokenService(byte[] key, Duration ttl, Clock clock) {
        if (key.length < 32) {
            throw GatewayException.invalid("token signing key must be at least 32 bytes");
        }
        this.key = key.clone();
        this.ttl = ttl;
        this.clock = clock;
    }

    /** Loads the node's signing key from {@code dir/token-key}, creating it (mode 600) on first start. */
    public static byte[] loadOrCreateKey(Path dir) {
        Path file = dir.resolve("token-key");
        try {
            if (Files.exists(file)) {
                return B64D.decode(Files.readString(file).trim());
            }
            Files.createDirectories(dir);
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Path tmp = dir.resolve("token-key.tmp");
            Files.writeString(tmp, B64.encodeToString(key));
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's permissions protect it
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            return key;
        } catch (IOException | IllegalArgumentException e) {
            throw GatewayException.io("cannot read or create the token key " + file + ": " + e.getMessage(), e);
        }
    }

    public Issued issue(String subject) {
        Instant now = clock.instant();
        Instant exp = now.plus(ttl);
        ObjectNode claims = JSON.createObjectNode()
                .put("sub", subject)
                .put("aud", AUDIENCE)
                .put("iat", now.getEpochSecond())
                .put("nbf", now.getEpochSecond())
                .put("exp", exp.getEpochSecond())
                .put("jti", UUID.randomUUID().toString());
        String payload = B64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        String signingInput = HEADER + "." + payload;
        return new Issued(signingInput + "." + B64.encodeToString(sign(signingInput)), exp);
    }

    /** The claims of a valid token; UNAUTHENTICATED with the precise reason otherwise. */
    public Claims verify(String token) {
        if (token == null || token.isBlank()) {
            throw unauthenticated("no access token");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw unauthenticated("malformed access token");
        }
        try {
            JsonNode header = JSON.readTree(B64D.decode(parts[0]));
            if (!"HS256".equals(header.path("alg").asText())) {
                throw unauthenticated(
                        "access token algorithm '" + header.path("alg").asText() + "' is not accepted");
            }
            byte[] signature = B64D.decode(parts[2]);
            if (!MessageDigest.isEqual(signature, sign(parts[0] + "." + parts[1]))) {
                throw unauthenticated("access token signature is invalid");
            }
            JsonNode claims = JSON.readTree(B64D.decode(parts[1]));
            long now = clock.instant().getEpochSecond();
            if (!AUDIENCE.equals(claims.path("aud").asText())) {
                throw unauthenticated("access token is for another audience");
            }
            if (!claims.has("exp") || claims.path("exp").asLong() <= now) {
                throw unauthenticated("access token has expired");
            }
            if (claims.path("nbf").asLong(Long.MAX_VALUE) > now + 5) {
                throw unauthenticated("access token is not valid yet");
            }
            String sub = claims.path("sub").asText("");
            if (sub.isEmpty()) {
                throw unauthenticated("access token has no subject");
            }
            return new Claims(
                    sub,
                    claims.path("jti").asText(),
                    Instant.ofEpochSecond(claims.path("exp").asLong()));
        } catch (IOException | IllegalArgumentException e) {
            throw unauthenticated("malformed access token");
        }
    }

    private byte[] sign(String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new GatewayException(Reason.INTERNAL, "HmacSHA256 is not available", e);
        }
    }

    private static GatewayException unauthenticated(String message) {
        return new GatewayException(Reason.UNAUTHENTICATED, message);
    }
}
