package gateway.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived access tokens: compact JWS (HS256) signed with the {@link KeyRing}'s current key and
 * naming it in {@code kid}, with subject, audience, issued-at (milliseconds, for revocation),
 * not-before, expiry and id. Anything else — another algorithm, {@code none}, an unknown or
 * rotated-away key, a bad signature, a wrong audience, a token not yet valid or expired — is refused.
 *
 * <p>A token that passed is remembered ({@link VerifiedTokens}, by its exact text) and its later
 * calls cost a map look-up, a clock read and a key-ring look-up instead of two base64 decodes, two
 * JSON parses and an HMAC; the remembered verdict holds only while the token is within its times
 * and its key is in the ring, and is checked again from scratch otherwise.
 */
public final class TokenService {
    public static final String AUDIENCE = "gateway";
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    /** Verified tokens remembered: a few per active user, and room for many users. */
    static final int VERIFIED_TOKENS = 4096;

    /** A verified token's claims. */
    public record Claims(String subject, String tokenId, Instant issuedAt, Instant expiresAt) {
        /** What the call runs as, for revocation checks while it lasts. */
        public Credential credential() {
            return new Credential(subject, tokenId, issuedAt, expiresAt);
        }
    }

    /** An issued token and when it expires. */
    public record Issued(String token, String tokenId, Instant expiresAt) {}

    private final KeyRing keys;
    private final Duration ttl;
    private final Clock clock;
    private final VerifiedTokens verified = new VerifiedTokens(VERIFIED_TOKENS);

    public TokenService(KeyRing keys, Duration ttl, Clock clock) {
        this.keys = keys;
        this.ttl = ttl;
        this.clock = clock;
    }

    public Duration ttl() {
        return ttl;
    }

    public KeyRing keys() {
        return keys;
    }

    public Issued issue(String subject) {
        KeyRing.SigningKey key = keys.current();
        Instant now = clock.instant();
        Instant exp = now.plus(ttl);
        String jti = UUID.randomUUID().toString();
        ObjectNode header =
                JSON.createObjectNode().put("alg", "HS256").put("typ", "JWT").put("kid", key.id());
        ObjectNode claims = JSON.createObjectNode()
                .put("sub", subject)
                .put("aud", AUDIENCE)
                // RFC 7519 NumericDate may be fractional: milliseconds let a revocation at T
                // refuse tokens issued before T and accept a login a moment after.
                .put("iat", BigDecimal.valueOf(now.toEpochMilli(), 3))
                .put("nbf", now.getEpochSecond())
                .put("exp", exp.getEpochSecond())
                .put("jti", jti);
        String signingInput = b64Json(header) + "." + b64Json(claims);
        return new Issued(signingInput + "." + B64.encodeToString(sign(key.secret(), signingInput)), jti, exp);
    }

    /** The claims of a valid token; UNAUTHENTICATED with the precise reason otherwise. */
    public Claims verify(String token) {
        if (token != null) {
            VerifiedTokens.Entry known = verified.get(token);
            if (known != null) {
                if (known.timelyAt(clock.instant(), CLOCK_SKEW) && keys.holds(known.keyId())) {
                    return known.claims();
                }
                verified.remove(token); // no longer passes: verified in full below, and refused
            }
        }
        VerifiedTokens.Entry checked = verifyFully(token);
        verified.put(token, checked);
        return checked.claims();
    }

    /** How many verified tokens are remembered (for tests and metrics). */
    int rememberedTokens() {
        return verified.size();
    }

    private VerifiedTokens.Entry verifyFully(String token) {
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
            String kid = header.path("kid").asText("");
            Optional<KeyRing.SigningKey> key = keys.find(kid);
            if (key.isEmpty()) {
                throw unauthenticated(
                        "access token is signed with a key this node no longer holds ('" + kid + "'); log in again");
            }
            byte[] signature = B64D.decode(parts[2]);
            if (!MessageDigest.isEqual(signature, sign(key.get().secret(), parts[0] + "." + parts[1]))) {
                throw unauthenticated("access token signature is invalid");
            }
            JsonNode claims = JSON.readTree(B64D.decode(parts[1]));
            Instant now = clock.instant();
            if (!AUDIENCE.equals(claims.path("aud").asText())) {
                throw unauthenticated("access token is for another audience");
            }
            if (!claims.path("exp").isNumber()
                    || !Instant.ofEpochSecond(claims.path("exp").asLong()).isAfter(now)) {
                throw unauthenticated("access token has expired");
            }
            if (!claims.path("nbf").isNumber()
                    || Instant.ofEpochSecond(claims.path("nbf").asLong()).isAfter(now.plus(CLOCK_SKEW))) {
                throw unauthenticated("access token is not valid yet");
            }
            if (!claims.path("iat").isNumber()) {
                throw unauthenticated("access token has no issue time");
            }
            String sub = claims.path("sub").asText("");
            if (sub.isEmpty()) {
                throw unauthenticated("access token has no subject");
            }
            return new VerifiedTokens.Entry(
                    new Claims(
                            sub,
                            claims.path("jti").asText(""),
                            Instant.ofEpochMilli(claims.path("iat")
                                    .decimalValue()
                                    .movePointRight(3)
                                    .longValue()),
                            Instant.ofEpochSecond(claims.path("exp").asLong())),
                    kid,
                    Instant.ofEpochSecond(claims.path("nbf").asLong()));
        } catch (IOException | IllegalArgumentException | ArithmeticException e) {
            throw unauthenticated("malformed access token");
        }
    }

    private static String b64Json(ObjectNode node) {
        return B64.encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sign(byte[] key, String input) {
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
