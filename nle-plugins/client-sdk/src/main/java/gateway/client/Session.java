package gateway.client;

import gateway.protos.auth.v1.Tokens;
import gateway.protos.mapper.AssetMapper;
import java.time.Instant;
import java.util.List;

/**
 * Who the client is logged in as. The tokens themselves stay inside the client.
 *
 * @param subject the user name or the API key's owner
 * @param projects the projects the subject may read
 * @param accessExpiresAt when the access token stops working; call {@link GatewayClient#refresh()} before
 * @param refreshExpiresAt when the refresh token stops working; null when the server did not say
 */
public record Session(String subject, List<String> projects, Instant accessExpiresAt, Instant refreshExpiresAt) {
    public Session {
        projects = List.copyOf(projects);
    }

    static Session of(Tokens tokens) {
        return new Session(
                tokens.getSubject(),
                tokens.getProjectsList(),
                tokens.hasAccessExpiresAt() ? AssetMapper.fromProto(tokens.getAccessExpiresAt()) : null,
                tokens.hasRefreshExpiresAt() ? AssetMapper.fromProto(tokens.getRefreshExpiresAt()) : null);
    }
}
