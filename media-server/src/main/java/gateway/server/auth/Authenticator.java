package gateway.server.auth;

import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.time.Instant;
import java.util.List;

/**
 * Who is calling, for gRPC and REST alike: logs people in, swaps refresh tokens and API keys for
 * access tokens, checks a bearer token on every call (signature, key, claims, revocation, the
 * user still enabled) and writes each refusal to the audit log before answering.
 */
public final class Authenticator {
    /** What a successful login, refresh or key exchange hands back. */
    public record Tokens(
            String accessToken,
            Instant accessExpiresAt,
            String refreshToken,
            Instant refreshExpiresAt,
            String subject,
            List<ProjectId> projects) {}

    /** An authenticated caller: its current grants and the token it came with. */
    public record Caller(Principal principal, Credential credential) {}

    private final UserDirectory users;
    private final TokenService tokens;
    private final RefreshTokens refreshTokens;
    private final ApiKeys apiKeys;
    private final RevocationRegistry revocations;
    private final AuditLog audit;
    private final CallRateLimit logins;

    public Authenticator(
            UserDirectory users,
            TokenService tokens,
            RefreshTokens refreshTokens,
            ApiKeys apiKeys,
            RevocationRegistry revocations,
            AuditLog audit,
            CallRateLimit logins) {
        this.users = users;
        this.tokens = tokens;
        this.refreshTokens = refreshTokens;
        this.apiKeys = apiKeys;
        this.revocations = revocations;
        this.audit = audit;
        this.logins = logins;
    }

    /** A person's login: access and refresh tokens, or UNAUTHENTICATED without saying which part was wrong. */
    public Tokens login(String username, String password) {
        String who = username == null || username.isBlank() ? "-" : username;
        logins.acquire("user " + who);
        Principal p = users.authenticate(username, password).orElse(null);
        audit.record(who, "LOGIN", "", "password", p != null);
        if (p == null) {
            throw new GatewayException(Reason.UNAUTHENTICATED, "wrong user name or password");
        }
        RefreshTokens.Issued refresh = refreshTokens.issue(p.subject());
        return tokens(p, refresh);
    }

    /** A new access token and the refresh token's successor; the presented one stops working. */
    public Tokens refresh(String refreshToken) {
        RefreshTokens.Redeemed r;
        try {
            r = refreshTokens.redeem(refreshToken);
        } catch (GatewayException e) {
            audit.record("-", "REFRESH", "", "refresh-token", false, e.getMessage());
            throw e;
        }
        Principal p = users.principal(r.subject()).orElse(null);
        audit.record(r.subject(), "REFRESH", "", "refresh-token", p != null);
        if (p == null) {
            refreshTokens.revokeSubject(r.subject());
            throw new GatewayException(Reason.UNAUTHENTICATED, "user " + r.subject() + " is disabled or gone");
        }
        return tokens(p, r.next());
    }

    /** An access token for an API key's owner (no refresh token: the key is exchanged again). */
    public Tokens exchangeApiKey(String apiKey) {
        ApiKeys.ApiKey key;
        try {
            logins.acquire("api key");
            key = apiKeys.verify(apiKey);
        } catch (GatewayException e) {
            audit.record("-", "API_KEY", "", "api-key", false, e.getMessage());
            throw e;
        }
        Principal p = users.principal(key.owner()).orElse(null);
        audit.record(key.owner(), "API_KEY", "", "api-key " + key.id(), p != null);
        if (p == null) {
            throw new GatewayException(Reason.UNAUTHENTICATED, "the owner of API key " + key.id() + " is disabled");
        }
        return tokens(p, null);
    }

    /**
     * The caller behind an {@code authorization} header value ("Bearer …"), calling {@code target}
     * (a gRPC method or an HTTP route); UNAUTHENTICATED, audited, otherwise.
     */
    public Caller authenticate(String authorization, String target) {
        String subject = "-";
        try {
            if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new GatewayException(Reason.UNAUTHENTICATED, "no bearer access token");
            }
            TokenService.Claims claims =
                    tokens.verify(authorization.substring(7).trim());
            subject = claims.subject();
            Credential c = claims.credential();
            if (!revocations.isActive(c)) {
                throw new GatewayException(Reason.UNAUTHENTICATED, "access token has been revoked; log in again");
            }
            Principal p = users.principal(c.subject())
                    .orElseThrow(() -> new GatewayException(
                            Reason.UNAUTHENTICATED, "user " + claims.subject() + " is disabled or gone"));
            return new Caller(p, c);
        } catch (GatewayException e) {
            audit.record(subject, "AUTHENTICATE", "", target, false, e.getMessage());
            throw e;
        }
    }

    /** Whether a call started with {@code c} may go on: not revoked, the user still enabled. */
    public boolean isActive(Credential c) {
        return revocations.isActive(c) && users.principal(c.subject()).isPresent();
    }

    /** Revokes every access and refresh token of {@code subject} (streams stop at their next check). */
    public void revokeSubject(String subject, String by) {
        revocations.revokeSubject(subject);
        refreshTokens.revokeSubject(subject);
        audit.record(by, "REVOKE_TOKENS", "", "user " + subject, true);
    }

    /**
     * A log-out: revokes the access token {@code c} and, when given, the refresh token of the same
     * login (it must be the caller's; someone else's is refused with INVALID_ARGUMENT, audited).
     */
    public void logout(Credential c, String refreshToken) {
        if (refreshToken != null && !refreshToken.isBlank()) {
            boolean revoked = refreshTokens.revokeFamily(refreshToken, c.subject());
            audit.record(
                    c.subject(),
                    "LOGOUT",
                    "",
                    "refresh-token",
                    revoked,
                    revoked ? "" : "not this user's live refresh token");
            if (!revoked) {
                throw GatewayException.invalid("log-out: the refresh token is not one of your live logins");
            }
        }
        revokeToken(c);
    }

    /** Revokes one access token (e.g. a log-out). */
    public void revokeToken(Credential c) {
        revocations.revokeToken(c.tokenId(), c.expiresAt());
        audit.record(c.subject(), "REVOKE_TOKEN", "", "token " + c.tokenId(), true);
    }

    public UserDirectory users() {
        return users;
    }

    public ApiKeys apiKeys() {
        return apiKeys;
    }

    public TokenService tokens() {
        return tokens;
    }

    private Tokens tokens(Principal p, RefreshTokens.Issued refresh) {
        TokenService.Issued access = tokens.issue(p.subject());
        return new Tokens(
                access.token(),
                access.expiresAt(),
                refresh == null ? null : refresh.token(),
                refresh == null ? null : refresh.expiresAt(),
                p.subject(),
                p.readable().stream()
                        .sorted((a, b) -> a.value().compareTo(b.value()))
                        .toList());
    }
}
