package gateway.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiscoveryFileTest {
    @TempDir
    Path home;

    @Test
    void isOwnerOnlyHoldsTheContractsFieldsAndIsDeletedOnStop() throws IOException {
        ApiToken token = ApiToken.random();
        DiscoveryFile file = new DiscoveryFile(home);

        file.write(47474, token, 12345);

        Path written = home.resolve("agent.json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(written)));
        JsonNode n = new ObjectMapper().readTree(Files.readAllBytes(written));
        assertEquals(1, n.get("version").asInt());
        assertEquals(47474, n.get("port").asInt());
        assertEquals(token.value(), n.get("token").asText());
        assertEquals(12345, n.get("pid").asLong());
        assertEquals("http://127.0.0.1:47474", n.get("base_url").asText());
        try (var left = Files.list(home)) {
            assertEquals(1, left.count(), "no temp file is left beside it");
        }

        file.delete();
        assertFalse(Files.exists(written));
    }

    @Test
    void tokensAreFortyThreeUrlSafeCharactersAndFreshEachTime() {
        ApiToken a = ApiToken.random();
        ApiToken b = ApiToken.random();
        assertTrue(a.value().matches("[A-Za-z0-9_-]{43}"), a.value());
        assertNotEquals(a.value(), b.value());
        assertTrue(a.matches(a.value()));
        assertFalse(a.matches(b.value()));
        assertFalse(a.matches(null));
        assertFalse(a.toString().contains(a.value()));
    }
}
