package gateway.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.server.GatewayNode;
import gateway.server.cluster.LoopbackPair;
import gateway.server.config.GatewayConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on loopback on the cluster's shared store (so the same signing key and users): a user
 * revoked on one node, a single token revoked on it, and a user revoked by the command line beside
 * it (straight into the file), are refused by the other, and the revocation is in the file.
 */
class ClusterRevocationIT {
    @TempDir
    Path dir;

    @Test
    void revokedOnOneNodeRefusedByTheOther() throws Exception {
        LoopbackPair pair = LoopbackPair.under(dir, "revocations");
        GatewayConfig configA = pair.a();
        GatewayConfig configB = pair.b();
        try (GatewayNode a = GatewayNode.start(configA, line -> {})) {
            a.users().put("ed", "ed-password", Map.of(new ProjectId("p1"), Role.EDITOR));
            a.users().put("ann", "ann-password", Map.of(new ProjectId("p1"), Role.VIEWER));
            a.users().put("cli", "cli-password", Map.of(new ProjectId("p1"), Role.VIEWER));
            String cli =
                    "Bearer " + a.authenticator().login("cli", "cli-password").accessToken();
            String ed = "Bearer " + a.authenticator().login("ed", "ed-password").accessToken();
            String annKept =
                    "Bearer " + a.authenticator().login("ann", "ann-password").accessToken();
            String annDropped =
                    "Bearer " + a.authenticator().login("ann", "ann-password").accessToken();
            // B shares A's store, so its signing key and users.
            Path securityB = configB.store().securityDir();
            try (GatewayNode b = GatewayNode.start(configB, line -> {})) {
                assertEquals(
                        "ed",
                        b.authenticator().authenticate(ed, "test").principal().subject());
                assertEquals(
                        "ann",
                        b.authenticator()
                                .authenticate(annDropped, "test")
                                .principal()
                                .subject());

                a.authenticator().revokeSubject("ed", "admin");
                awaitRefused(b, ed);
                assertTrue(
                        Files.readString(securityB.resolve("revocations.json")).contains("\"ed\""),
                        "the revocation is kept in the store's state file");

                Credential dropped =
                        a.authenticator().authenticate(annDropped, "test").credential();
                a.authenticator().revokeToken(dropped);
                awaitRefused(b, annDropped);
                assertEquals(
                        "ann",
                        b.authenticator()
                                .authenticate(annKept, "test")
                                .principal()
                                .subject(),
                        "only the one token is revoked");

                // As `./gateway user revoke cli` does it: another process writes A's file.
                assertEquals(
                        "cli",
                        b.authenticator()
                                .authenticate(cli, "before")
                                .principal()
                                .subject());
                new RevocationRegistry(configA.store().securityDir(), java.time.Clock.systemUTC()).revokeSubject("cli");
                awaitRefused(b, cli);

                // And the other way round.
                b.authenticator().revokeSubject("ann", "admin");
                awaitRefused(a, annKept);
            }
        }
    }

    private static void awaitRefused(GatewayNode node, String bearer) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                node.authenticator().authenticate(bearer, "test");
            } catch (GatewayException e) {
                assertEquals(Reason.UNAUTHENTICATED, e.reason());
                assertThrows(GatewayException.class, () -> node.authenticator().authenticate(bearer, "again"));
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the token is still accepted 30 s after its revocation elsewhere");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }
}
