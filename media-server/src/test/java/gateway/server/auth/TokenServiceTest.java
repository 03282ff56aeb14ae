package gateway.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.server.security.JwtForgery;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenServiceTest {
    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
    private static final Duration TTL = Duration.ofMinutes(15);

    @TempDir
    Path dir;

    private static Clock at(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }

    private static Reason refusal(TokenService s, String token) {
        return assertThrows(GatewayException.class, () -> s.verify(token)).reason();
    }

    @Test
    void acceptsItsOwnTokenWithMillisecondIssueTime() {
        Instant t = T0.plusMillis(123);
        TokenService s = new TokenService(new KeyRing(dir, at(t)), TTL, at(t));
        TokenService.Claims c = s.verify(s.issue("ann").token());
        assertEquals("ann", c.subject());
        assertEquals(t, c.issuedAt());
        assertEquals(T0.plus(TTL), c.expiresAt());
    }

    @Test
    void refusesExpiredNotYetValidWrongAudienceNoneAndBadSignature() {
        KeyRing keys = new KeyRing(dir, at(T0));
        TokenService now = new TokenService(keys, TTL, at(T0));
        String old = new TokenService(keys, TTL, at(T0.minus(Duration.ofHours(1))))
                .issue("ann")
                .token();
        String future = new TokenService(keys, TTL, at(T0.plus(Duration.ofMinutes(5))))
                .issue("ann")
                .token();
        KeyRing.SigningKey k = keys.current();
        String otherAudience =
                JwtForgery.hs256(k.id(), k.secret(), JwtForgery.claims("ann", "someone-else", T0, T0, T0.plus(TTL)));
        String none = JwtForgery.none(JwtForgery.claims("ann", TokenService.AUDIENCE, T0, T0, T0.plus(TTL)));
        String badlySigned = JwtForgery.hs256(
                k.id(), new byte[32], JwtForgery.claims("ann", TokenService.AUDIENCE, T0, T0, T0.plus(TTL)));
        String good = JwtForgery.hs256(
                k.id(), k.secret(), JwtForgery.claims("ann", TokenService.AUDIENCE, T0, T0, T0.plus(TTL)));

        assertEquals("ann", now.verify(good).subject());
        for (String bad : new String[] {old, future, otherAudience, none, badlySigned, "", "a.b", "x.y.z"}) {
            assertEquals(Reason.UNAUTHENTICATED, refusal(now, bad), bad);
        }
    }

    /** A clock the test moves, forwards or back. */
    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(Instant t) {
            now = t;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void aRememberedTokenNeverTurnsARefusalIntoAnAcceptance() {
        MovableClock clock = new MovableClock(T0);
        KeyRing keys = new KeyRing(dir, clock);
        TokenService s = new TokenService(keys, TTL, clock);
        KeyRing.SigningKey k = keys.current();
        Instant notBefore = T0.plusSeconds(60);
        String claims = JwtForgery.claims("ann", TokenService.AUDIENCE, T0, notBefore, T0.plus(TTL));
        String good = JwtForgery.hs256(k.id(), k.secret(), claims);
        Instant inside = notBefore.plusSeconds(60);
        clock.set(inside);
        assertEquals("ann", s.verify(good).subject());
        assertEquals(1, s.rememberedTokens(), "the good token is remembered");
        assertEquals("ann", s.verify(good).subject(), "and accepted from memory");

        // The same claims under another signature, algorithm or audience, or the token's text cut or extended.
        String otherAudience = JwtForgery.hs256(
                k.id(), k.secret(), JwtForgery.claims("ann", "another-service", T0, notBefore, T0.plus(TTL)));
        for (String bad : List.of(
                JwtForgery.hs256(k.id(), new byte[32], claims),
                JwtForgery.none(claims),
                otherAudience,
                good.substring(0, good.length() - 2),
                good + "AA",
                good.substring(0, good.lastIndexOf('.')))) {
            assertEquals(Reason.UNAUTHENTICATED, refusal(s, bad), bad);
        }
        // The remembered token itself, once its times or its key no longer allow it.
        clock.set(T0); // before not-before (a clock set back beyond the skew)
        assertEquals(Reason.UNAUTHENTICATED, refusal(s, good), "not yet valid");
        clock.set(inside);
        assertEquals("ann", s.verify(good).subject());
        clock.set(T0.plus(TTL)); // expired
        assertEquals(Reason.UNAUTHENTICATED, refusal(s, good), "expired");
        clock.set(inside);
        assertEquals("ann", s.verify(good).subject());
        keys.rotate(Duration.ZERO); // its key dropped from the ring
        assertEquals(Reason.UNAUTHENTICATED, refusal(s, good), "rotated-away key");
        clock.set(T0.plus(TTL).plusSeconds(1));
        assertEquals(Reason.UNAUTHENTICATED, refusal(s, good), "still refused later");
    }

    @Test
    void rotationKeepsPreviousTokensUntilTheyExpireAndDroppingRefusesThem() {
        KeyRing keys = new KeyRing(dir, at(T0));
        TokenService s = new TokenService(keys, TTL, at(T0));
        String before = s.issue("ann").token();
        KeyRing.SigningKey first = keys.current();

        KeyRing.SigningKey second = keys.rotate(TTL);
        assertNotEquals(first.id(), second.id());
        assertEquals("ann", s.verify(before).subject(), "signed by the previous key, still in the ring");
        assertTrue(s.issue("ann").token().length() > 0);
        assertEquals(second.id(), keys.current().id());

        // another process (./gateway user rotate-keys --drop-previous) drops every old key
        new KeyRing(dir, at(T0)).rotate(Duration.ZERO);
        assertEquals(1, keys.all().size());
        assertEquals(Reason.UNAUTHENTICATED, refusal(s, before));
    }

    @Test
    void previousKeysArePrunedOnceTheirTokensCanNoLongerBeValid() {
        KeyRing keys = new KeyRing(dir, at(T0));
        String first = keys.current().id();
        String second = keys.rotate(TTL).id();
        assertEquals(List.of(second, first), ids(keys));
        KeyRing later = new KeyRing(dir, at(T0.plus(Duration.ofHours(1))));
        String third = later.rotate(TTL).id();
        // the first key stopped signing at T0, more than one token lifetime ago: gone
        assertEquals(List.of(third, second), ids(later));
    }

    private static List<String> ids(KeyRing keys) {
        return keys.all().stream().map(KeyRing.SigningKey::id).toList();
    }

    @Test
    void importsTheSingleKeyOfOlderNodes() throws Exception {
        byte[] legacy = new byte[32];
        legacy[0] = 7;
        java.nio.file.Files.writeString(
                dir.resolve("token-key"),
                java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(legacy));
        KeyRing keys = new KeyRing(dir, at(T0));
        assertEquals(7, keys.current().secret()[0]);
    }
}
