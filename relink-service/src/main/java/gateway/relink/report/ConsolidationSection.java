package gateway.relink.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.model.storage.EgressPlan;
import gateway.relink.consolidate.ByteCount;
import gateway.relink.consolidate.ConsolidationPlan;
import gateway.relink.consolidate.EgressTable;
import gateway.relink.consolidate.LocationTotal;
import gateway.relink.consolidate.TrimRange;
import gateway.relink.consolidate.Unconsolidated;

/** The {@code consolidation} section of the conform report, in JSON and in HTML. */
final class ConsolidationSection {
    private final ConsolidationPlan plan;

    ConsolidationSection(ConsolidationPlan plan) {
        this.plan = plan;
    }

    void json(ObjectNode n) {
        n.put("handles_frames", plan.handlesFrames());
        n.put("folder", plan.folder().toString());
        n.put("bytes_estimate", plan.bytesEstimate());
        n.put("summary", plan.summary());
        ArrayNode locations = n.putArray("locations");
        for (LocationTotal l : plan.locations()) {
            ObjectNode o = locations.addObject();
            o.put("location", l.location().toString());
            o.put("originals", l.originals());
            o.put("files", l.trims());
            o.put("frames", l.frames());
            o.put("bytes_estimate", l.bytesEstimate());
        }
        ArrayNode files = n.putArray("files");
        for (TrimRange t : plan.trims()) {
            ObjectNode o = files.addObject();
            o.put("asset_id", t.assetId().value());
            o.put("original", t.original().toString());
            o.put("output", t.output().toString());
            o.put("start_frame", t.startFrame());
            o.put("end_frame_exclusive", t.endFrameExclusive());
            o.put("rate", t.rate().toString());
            o.put("start_timecode", t.startTimecode().toString());
            o.put("source_start", t.sourceRange().start().value());
            o.put("duration_frames", t.frames());
            o.put("bytes_estimate", t.bytesEstimate());
            o.put("location", t.location().toString());
        }
        plan.egress().ifPresent(e -> egressJson(e, n.putObject("egress")));
        ArrayNode skipped = n.putArray("not_consolidated");
        for (Unconsolidated u : plan.unconsolidated()) {
            ObjectNode o = skipped.addObject();
            o.put("event", u.event());
            o.put("line", u.line());
            o.put("track", u.track());
            o.put("status", u.status().json());
            o.put("asset_id", u.assetId());
            o.put("reason", u.reason());
        }
    }

    void html(StringBuilder h) {
        h.append("<h2>Consolidation</h2>\n<p>Handles ")
                .append(plan.handlesFrames())
                .append(" frames into ")
                .append(ConformReport.escape(plan.folder().toString()))
                .append(": ")
                .append(ConformReport.escape(plan.summary()))
                .append(" (estimates).</p>\n");
        if (!plan.trims().isEmpty()) {
            h.append("<table>\n<tr><th>original</th><th>output</th><th>start frame</th><th>end frame</th>")
                    .append("<th>start timecode</th><th>frames</th><th>bytes (estimate)</th><th>location</th></tr>\n");
            for (TrimRange t : plan.trims()) {
                h.append("<tr>");
                cell(h, t.original().toString());
                cell(h, t.output().toString());
                cell(h, Long.toString(t.startFrame()));
                cell(h, Long.toString(t.endFrameExclusive()));
                cell(h, t.startTimecode().toString());
                cell(h, Long.toString(t.frames()));
                cell(h, new ByteCount(t.bytesEstimate()).toString());
                cell(h, t.location().toString());
                h.append("</tr>\n");
            }
            h.append("</table>\n");
        }
        plan.egress().ifPresent(e -> egressHtml(e, h));
        if (!plan.unconsolidated().isEmpty()) {
            h.append("<h3>Not consolidated</h3>\n<ul>\n");
            for (Unconsolidated u : plan.unconsolidated()) {
                h.append("<li>event ")
                        .append(ConformReport.escape(u.event()))
                        .append(" (")
                        .append(ConformReport.escape(u.track()))
                        .append(", ")
                        .append(u.status().json())
                        .append("): ")
                        .append(ConformReport.escape(u.reason()))
                        .append("</li>\n");
            }
            h.append("</ul>\n");
        }
    }

    private static void egressJson(EgressPlan plan, ObjectNode n) {
        n.put("range_bytes", plan.rangeBytes());
        n.put("whole_file_bytes", plan.wholeFileBytes());
        ArrayNode tiers = n.putArray("tiers");
        for (EgressPlan.Tier t : plan.tiers()) {
            ObjectNode o = tiers.addObject();
            o.put("tier", t.name());
            o.put("originals", t.originals());
            o.put("range_bytes", t.rangeBytes());
            o.put("whole_file_bytes", t.wholeFileBytes());
            o.put("range_seconds", t.rangeTime().toSeconds());
            o.put("whole_file_seconds", t.wholeFileTime().toSeconds());
            o.put("range_cost", t.rangeCost().toPlainString());
            o.put("whole_file_cost", t.wholeFileCost().toPlainString());
        }
        ArrayNode whole = n.putArray("whole_file_only");
        for (EgressPlan.Original o : plan.wholeFileOnly()) {
            ObjectNode w = whole.addObject();
            w.put("original", o.original());
            w.put("tier", o.tier().name());
            w.put("reason", o.wholeFileReason());
        }
    }

    private static void egressHtml(EgressPlan plan, StringBuilder h) {
        h.append("<h3>Egress plan</h3>\n<table>\n<tr><th>tier</th><th>originals</th><th>range-exact</th>")
                .append("<th>whole-file</th><th>saved</th></tr>\n");
        for (EgressPlan.Tier t : plan.tiers()) {
            h.append("<tr>");
            cell(h, t.name());
            cell(h, Integer.toString(t.originals()));
            cell(h, EgressTable.cell(t.rangeBytes(), t.rangeTime(), t.rangeCost()));
            cell(h, EgressTable.cell(t.wholeFileBytes(), t.wholeFileTime(), t.wholeFileCost()));
            cell(h, EgressTable.saved(t.rangeBytes(), t.wholeFileBytes()));
            h.append("</tr>\n");
        }
        h.append("</table>\n");
        for (EgressPlan.Original o : plan.wholeFileOnly()) {
            h.append("<p>Whole file: ")
                    .append(ConformReport.escape(o.original()))
                    .append(" (")
                    .append(ConformReport.escape(o.wholeFileReason()))
                    .append(")</p>\n");
        }
    }

    private static void cell(StringBuilder h, String text) {
        h.append("<td>").append(ConformReport.escape(text)).append("</td>");
    }
}
