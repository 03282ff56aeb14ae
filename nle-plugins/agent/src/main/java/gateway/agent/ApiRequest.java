package gateway.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;

/**
 * One request to the localhost API as a route's handler sees it, already checked (loopback peer,
 * Host, token): the path's captured groups, the query, the headers and the JSON body.
 */
final class ApiRequest {
    static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String method;
    private final String path;
    private final Matcher matched;
    private final Function<String, Optional<String>> query;
    private final Function<String, Optional<String>> headers;
    private final InputStream body;

    ApiRequest(
            String method,
            String path,
            Matcher matched,
            Function<String, Optional<String>> query,
            Function<String, Optional<String>> headers,
            InputStream body) {
        this.method = method;
        this.path = path;
        this.matched = matched;
        this.query = query;
        this.headers = headers;
        this.body = body;
    }

    String method() {
        return method;
    }

    String path() {
        return path;
    }

    /** The {@code n}th group the route's path pattern captured (1 is the first). */
    String pathGroup(int n) {
        return matched.group(n);
    }

    Optional<String> query(String name) {
        return query.apply(name);
    }

    Optional<String> header(String name) {
        return headers.apply(name);
    }

    /** The body as a JSON object: 415 unless {@code application/json}, 413 above 1 MiB, 400 when not an object. */
    JsonNode json() {
        String type = header("Content-Type").orElse(null);
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new GatewayException(Reason.UNSUPPORTED, "the body must be application/json, not " + type);
        }
        byte[] bytes;
        try (InputStream in = body) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw GatewayException.io("cannot read the request body: " + e.getMessage(), e);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new GatewayException(Reason.RESOURCE_LIMIT, "the body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        try {
            JsonNode n = JSON.readTree(bytes);
            if (n == null || !n.isObject()) {
                throw new GatewayException(Reason.PARSE_ERROR, "the body must be a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new GatewayException(Reason.PARSE_ERROR, "the body is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            // The body is in memory: what fails here is its encoding (bytes Jackson takes for
            // UTF-32 that are not), the sender's fault.
            throw new GatewayException(Reason.PARSE_ERROR, "the body is not JSON text: " + e.getMessage(), e);
        }
    }

    static int wholeNumber(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw GatewayException.invalid("'" + text + "' is not a whole number");
        }
    }
}
