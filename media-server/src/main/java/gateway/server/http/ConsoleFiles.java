package gateway.server.http;

import gateway.model.error.GatewayException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The web console: static files (HTML, ES modules, CSS) from this module's resources, served at
 * {@code /} and {@code /console/…}; it talks to the node only through the public REST API. Every
 * answer carries a strict Content-Security-Policy (no inline script or style; images may be
 * {@code blob:} URLs, which is how the console shows thumbnails it fetched with its token).
 */
final class ConsoleFiles {
    static final String CSP = "default-src 'self'; img-src 'self' blob:; media-src 'self' blob:; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    private static final String DIR = "/gateway/server/http/console/";
    /** The files there are, and their types: nothing else under /console/ is answered. */
    private static final Map<String, String> FILES = Map.ofEntries(
            Map.entry("index.html", "text/html; charset=utf-8"),
            Map.entry("console.css", "text/css; charset=utf-8"),
            Map.entry("favicon.svg", "image/svg+xml"),
            script("api.js"),
            script("dom.js"),
            script("app.js"),
            script("login.js"),
            script("ingest.js"),
            script("search.js"),
            script("filmstrip.js"),
            script("asset.js"),
            script("timecode.js"),
            script("player.js"),
            script("waveform.js"),
            script("conform.js"),
            script("admin.js"));

    private ConsoleFiles() {}

    private static Map.Entry<String, String> script(String name) {
        return Map.entry(name, "text/javascript; charset=utf-8");
    }

    static void routing(HttpRouting.Builder routing) {
        routing.get("/", (req, res) -> send(res, "index.html"))
                // browsers ask for it by this name when a page names no icon (e.g. a JSON answer opened directly)
                .get("/favicon.ico", (req, res) -> send(res, "favicon.svg"))
                .get(
                        "/console/{file}",
                        (req, res) -> send(res, req.path().pathParameters().get("file")));
    }

    /** Security headers for any HTML or script the node serves. */
    static void secure(ServerResponse res) {
        res.header(HeaderNames.create("Content-Security-Policy"), CSP)
                .header(HeaderNames.create("X-Content-Type-Options"), "nosniff")
                .header(HeaderNames.create("Referrer-Policy"), "no-referrer");
    }

    private static void send(ServerResponse res, String file) {
        String type = FILES.get(file);
        if (type == null) {
            throw GatewayException.notFound("no console file " + file);
        }
        try (InputStream in = ConsoleFiles.class.getResourceAsStream(DIR + file)) {
            if (in == null) {
                throw GatewayException.notFound("console file " + file + " is missing from the build");
            }
            secure(res);
            res.header(HeaderNames.CONTENT_TYPE, type)
                    .header(HeaderNames.CACHE_CONTROL, "no-cache")
                    .send(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read console file " + file, e);
        }
    }
}
