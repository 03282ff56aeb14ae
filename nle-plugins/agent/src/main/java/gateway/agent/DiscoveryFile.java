package gateway.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.model.asset.DurableFiles;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code <home>/agent.json}: how the NLE shims find a running agent (API.md, "Finding the agent"):
 * {@code {"version": 1, "port", "token", "pid", "base_url"}}, mode 600, written durably, deleted
 * when the agent stops.
 */
final class DiscoveryFile {
    static final String FILE_NAME = "agent.json";
    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    DiscoveryFile(Path home) {
        this.file = home.resolve(FILE_NAME);
    }

    Path path() {
        return file;
    }

    void write(int port, ApiToken token, long pid) {
        ObjectNode n = JSON.createObjectNode();
        n.put("version", VERSION);
        n.put("port", port);
        n.put("token", token.value());
        n.put("pid", pid);
        n.put("base_url", "http://127.0.0.1:" + port);
        try {
            DurableFiles.write(file, JSON.writeValueAsBytes(n), DurableFiles.Access.OWNER_ONLY);
        } catch (JsonProcessingException e) {
            throw new GatewayException(Reason.INTERNAL, "cannot serialise " + file + ": " + e.getMessage(), e);
        }
    }

    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw GatewayException.io("cannot delete the discovery file " + file + ": " + e.getMessage(), e);
        }
    }
}
