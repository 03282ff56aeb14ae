package gateway.server.conform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.model.error.GatewayException;
import gateway.proxy.finish.NotRendered;
import gateway.relink.ConformResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Adds to a conform's reports the clips a render-anyway master shows black with the reason written
 * on them: in {@code conform-report.json} each such event's row gets {@code "render": "black: <reason>"}
 * and the root a {@code "rendered_black"} list ({event, clip, reason}); {@code conform-report.html}
 * gets a "Rendered black" table. The reports are written before the render; this rewrites them.
 */
final class RenderedBlackReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RenderedBlackReport() {}

    static void add(ConformResult result, Path master, List<NotRendered> black) {
        if (black.isEmpty()) {
            return;
        }
        try {
            if (result.reportJson() != null && Files.isRegularFile(result.reportJson())) {
                ObjectNode root = (ObjectNode) JSON.readTree(result.reportJson().toFile());
                ArrayNode list = root.putArray("rendered_black");
                for (NotRendered n : black) {
                    list.addObject()
                            .put("event", n.event())
                            .put("clip", n.clip())
                            .put("reason", n.reason());
                    for (JsonNode row : root.path("events")) {
                        if (row instanceof ObjectNode o && matches(o, n)) {
                            o.put("render", "black: " + n.reason());
                        }
                    }
                }
                Files.writeString(
                        result.reportJson(),
                        JSON.writeValueAsString(root) + "\n", // as ConformReport writes it
                        StandardCharsets.UTF_8);
            }
            if (result.reportHtml() != null && Files.isRegularFile(result.reportHtml())) {
                String html = Files.readString(result.reportHtml(), StandardCharsets.UTF_8);
                int end = html.lastIndexOf("</body>");
                if (end >= 0) {
                    Files.writeString(
                            result.reportHtml(),
                            html.substring(0, end) + section(master, black) + html.substring(end),
                            StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            throw GatewayException.io("cannot add the clips rendered black to the report: " + e.getMessage(), e);
        }
    }

    /** The event's row: same event number, or (no number) the same clip name. */
    private static boolean matches(ObjectNode row, NotRendered n) {
        if (!n.event().isEmpty()) {
            return n.event().equals(row.path("event").asText());
        }
        return n.clip().equals(row.path("clip_name").asText());
    }

    private static String section(Path master, List<NotRendered> black) {
        StringBuilder h = new StringBuilder("<h2>Rendered black</h2>\n<p>")
                .append(escape(master.getFileName().toString()))
                .append(" was rendered anyway: these clips show black with the reason written on them.</p>\n")
                .append("<table><tr><th>event</th><th>clip</th><th>reason</th></tr>\n");
        for (NotRendered n : black) {
            h.append("<tr class=\"unmatched\"><td>")
                    .append(escape(n.event()))
                    .append("</td><td>")
                    .append(escape(n.clip()))
                    .append("</td><td>")
                    .append(escape(n.reason()))
                    .append("</td></tr>\n");
        }
        return h.append("</table>\n").toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
