package gateway.relink.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.model.asset.DurableFiles;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.time.TimeRange;
import gateway.model.time.Timecode;
import gateway.relink.consolidate.ConsolidationPlan;
import gateway.relink.link.AssetCatalogue;
import gateway.relink.link.Candidate;
import gateway.relink.link.EventLink;
import gateway.relink.link.LinkResult;
import gateway.relink.link.LinkStatus;
import gateway.relink.nest.NestOrigin;
import gateway.relink.read.EditProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The conform report: every event of the edit with its record and source range, the original it
 * was linked to (or none), how and why. {@link #toJson()} is {@code conform-report.json} (schema in
 * relink-service/README.md), {@link #toHtml()} is {@code conform-report.html}.
 */
public final class ConformReport {
    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String edit;
    private final String format;
    private final ProjectId project;
    private final int handlesFrames;
    private final LinkResult result;
    private final List<EditProblem> problems;
    private final ConsolidationPlan consolidation;
    private final ReportPictures.Chosen pictures;

    public ConformReport(
            String edit,
            String format,
            ProjectId project,
            int handlesFrames,
            LinkResult result,
            List<EditProblem> problems) {
        this.edit = Objects.requireNonNull(edit, "edit");
        this.format = Objects.requireNonNull(format, "format");
        this.project = Objects.requireNonNull(project, "project");
        this.handlesFrames = handlesFrames;
        this.result = Objects.requireNonNull(result, "result");
        this.problems = List.copyOf(problems);
        this.consolidation = null;
        this.pictures = ReportPictures.Chosen.NONE;
    }

    private ConformReport(ConformReport report, ConsolidationPlan consolidation, ReportPictures.Chosen pictures) {
        this.edit = report.edit;
        this.format = report.format;
        this.project = report.project;
        this.handlesFrames = report.handlesFrames;
        this.result = report.result;
        this.problems = report.problems;
        this.consolidation = consolidation;
        this.pictures = pictures;
    }

    /**
     * A copy whose reports carry a {@code consolidation} section for {@code plan} (null: none): the
     * trimmed files, the bytes to restore per storage location and what cannot be consolidated.
     */
    public ConformReport withConsolidation(ConsolidationPlan plan) {
        return new ConformReport(this, plan, pictures);
    }

    /** A copy whose HTML shows each event's picture from {@code pictures} (see {@link ReportPictures}). */
    public ConformReport withPictures(ReportPictures pictures, AssetCatalogue catalogue) {
        return new ConformReport(this, consolidation, pictures.choose(project, result.events(), catalogue));
    }

    public LinkResult result() {
        return result;
    }

    /** One line for a terminal: "12 events: 10 matched, 1 unmatched, 1 invalid". */
    public String summary() {
        StringBuilder sb = new StringBuilder(result.events().size() + " events");
        String sep = ": ";
        for (Map.Entry<LinkStatus, Integer> e : result.totals().entrySet()) {
            if (e.getValue() > 0) {
                sb.append(sep)
                        .append(e.getValue())
                        .append(' ')
                        .append(e.getKey().json());
                sep = ", ";
            }
        }
        return sb.toString();
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema_version", SCHEMA_VERSION);
        ObjectNode totals = root.putObject("totals");
        totals.put("events", result.events().size());
        result.totals().forEach((status, n) -> totals.put(status.json(), n));
        root.put("all_matched", result.allMatched());
        root.put("edit", edit);
        root.put("format", format);
        root.put("project", project.value());
        root.put("handles_frames", handlesFrames);
        ArrayNode events = root.putArray("events");
        for (EventLink e : result.events()) {
            event(events.addObject(), e);
        }
        ArrayNode notes = root.putArray("problems");
        for (EditProblem p : problems) {
            ObjectNode n = notes.addObject();
            n.put("line", p.line());
            n.put("event", p.event());
            n.put("message", p.message());
        }
        if (consolidation != null) {
            new ConsolidationSection(consolidation).json(root.putObject("consolidation"));
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new GatewayException(
                    Reason.INTERNAL, "cannot write the conform report as JSON: " + e.getMessage(), e);
        }
    }

    private static void event(ObjectNode n, EventLink e) {
        n.put("event", e.event());
        n.put("line", e.line());
        n.put("track", e.track());
        putRange(n, "record_in", "record_out", e.record(), e.dropFrame());
        putRange(n, "source_in", "source_out", e.source(), e.dropFrame());
        n.put("rate", e.rate() == null ? null : e.rate().toString());
        n.put("drop_frame", e.dropFrame());
        n.put("reel", e.reel());
        n.put("clip_name", e.clipName());
        n.put("status", e.status().json());
        n.put("match_method", e.method().json());
        n.put("asset_id", e.asset() == null ? null : e.asset().assetId());
        n.put("original_path", e.asset() == null ? null : e.asset().originalPath());
        if (e.sourceFrames() == null) {
            n.putNull("source_frames");
        } else {
            ObjectNode f = n.putObject("source_frames");
            f.put("start", e.sourceFrames().start().value());
            f.put("duration", e.sourceFrames().durationFrames());
            f.put("rate", e.sourceFrames().rate().toString());
        }
        ArrayNode candidates = n.putArray("candidates");
        for (Candidate c : e.candidates()) {
            ObjectNode cn = candidates.addObject();
            cn.put("asset_id", c.assetId());
            cn.put("name", c.name());
            cn.put("original_path", c.originalPath());
            cn.put("covers_start", c.covers().start().value());
            cn.put("covers_duration", c.covers().durationFrames());
            cn.put("rate", c.covers().rate().toString());
        }
        n.put("message", e.message());
        NestOrigin nest = e.nest();
        if (nest == null) {
            n.putNull("nest");
        } else {
            ObjectNode o = n.putObject("nest");
            o.put("parent_event", nest.parentEvent());
            o.put("parent_track", nest.parentTrack());
            ArrayNode seqs = o.putArray("sequences");
            nest.sequences().forEach(seqs::add);
            o.put("inner_event", nest.innerEvent());
            o.put("inner_track", nest.innerTrack());
        }
    }

    private static void putRange(ObjectNode n, String in, String out, TimeRange r, boolean df) {
        n.put(in, r == null ? null : timecode(r.start().value(), r.rate(), df));
        n.put(out, r == null ? null : timecode(r.endExclusive().value(), r.rate(), df));
    }

    /** The label of a frame count at the edit's rate; frames past 24 h wrap as timecode does. */
    static String timecode(long frames, FrameRate rate, boolean dropFrame) {
        if (frames < 0) {
            return null;
        }
        return Timecode.fromFrames(frames, rate, dropFrame && rate.supportsDropFrame())
                .toString();
    }

    public String toHtml() {
        StringBuilder h = new StringBuilder();
        // the column only when the edit had nests: most reports do not
        boolean nested = result.events().stream().anyMatch(e -> e.nest() != null);
        // and the line column only when the edit has line numbers (an AAF, an OTIO file have none)
        boolean lines = result.events().stream().anyMatch(e -> e.line() > 0);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Conform report: ")
                .append(escape(edit))
                .append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse;font-size:13px}")
                .append("th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}")
                .append("td.tc{font-family:monospace;white-space:nowrap}")
                .append(".matched{background:#e3f6e3}.short_handles{background:#fff4cc}.ambiguous{background:#ffe0b3}")
                .append(".rate_mismatch{background:#ffd6d6}.out_of_range{background:#ffd6d6}")
                .append(".unmatched{background:#f7c4c4}.invalid{background:#ddd}\n")
                .append(".pic{width:160px;height:90px;background:center/contain no-repeat}\n");
        // each distinct picture once, as a class the rows that show it share
        Map<String, String> pictureClass = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> p : pictures.jpegs().entrySet()) {
            String css = "p" + pictureClass.size();
            pictureClass.put(p.getKey(), css);
            h.append('.')
                    .append(css)
                    .append("{background-image:url(data:image/jpeg;base64,")
                    .append(Base64.getEncoder().encodeToString(p.getValue()))
                    .append(")}\n");
        }
        h.append("</style></head><body>\n");
        h.append("<h1>Conform report</h1>\n<p>Edit <b>")
                .append(escape(edit))
                .append("</b> (")
                .append(escape(format))
                .append("), project <b>")
                .append(escape(project.value()))
                .append("</b>, handles ")
                .append(handlesFrames)
                .append(" frames.</p>\n<p>")
                .append(escape(summary()))
                .append(result.allMatched() ? " &mdash; all matched." : " &mdash; <b>not all matched</b>.")
                .append("</p>\n")
                .append(
                        pictures.cut()
                                ? "<p>Pictures are shown for the first "
                                        + pictures.jpegs().size()
                                        + " distinct shots only (the report keeps them under "
                                        + (ReportPictures.MAX_BYTES >> 20) + " MiB).</p>\n"
                                : "")
                .append("<table>\n<tr>")
                .append(pictures.any() ? "<th>picture</th>" : "")
                .append("<th>event</th>")
                .append(lines ? "<th>line</th>" : "")
                .append("<th>track</th>")
                .append(nested ? "<th>nested in</th>" : "")
                .append("<th>record in</th><th>record out</th>")
                .append("<th>source in</th><th>source out</th><th>reel</th><th>clip name</th><th>status</th>")
                .append("<th>method</th><th>original</th><th>message</th></tr>\n");
        for (int i = 0; i < result.events().size(); i++) {
            EventLink e = result.events().get(i);
            h.append("<tr class=\"").append(e.status().json()).append("\">");
            if (pictures.any()) {
                String key = pictures.keys().get(i);
                h.append(
                        key == null ? "<td></td>" : "<td><div class=\"pic " + pictureClass.get(key) + "\"></div></td>");
            }
            cell(h, e.event(), false);
            if (lines) {
                cell(h, e.line() > 0 ? Integer.toString(e.line()) : null, false);
            }
            cell(h, e.track(), false);
            if (nested) {
                cell(h, nestedIn(e.nest()), false);
            }
            cell(h, e.record() == null ? null : timecode(e.record().start().value(), e.rate(), e.dropFrame()), true);
            cell(
                    h,
                    e.record() == null
                            ? null
                            : timecode(e.record().endExclusive().value(), e.rate(), e.dropFrame()),
                    true);
            cell(h, e.source() == null ? null : timecode(e.source().start().value(), e.rate(), e.dropFrame()), true);
            cell(
                    h,
                    e.source() == null
                            ? null
                            : timecode(e.source().endExclusive().value(), e.rate(), e.dropFrame()),
                    true);
            cell(h, e.reel(), false);
            cell(h, e.clipName(), false);
            cell(h, e.status().json(), false);
            cell(h, e.method().json(), false);
            cell(h, e.asset() == null ? null : e.asset().originalPath(), false);
            StringBuilder msg = new StringBuilder(e.message());
            for (Candidate c : e.candidates()) {
                msg.append("\n- ")
                        .append(c.originalPath())
                        .append(" (")
                        .append(c.assetId())
                        .append(')');
            }
            cell(h, msg.toString(), false);
            h.append("</tr>\n");
        }
        h.append("</table>\n");
        if (!problems.isEmpty()) {
            h.append("<h2>Notes from reading the edit</h2>\n<ul>\n");
            for (EditProblem p : problems) {
                h.append("<li>").append(escape(p.toString())).append("</li>\n");
            }
            h.append("</ul>\n");
        }
        if (consolidation != null) {
            new ConsolidationSection(consolidation).html(h);
        }
        return h.append("</body></html>\n").toString();
    }

    /**
     * Adds {@code qc} to reports already written ({@code conform-report.json} and {@code .html}):
     * QC runs after the render, once the reports are out. The JSON gets a {@code qc} member (an
     * earlier one is replaced); the HTML gets the section at its end (an earlier one is replaced).
     * Each file is rewritten atomically.
     */
    public static void addQc(Path reportJson, Path reportHtml, QcSection qc) {
        try {
            JsonNode root = JSON.readTree(Files.readString(reportJson));
            if (!(root instanceof ObjectNode o)) {
                throw new GatewayException(Reason.CORRUPT, reportJson + " is not a conform report");
            }
            qc.json(o);
            DurableFiles.writeString(reportJson, JSON.writeValueAsString(o) + "\n");
            String html = Files.readString(reportHtml);
            int old = html.indexOf(QC_START);
            int end = old >= 0 ? html.indexOf(QC_END, old) : -1;
            if (old >= 0 && end >= 0) {
                html = html.substring(0, old) + html.substring(end + QC_END.length());
            }
            int body = html.lastIndexOf("</body>");
            if (body < 0) {
                throw new GatewayException(Reason.CORRUPT, reportHtml + " is not a conform report (no body end)");
            }
            StringBuilder section = new StringBuilder(QC_START).append(QC_STYLE);
            qc.html(section);
            section.append(QC_END);
            DurableFiles.writeString(reportHtml, html.substring(0, body) + section + html.substring(body));
        } catch (JsonProcessingException e) {
            throw new GatewayException(Reason.CORRUPT, reportJson + " is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw GatewayException.io("cannot add the QC section to " + reportJson + ": " + e.getMessage(), e);
        }
    }

    private static final String QC_START = "<!-- qc -->\n";
    private static final String QC_END = "<!-- /qc -->\n";
    private static final String QC_STYLE = "<style>.qc_ok{background:#e3f6e3}.qc_not_checked{background:#eee}"
            + ".qc_offset,.qc_colour_differs{background:#fff4cc}.qc_different_picture,.qc_flopped{background:#f7c4c4}"
            + "img.qcpic{width:192px;height:108px;image-rendering:pixelated;display:block}</style>\n";

    /** "Scene 12 ▸ Inner: event 3 on V2, played by event 12 on V1"; null for a top-level event. */
    private static String nestedIn(NestOrigin nest) {
        if (nest == null) {
            return null;
        }
        return String.join(" ▸ ", nest.sequences()) + ": event " + nest.innerEvent() + " on " + nest.innerTrack()
                + ", played by event " + nest.parentEvent() + " on " + nest.parentTrack();
    }

    private static void cell(StringBuilder h, String text, boolean timecode) {
        h.append(timecode ? "<td class=\"tc\">" : "<td>")
                .append(text == null ? "" : escape(text).replace("\n", "<br>"))
                .append("</td>");
    }

    /** HTML text escaping: the edit's names are untrusted. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
