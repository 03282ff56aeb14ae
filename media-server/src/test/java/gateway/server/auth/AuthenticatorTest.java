package gateway.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logins, refresh-token rotation, API keys, revocation and the audit trail, on real files. */
class AuthenticatorTest {
    private static final ProjectId P = new ProjectId("p1");

    @TempDir
    Path dir;

    private AuditLog audit;
    private Authenticator auth;
    private UserDirectory users;

    @BeforeEach
    void setUp() {
        Clock clock = Clock.systemUTC();
        users = new UserDirectory(dir, ScryptParams.DEFAULT.withLog2N(10));
        users.add("ann", "ann-password", Map.of(P, Role.EDITOR));
        audit = new AuditLog(dir.resolve("audit.log"), clock);
        auth = new Authenticator(
                users,
                new TokenService(new KeyRing(dir, clock), Duration.ofMinutes(15), clock),
                new RefreshTokens(dir, Duration.ofHours(1), clock),
                new ApiKeys(dir, clock),
                new RevocationRegistry(dir, clock),
                audit,
                new CallRateLimit("login attempts", 1, 100, System::nanoTime));
    }

    private static Reason refusal(org.junit.jupiter.api.function.Executable e) {
        return assertThrows(GatewayException.class, e).reason();
    }

    @Test
    void loginGivesAccessAndRefreshTokensAndWrongPasswordsAreAudited() {
        Authenticator.Tokens t = auth.login("ann", "ann-password");
        assertEquals(
                "ann",
                auth.authenticate("Bearer " + t.accessToken(), "m").principal().subject());
        assertTrue(t.refreshToken().startsWith("rt_"));
        assertEquals(List.of(P), t.projects());
        assertEquals(Reason.UNAUTHENTICATED, refusal(() -> auth.login("ann", "wrong-password")));
        assertEquals(Reason.UNAUTHENTICATED, refusal(() -> auth.login("nobody", "whatever-pw")));
        List<AuditLog.Entry> log = AuditLog.read(dir.resolve("audit.log"));
        assertEquals(3, log.stream().filter(e -> e.action().equals("LOGIN")).count());
        assertEquals(2, log.stream().filter(e -> !e.allowed()).count());
    }

    @Test
    void refreshRotatesAndAReusedTokenRevokesTheWholeFamily() {
        Authenticator.Tokens first = auth.login("ann", "ann-password");
        Authenticator.Tokens second = auth.refresh(first.refreshToken());
        assertNotEquals(first.refreshToken(), second.refreshToken());
        assertEquals("ann", second.subject());
        // the first one is spent: presenting it again looks like theft
        assertEquals(Reason.UNAUTHENTICATED, refusal(() -> auth.refresh(first.refreshToken())));
        // ... which revoked its successor too
        assertEquals(Reason.UNAUTHENTICATED, refusal(() -> auth.refresh(second.refreshToken())));
        assertEquals(Reason.UNAUTHENTICATED, refusal(() -> auth.refresh("rt_made-up")));
        assertFalse(
                Files.exists(dir.resolve("refresh-tokens.json"))
                        && readText(dir.resolve("refresh-tokens.json")).contains(second.refreshToken()),
                "only digests are stored");
    }

    @Test
    void revokingAUserStopsItsTokensAndRefreshButALaterLoginWorks() {
        Authenticator.Tokens t = auth.login("ann", "ann-password");
        Credential c = auth.authenticate("Bearer " + t.accessToken(), "m").credential();
        assertTrue(auth.isActive(c));
        auth.revokeSubject("ann", "admin");
        assertFalse(auth.isActive(c));
        assertEquals(Reason.UNAUTHENTICATED, refusal(() -> auth.authenticate("Bearer " + t.accessToken(), "m")));
        assertEquals(Reason.UNAUTHENTICATED, refusal(() -> auth.refresh(t.refreshToken())));
        Authenticator.Tokens again = auth.login("ann", "ann-password");
        assertEquals(
                "ann",
                auth.authenticate("Bearer " + again.accessToken(), "m")
                        .principal()
                        .subject());
    }

    @Test
    void disablingAUserEndsItsCallsAtTheNextCheck() {
        Authenticator.Tokens t = auth.login("ann", "ann-password");
        Credential c = auth.authenticate("Bearer " + t.accessToken(), "m").credential();
        users.setDisabled("ann", true);
        assertFalse(auth.isActive(c));
        assertEquals(Reason.UNAUTHENTICATED, refusal(() -> auth.authenticate("Bearer " + t.accessToken(), "m")));
    }

    @Test
    void oneTokenCanBeRevokedAlone() {
        Authenticator.Tokens a = auth.login("ann", "ann-password");
        Authenticator.Tokens b = auth.login("ann", "ann-password");
        auth.revokeToken(auth.authenticate("Bearer " + a.accessToken(), "m").credential());
        assertEquals(Reason.UNAUTHENTICATED, refusal(() -> auth.authenticate("Bearer " + a.accessToken(), "m")));
        assertEquals(
                "ann",
                auth.authenticate("Bearer " + b.accessToken(), "m").principal().subject());
    }

    @Test
    void apiKeysActAsTheirOwnerUntilRevokedAndAreStoredHashed() {
        ApiKeys.Created k = auth.apiKeys().create("ann", "render farm");
        assertTrue(k.secret().startsWith("gk_" + k.key().id() + "_"));
        Authenticator.Tokens t = auth.exchangeApiKey(k.secret());
        assertEquals("ann", t.subject());
        assertNull(t.refreshToken());
        assertFalse(readText(dir.resolve("api-keys.json")).contains(k.secret()));

        assertEquals(Reason.UNAUTHENTICATED, refusal(() -> auth.exchangeApiKey(k.secret() + "x")));
        assertEquals(Reason.UNAUTHENTICATED, refusal(() -> auth.exchangeApiKey("gk_nope_nope")));
        users.setDisabled("ann", true);
        assertEquals(Reason.UNAUTHENTICATED, refusal(() -> auth.exchangeApiKey(k.secret())));
        users.setDisabled("ann", false);
        auth.apiKeys().revoke(k.key().id());
        assertEquals(Reason.UNAUTHENTICATED, refusal(() -> auth.exchangeApiKey(k.secret())));
    }

    @Test
    void loginAttemptsAreRateLimitedPerUserName() {
        AtomicLong now = new AtomicLong();
        CallRateLimit limit = new CallRateLimit("login attempts", 10 / 60.0, 10, now::get);
        for (int i = 0; i < 10; i++) {
            limit.acquire("user ann");
        }
        assertEquals(Reason.RESOURCE_LIMIT, refusal(() -> limit.acquire("user ann")));
        limit.acquire("user bob"); // another name has its own bucket
        now.addAndGet(Duration.ofSeconds(6).toNanos()); // one token back after 6 s
        limit.acquire("user ann");
        assertEquals(Reason.RESOURCE_LIMIT, refusal(() -> limit.acquire("user ann")));
    }

    private static String readText(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
