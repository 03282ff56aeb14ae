package gateway.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.math.BigDecimal;
import java.text.ParseException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Short-lived access tokens: compact JWS (HS256) signed with the {@link KeyRing}'s current key and
 * naming it in {@code kid}, with subject, audience, issued-at (milliseconds, for revocation),
 * not-before, expiry and id. Anything else — another algorithm, {@code none}, an unknown or
 * rotated-away key, a bad signature, a wrong audience, a token not yet valid or expired — is refused.
 * Nimbus JOSE + JWT parses, signs and checks the signature; the rules on the claims are this class's.
 *
 * <p>A token that passed is remembered ({@link VerifiedTokens}, by its exact text) and its later
 * calls cost a map look-up, a clock read and a key-ring look-up instead of two base64 decodes, two
 * JSON parses and an HMAC; the remembered verdict holds only while the token is within its times
 * and its key is in the ring, and is checked again from scratch otherwise.
 */
public final class TokenService {
    public static final String AUDIENCE = "gateway";
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(5);
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
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256)
                .type(JOSEObjectType.JWT)
                .keyID(key.id())
                .build();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .audience(AUDIENCE)
                // RFC 7519 NumericDate may be fractional: milliseconds let a revocation at T
                // refuse tokens issued before T and accept a login a moment after.
                .claim("iat", BigDecimal.valueOf(now.toEpochMilli(), 3))
                .notBeforeTime(Date.from(now)) // whole seconds, as every NumericDate Nimbus writes
                .expirationTime(Date.from(exp))
                .jwtID(jti)
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(new MACSigner(key.secret()));
        } catch (JOSEException e) {
            throw new GatewayException(
                    Reason.INTERNAL, "cannot sign an access token with key " + key.id() + ": " + e.getMessage(), e);
        }
        return new Issued(jwt.serialize(), jti, exp);
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
        try {
            JWT parsed = JWTParser.parse(token);
            if (!(parsed instanceof SignedJWT jwt)
                    || !JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
                throw unauthenticated("access token algorithm '"
                        + parsed.getHeader().getAlgorithm().getName() + "' is not accepted");
            }
            String kid = Optional.ofNullable(jwt.getHeader().getKeyID()).orElse("");
            Optional<KeyRing.SigningKey> key = keys.find(kid);
            if (key.isEmpty()) {
                throw unauthenticated(
                        "access token is signed with a key this node no longer holds ('" + kid + "'); log in again");
            }
            if (!jwt.verify(new MACVerifier(key.get().secret()))) {
                throw unauthenticated("access token signature is invalid");
            }
            Map<String, Object> payload = jwt.getPayload().toJSONObject();
            if (payload == null) {
                throw unauthenticated("malformed access token");
            }
            return checkClaims(payload, kid);
        } catch (ParseException | JOSEException | ArithmeticException | DateTimeException | NumberFormatException e) {
            throw unauthenticated("malformed access token");
        }
    }

    /** The rules on a correctly signed token's claims: audience, times, issue time and subject. */
    private VerifiedTokens.Entry checkClaims(Map<String, Object> payload, String kid) throws ParseException {
        JWTClaimsSet claims = JWTClaimsSet.parse(payload);
        Instant now = clock.instant();
        if (!List.of(AUDIENCE).equals(claims.getAudience())) {
            throw unauthenticated("access token is for another audience");
        }
        Date exp = claims.getExpirationTime();
        if (exp == null || !exp.toInstant().isAfter(now)) {
            throw unauthenticated("access token has expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf == null || nbf.toInstant().isAfter(now.plus(CLOCK_SKEW))) {
            throw unauthenticated("access token is not valid yet");
        }
        // Nimbus's typed issue time is whole seconds: the number as parsed keeps the milliseconds.
        if (!(payload.get("iat") instanceof Number iat)) {
            throw unauthenticated("access token has no issue time");
        }
        String sub = Optional.ofNullable(claims.getSubject()).orElse("");
        if (sub.isEmpty()) {
            throw unauthenticated("access token has no subject");
        }
        // Its shortest decimal text (a double's, for a fractional number) is the one written.
        long iatMillis = new BigDecimal(iat.toString()).movePointRight(3).longValue();
        return new VerifiedTokens.Entry(
                new Claims(
                        sub,
                        Optional.ofNullable(claims.getJWTID()).orElse(""),
                        Instant.ofEpochMilli(iatMillis),
                        exp.toInstant()),
                kid,
                nbf.toInstant());
    }

    private static GatewayException unauthenticated(String message) {
        return new GatewayException(Reason.UNAUTHENTICATED, message);
    }
}
