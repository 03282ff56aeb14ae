package gateway.relink.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code qc} section of the conform report: the editor's reference export compared with the
 * conformed master, event by event (schema in relink-service/README.md). It is the QC worker's
 * answer as is: the reference (rate, size, frames, start timecode, how it was aligned), notes,
 * totals per finding and one row per video event with its finding ({@code ok}, {@code offset},
 * {@code different_picture}, {@code flopped}, {@code colour_differs}, {@code not_checked}), its
 * signed offset, similarity, message and, for an event not OK, the file names of the reference and
 * conformed pictures in {@code pictures_folder} (beside the report).
 */
public final class QcSection {
    /** The findings that are problems (not {@code ok}, not {@code not_checked}). */
    private static final List<String> PROBLEMS = List.of("offset", "different_picture", "flopped", "colour_differs");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode qc;

    private QcSection(ObjectNode qc) {
        this.qc = qc;
    }

    /** Reads the QC worker's answer; INTERNAL when it is not the expected JSON object. */
    public static QcSection fromJson(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            if (!(n instanceof ObjectNode o) || !o.path("events").isArray()) {
                throw new GatewayException(Reason.INTERNAL, "the QC answer is not a QC section: " + abbreviate(json));
            }
            return new QcSection(o);
        } catch (JsonProcessingException e) {
            throw new GatewayException(Reason.INTERNAL, "the QC answer is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The events found wrong (offset, different picture, flopped, colour differs). */
    public int problems() {
        int n = 0;
        for (String p : PROBLEMS) {
            n += qc.path("totals").path(p).asInt();
        }
        return n;
    }

    /** One line per event found wrong: "event 3 (V1): offset by -1 frame(s): ...". */
    public List<String> problemLines() {
        List<String> lines = new ArrayList<>();
        for (JsonNode e : qc.path("events")) {
            if (PROBLEMS.contains(e.path("status").asText())) {
                lines.add("event " + e.path("event").asText() + " ("
                        + e.path("track").asText() + "): " + e.path("message").asText());
            }
        }
        return lines;
    }

    /** "QC against ref.mov: 10 ok, 1 offset, 2 not checked". */
    public String summary() {
        StringBuilder sb =
                new StringBuilder("QC against " + qc.path("reference").asText());
        String sep = ": ";
        Iterator<Map.Entry<String, JsonNode>> totals = qc.path("totals").fields();
        while (totals.hasNext()) {
            Map.Entry<String, JsonNode> t = totals.next();
            if (t.getValue().asInt() > 0) {
                sb.append(sep)
                        .append(t.getValue().asInt())
                        .append(' ')
                        .append(t.getKey().replace('_', ' '));
                sep = ", ";
            }
        }
        return sb.toString();
    }

    void json(ObjectNode root) {
        root.set("qc", qc.deepCopy());
    }

    /** The section as the JSON object a report's {@code "qc"} holds. */
    public String toJson() {
        return qc.toString();
    }

    void html(StringBuilder h) {
        String folder = qc.path("pictures_folder").asText("");
        h.append("<h2 id=\"qc\">Conform QC</h2>\n<p>Reference <b>")
                .append(ConformReport.escape(qc.path("reference").asText()))
                .append("</b>: ")
                .append(ConformReport.escape(
                        qc.path("width").asText() + "x" + qc.path("height").asText()))
                .append(" at ")
                .append(ConformReport.escape(qc.path("rate").asText()))
                .append(" fps, ")
                .append(qc.path("frames").asLong())
                .append(" frames")
                .append(
                        qc.path("start_timecode").isTextual()
                                ? ", from "
                                        + ConformReport.escape(
                                                qc.path("start_timecode").asText())
                                : "")
                .append("; each event searched &plusmn;")
                .append(qc.path("search_frames").asInt())
                .append(" frames. ")
                .append(ConformReport.escape(summary()))
                .append(
                        problems() == 0
                                ? " &mdash; no problem found."
                                : " &mdash; <b>" + problems() + " problem(s)</b>.")
                .append("</p>\n");
        if (qc.path("notes").size() > 0) {
            h.append("<ul>\n");
            qc.path("notes").forEach(n -> h.append("<li>")
                    .append(ConformReport.escape(n.asText()))
                    .append("</li>\n"));
            h.append("</ul>\n");
        }
        h.append("<p>Offsets: +k means the conform shows at each record frame what the reference shows k frames")
                .append(" later (its source starts k frames late); &minus;k the reverse.</p>\n")
                .append("<table class=\"qc\">\n<tr><th>event</th><th>track</th><th>finding</th><th>offset</th>")
                .append("<th>similarity</th><th>reference</th><th>conformed</th><th>message</th></tr>\n");
        for (JsonNode e : qc.path("events")) {
            String status = e.path("status").asText();
            h.append("<tr class=\"qc_").append(ConformReport.escape(status)).append("\">");
            cell(h, e.path("event").asText());
            cell(h, e.path("track").asText());
            cell(h, status.replace('_', ' '));
            cell(
                    h,
                    status.equals("offset") || status.equals("flopped")
                            ? signed(e.path("offset").asInt())
                            : "");
            cell(
                    h,
                    e.path("similarity").isNumber()
                            ? String.format(
                                    Locale.ROOT, "%.3f", e.path("similarity").asDouble())
                            : "");
            picture(h, folder, e.path("reference_picture"), "reference", e);
            picture(h, folder, e.path("conformed_picture"), "conformed", e);
            cell(h, e.path("message").asText());
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static String signed(int k) {
        return k > 0 ? "+" + k : Integer.toString(k);
    }

    private static void picture(StringBuilder h, String folder, JsonNode file, String which, JsonNode e) {
        if (!file.isTextual()) {
            h.append("<td></td>");
            return;
        }
        String src = folder.isEmpty() ? file.asText() : folder + "/" + file.asText();
        h.append("<td><img class=\"qcpic\" src=\"")
                .append(ConformReport.escape(src))
                .append("\" alt=\"")
                .append(ConformReport.escape(
                        which + " picture of event " + e.path("event").asText()))
                .append("\" title=\"")
                .append(ConformReport.escape(
                        which + ", frame " + e.path("frame").asText() + " of the cut"))
                .append("\"></td>");
    }

    private static void cell(StringBuilder h, String text) {
        h.append("<td>").append(ConformReport.escape(text)).append("</td>");
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
