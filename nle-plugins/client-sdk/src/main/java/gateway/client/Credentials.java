package gateway.client;

import gateway.protos.auth.v1.Tokens;
import gateway.protos.mapper.AssetMapper;
import java.time.Instant;

/**
 * The tokens of a login, for a program that must keep them between runs (the editor's agent
 * stores them in its session file and refreshes them later with {@link GatewayClient#refresh(String)}).
 * Secrets: {@link #toString()} never shows the tokens.
 *
 * @param subject the user name or the API key's owner
 * @param accessToken the bearer token later calls carry
 * @param accessExpiresAt when the access token stops working; null when the server did not say
 * @param refreshToken the single-use token that buys new tokens; null when the server gave none
 * @param refreshExpiresAt when the refresh token stops working; null when the server did not say
 */
public record Credentials(
        String subject, String accessToken, Instant accessExpiresAt, String refreshToken, Instant refreshExpiresAt) {

    static Credentials of(Tokens t) {
        return new Credentials(
                t.getSubject(),
                t.getAccessToken(),
                t.hasAccessExpiresAt() ? AssetMapper.fromProto(t.getAccessExpiresAt()) : null,
                t.getRefreshToken().isEmpty() ? null : t.getRefreshToken(),
                t.hasRefreshExpiresAt() ? AssetMapper.fromProto(t.getRefreshExpiresAt()) : null);
    }

    @Override
    public String toString() {
        return "credentials of " + subject + (accessExpiresAt == null ? "" : ", valid until " + accessExpiresAt);
    }
}
