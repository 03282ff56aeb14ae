package gateway.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.server.fixtures.UpgradeFixture;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The security files of a store written by commit 4942a1a (hand-written scrypt and HS256), read by
 * today's code (Bouncy Castle scrypt, Nimbus JOSE): its passwords, its access token (with a clock
 * inside that token's validity), its revocation, API key and refresh tokens still work.
 */
class StoreUpgradeTest {
    private static final Duration TTL = Duration.ofMinutes(15);

    @TempDir
    Path dir;

    private UpgradeFixture fixture;
    private Path security;
    private Instant issuedAt;

    @BeforeEach
    void copyFixture() throws Exception {
        fixture = UpgradeFixture.copyStoreTo(dir.resolve("store"));
        security = dir.resolve("store").resolve("security");
        issuedAt = fixture.instant("accessTokenIssuedAt");
    }

    private static Clock at(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }

    private Authenticator authenticator(Clock clock) {
        return new Authenticator(
                new UserDirectory(security, ScryptParams.DEFAULT),
                new TokenService(new KeyRing(security, clock), TTL, clock),
                new RefreshTokens(security, Duration.ofDays(30), clock),
                new ApiKeys(security, clock),
                new RevocationRegistry(security, clock),
                new AuditLog(security.resolve("audit.log"), clock),
                new CallRateLimit("login attempts", 1, 100, System::nanoTime));
    }

    @Test
    void passwordHashesOfTheOldScryptVerifyWithBouncyCastle() {
        UserDirectory users = new UserDirectory(security, ScryptParams.DEFAULT);
        PasswordHash stored = users.user("ana").orElseThrow().password();
        assertEquals(PasswordHash.SCRYPT, stored.scheme());
        assertEquals(ScryptParams.DEFAULT, stored.scrypt(), "written at the defaults, so no re-hash on login");
        assertTrue(stored.matches(fixture.get("password")));
        assertFalse(stored.matches(fixture.get("password") + "x"));
        assertTrue(users.user("bo").orElseThrow().password().matches(fixture.get("revokedPassword")));
        assertEquals(
                List.of(new ProjectId(UpgradeFixture.PROJECT)),
                users.authenticate("ana", fixture.get("password")).orElseThrow().grants().keySet().stream()
                        .toList());
    }

    @Test
    void theOldAccessTokenVerifiesInsideItsValidityWithItsClaimsExact() {
        Instant inside = issuedAt.plusSeconds(60);
        TokenService tokens = new TokenService(new KeyRing(security, at(inside)), TTL, at(inside));
        TokenService.Claims c = tokens.verify(fixture.get("accessToken"));
        assertEquals("ana", c.subject());
        assertEquals(issuedAt, c.issuedAt(), "the issue time keeps its milliseconds");
        assertEquals(fixture.instant("accessTokenExpiresAt"), c.expiresAt());
        assertFalse(c.tokenId().isEmpty());
    }

    @Test
    void theOldAccessTokenIsRefusedOutsideItsValidityOrOnceItsKeyIsGone() {
        String token = fixture.get("accessToken");
        Instant expiry = fixture.instant("accessTokenExpiresAt");
        for (Instant t : List.of(expiry, expiry.plusSeconds(3600), issuedAt.minusSeconds(60))) {
            TokenService tokens = new TokenService(new KeyRing(security, at(t)), TTL, at(t));
            GatewayException e = assertThrows(GatewayException.class, () -> tokens.verify(token), t.toString());
            assertEquals(Reason.UNAUTHENTICATED, e.reason());
        }
        Instant inside = issuedAt.plusSeconds(60);
        KeyRing keys = new KeyRing(security, at(inside));
        keys.rotate(Duration.ZERO);
        TokenService tokens = new TokenService(keys, TTL, at(inside));
        assertEquals(
                Reason.UNAUTHENTICATED,
                assertThrows(GatewayException.class, () -> tokens.verify(token)).reason());
    }

    @Test
    void theAuthenticatorAcceptsTheOldTokenAndApiKeyAndKeepsTheRevocation() {
        Authenticator auth = authenticator(at(issuedAt.plusSeconds(60)));
        assertEquals(
                "ana",
                auth.authenticate("Bearer " + fixture.get("accessToken"), "upgrade-test")
                        .principal()
                        .subject());
        // bo was revoked after this token was issued
        GatewayException revoked = assertThrows(
                GatewayException.class,
                () -> auth.authenticate("Bearer " + fixture.get("revokedUserToken"), "upgrade-test"));
        assertEquals(Reason.UNAUTHENTICATED, revoked.reason());
        assertTrue(revoked.getMessage().contains("revoked"), revoked.getMessage());

        Authenticator.Tokens byKey = auth.exchangeApiKey(fixture.get("apiKey"));
        assertEquals("ana", byKey.subject());
        // a token issued today verifies on the same ring as the old one
        assertEquals(
                "ana",
                auth.authenticate("Bearer " + byKey.accessToken(), "upgrade-test")
                        .principal()
                        .subject());
    }

    @Test
    void aLoginOnTheOldFilesGetsTokensAndTheOldRefreshTokensFileIsRead() {
        Authenticator auth = authenticator(Clock.systemUTC());
        Authenticator.Tokens t = auth.login("ana", fixture.get("password"));
        assertEquals(
                "ana",
                auth.authenticate("Bearer " + t.accessToken(), "upgrade-test")
                        .principal()
                        .subject());
        assertEquals("ana", auth.refresh(t.refreshToken()).subject());
        // an unknown refresh token is refused as such, not as a damaged file
        assertEquals(
                Reason.UNAUTHENTICATED,
                assertThrows(GatewayException.class, () -> auth.refresh("rt_unknown"))
                        .reason());
        assertThrows(GatewayException.class, () -> auth.login("bo", "wrong-password"));
    }
}
