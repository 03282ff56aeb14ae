package gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gateway.client.ClientOptions;
import gateway.client.GatewayClient;
import gateway.client.SearchResult;
import gateway.client.Session;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.server.GatewayNode;
import gateway.server.config.GatewayConfig;
import gateway.server.fixtures.UpgradeFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node started by today's code on a copy of the store commit 4942a1a wrote: it opens it (its
 * TLS certificate, key ring, users, index), logs the fixture's user in over the real gRPC
 * AuthService with the password hashed then, exchanges the API key made then, refuses the revoked
 * user's old token, and answers a search over the fixture's manifests from the index written then.
 */
@Timeout(120)
class StoreUpgradeIT {
    @TempDir
    Path dir;

    @Test
    void aNodeOnTheOldStoreLogsInAndSearches() throws Exception {
        Path store = dir.resolve("store");
        UpgradeFixture fixture = UpgradeFixture.copyStoreTo(store);
        List<String> log = new ArrayList<>();
        try (GatewayNode node = GatewayNode.start(GatewayConfig.standalone(store, "upgrade"), log::add)) {
            assertEquals(
                    List.of(),
                    log.stream().filter(l -> l.startsWith("rebuilt the index")).toList(),
                    "the index written by the old version is used as it is");
            Path trust = node.trustFile().orElseThrow();
            assertEquals(store.resolve("security/tls/cert.pem"), trust, "the old certificate is kept");
            try (GatewayClient c = GatewayClient.connect("127.0.0.1", node.grpcPort(), ClientOptions.tls(trust))) {
                Session s = c.login("ana", fixture.get("password"));
                assertEquals("ana", s.subject());
                assertEquals(List.of(UpgradeFixture.PROJECT), s.projects());
                SearchResult hits = c.search("A001C003", UpgradeFixture.PROJECT, 10);
                assertEquals(1, hits.totalHits());
                assertEquals(
                        UpgradeFixture.ASSETS.get(0),
                        hits.hits().get(0).assetId().value());
                SearchResult reel = c.search("reel:A001", UpgradeFixture.PROJECT, 10);
                assertEquals(
                        Set.copyOf(UpgradeFixture.ASSETS),
                        Set.copyOf(reel.hits().stream()
                                .map(h -> h.assetId().value())
                                .toList()));
            }
            try (GatewayClient c = GatewayClient.connect("127.0.0.1", node.grpcPort(), ClientOptions.tls(trust))) {
                assertEquals("ana", c.loginWithApiKey(fixture.get("apiKey")).subject());
                assertEquals(1, c.search("B002C007", UpgradeFixture.PROJECT, 10).totalHits());
            }
            try (GatewayClient c = GatewayClient.connect("127.0.0.1", node.grpcPort(), ClientOptions.tls(trust))) {
                GatewayException e =
                        assertThrows(GatewayException.class, () -> c.login("ana", fixture.get("password") + "x"));
                assertEquals(Reason.UNAUTHENTICATED, e.reason());
            }
        }
    }
}
