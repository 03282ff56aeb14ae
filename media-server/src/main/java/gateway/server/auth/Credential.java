package gateway.server.auth;

import java.time.Instant;

/**
 * The access token a call runs on: who, which token, when it was issued and until when. A
 * long call (a stream) asks {@link RevocationRegistry#isActive(Credential)} while it lasts.
 */
public record Credential(String subject, String tokenId, Instant issuedAt, Instant expiresAt) {}
