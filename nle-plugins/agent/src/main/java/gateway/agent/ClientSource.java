package gateway.agent;

import gateway.client.ClientOptions;
import gateway.client.GatewayClient;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Opens a {@link GatewayClient} for one piece of work, from {@code --server}/{@code --token} when
 * given, else from the stored session, whose access token it refreshes (and stores) when it is
 * about to expire. Thread-safe: the localhost API opens clients from many threads.
 */
final class ClientSource {
    private static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);

    private final Path sessionFile;
    private final ServerAddress server;
    private final String token;
    private final Path trustedCertificate;
    private final ClientOptions options;
    private final Clock clock;
    private volatile Runnable refreshing = () -> {};

    /** {@code server}, {@code token} and {@code trustedCertificate} override the session when not null. */
    ClientSource(
            Path sessionFile,
            ServerAddress server,
            String token,
            Path trustedCertificate,
            ClientOptions options,
            Clock clock) {
        this.sessionFile = sessionFile;
        this.server = server;
        this.token = token;
        this.trustedCertificate = trustedCertificate;
        this.options = options;
        this.clock = clock;
    }

    /** Runs {@code beforeRefresh} each time the stored session's access token is about to be renewed. */
    void onRefresh(Runnable beforeRefresh) {
        this.refreshing = beforeRefresh;
    }

    /** The stored login, if any (not refreshed). */
    Optional<StoredSession> session() {
        return StoredSession.read(sessionFile);
    }

    /** The node this source connects to: {@code --server}, else the stored session's; null when neither. */
    ServerAddress server() {
        return server != null ? server : session().map(StoredSession::server).orElse(null);
    }

    GatewayClient open() {
        if (token != null) {
            Optional<StoredSession> stored = StoredSession.read(sessionFile);
            ServerAddress to = server != null
                    ? server
                    : stored.map(StoredSession::server)
                            .orElseThrow(() -> GatewayException.invalid(
                                    "--token needs --server HOST:PORT (no stored session names a server)"));
            Path pem = trustedCertificate != null
                    ? trustedCertificate
                    : stored.map(StoredSession::trustedCertificate).orElse(null);
            return connect(to, pem, token);
        }
        StoredSession session = current();
        Path pem = trustedCertificate != null ? trustedCertificate : session.trustedCertificate();
        return connect(session.server(), pem, session.accessToken());
    }

    /** The stored session, refreshed first when it is about to expire; one thread at a time. */
    private synchronized StoredSession current() {
        StoredSession session = StoredSession.read(sessionFile)
                .orElseThrow(
                        () -> new GatewayException(
                                Reason.UNAUTHENTICATED,
                                "not logged in: run 'gateway agent login --server HOST:PORT --user NAME --password ...' first"));
        if (server != null && !server.equals(session.server())) {
            throw new GatewayException(
                    Reason.UNAUTHENTICATED,
                    "logged in to " + session.server() + ", not " + server + ": log in to " + server + " first");
        }
        Instant soon = clock.instant().plus(REFRESH_MARGIN);
        if (!session.accessExpiresBefore(soon)) {
            return session;
        }
        if (!session.canRefreshAt(clock.instant())) {
            throw new GatewayException(
                    Reason.UNAUTHENTICATED,
                    "the session of " + session.subject() + " expired at " + session.accessExpiresAt()
                            + ": log in again");
        }
        refreshing.run();
        try {
            StoredSession fresh = GatewayLogin.refresh(session);
            fresh.write(sessionFile);
            return fresh;
        } catch (GatewayException e) {
            // Another agent process may have used the single-use refresh token a moment ago.
            Optional<StoredSession> reread = StoredSession.read(sessionFile);
            if (e.reason() == Reason.UNAUTHENTICATED
                    && reread.isPresent()
                    && !reread.get().accessExpiresBefore(soon)) {
                return reread.get();
            }
            throw e;
        }
    }

    private GatewayClient connect(ServerAddress to, Path pem, String accessToken) {
        ClientOptions withToken = options.withBearerToken(accessToken);
        return GatewayClient.connect(
                to.host(), to.port(), pem == null ? withToken : withToken.withTrustedCertificate(pem));
    }
}
