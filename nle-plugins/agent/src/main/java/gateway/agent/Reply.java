package gateway.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.model.error.GatewayException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a route answers when a plain JSON object with status 200 will not do: another status,
 * other headers, or bytes written as they come ({@link Body}). A handler may return a
 * {@link JsonNode} (200) or a {@code Reply}.
 *
 * @param length the body's length in bytes, or -1 when not known before it is written
 */
record Reply(int status, String contentType, Map<String, String> headers, long length, Body body) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Writes the body; an exception after the first byte can only cut the connection. */
    @FunctionalInterface
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    Reply {
        headers = Map.copyOf(headers);
    }

    static Reply json(int status, JsonNode body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new GatewayException(gateway.model.error.Reason.INTERNAL, "cannot write JSON: " + e.getMessage(), e);
        }
        return bytes(status, "application/json; charset=utf-8", bytes);
    }

    static Reply bytes(int status, String contentType, byte[] bytes) {
        return new Reply(status, contentType, Map.of(), bytes.length, out -> out.write(bytes));
    }

    Reply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Reply(status, contentType, more, length, body);
    }
}
