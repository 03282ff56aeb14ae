package gateway.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserDirectoryAuthTest {
    private static final ScryptParams FAST = ScryptParams.DEFAULT.withLog2N(10);
    private static final ProjectId P = new ProjectId("p1");

    @TempDir
    Path dir;

    @Test
    void upgradesAnOldPbkdf2HashToScryptAtTheNextLogin() throws Exception {
        byte[] salt = "0123456789abcdef".getBytes();
        byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec("old-password".toCharArray(), salt, 1000, 256))
                .getEncoded();
        Files.writeString(dir.resolve("users.json"), """
                {"ann": {"name": "ann", "salt": "%s", "hash": "%s", "iterations": 1000,
                         "grants": {"p1": "EDITOR"}, "disabled": false}}
                """.formatted(
                Base64.getEncoder().encodeToString(salt), Base64.getEncoder().encodeToString(hash)));
        UserDirectory users = new UserDirectory(dir, FAST);
        assertEquals(
                PasswordHash.PBKDF2, users.user("ann").orElseThrow().password().scheme());

        assertTrue(users.authenticate("ann", "wrong-password").isEmpty());
        assertEquals(
                PasswordHash.PBKDF2, users.user("ann").orElseThrow().password().scheme());

        Principal p = users.authenticate("ann", "old-password").orElseThrow();
        assertEquals(Role.EDITOR, p.grants().get(P));
        PasswordHash now = users.user("ann").orElseThrow().password();
        assertEquals(PasswordHash.SCRYPT, now.scheme());
        assertEquals(FAST, now.scrypt());
        // a fresh directory on the same file reads the new format and still logs in
        assertTrue(
                new UserDirectory(dir, FAST).authenticate("ann", "old-password").isPresent());
        assertFalse(Files.readString(dir.resolve("users.json")).contains("\"iterations\" : 1000"));
    }

    @Test
    void aChangeMadeByAnotherProcessIsSeenAtTheNextLookUp() {
        UserDirectory node = new UserDirectory(dir, FAST);
        UserDirectory cli = new UserDirectory(dir, FAST);
        cli.add("bob", "bob-password", Map.of(P, Role.VIEWER));
        assertTrue(node.principal("bob").isPresent());
        cli.setDisabled("bob", true);
        assertTrue(node.principal("bob").isEmpty());
        assertTrue(node.authenticate("bob", "bob-password").isEmpty());
        cli.setDisabled("bob", false);
        cli.grant("bob", new ProjectId("p2"), Role.ADMIN);
        assertEquals(Role.ADMIN, node.principal("bob").orElseThrow().grants().get(new ProjectId("p2")));
        cli.revokeGrant("bob", P);
        assertFalse(node.principal("bob").orElseThrow().grants().containsKey(P));
    }

    @Test
    void refusesDuplicatesShortPasswordsAndBadNames() {
        UserDirectory users = new UserDirectory(dir, FAST);
        users.add("cat", "cat-password", Map.of(P, Role.VIEWER));
        assertEquals(
                Reason.ALREADY_EXISTS,
                assertThrows(GatewayException.class, () -> users.add("cat", "cat-password", Map.of()))
                        .reason());
        assertThrows(GatewayException.class, () -> users.add("dog", "short", Map.of()));
        assertThrows(GatewayException.class, () -> users.add("no spaces", "long-enough", Map.of()));
        assertEquals(
                Reason.NOT_FOUND,
                assertThrows(GatewayException.class, () -> users.setPassword("nobody", "long-enough"))
                        .reason());
    }
}
