package gateway.relink.read.fcpxml;

import gateway.model.time.TimeRange;
import gateway.model.timeline.Marker;
import gateway.model.timeline.MarkerColor;
import gateway.model.timeline.Metadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An item's {@code marker}s and {@code chapter-marker}s, moved from the item's local time to its
 * media's time (where the model keeps markers). Colours follow FCP: a standard marker is blue, an
 * open to-do red, a completed to-do green, a chapter marker orange.
 */
record Markers(FrameGrid grid, String event) {

    List<Marker> of(FcpElement item, Leaf leaf, Retime retime, List<String> problems) {
        List<Marker> out = new ArrayList<>();
        for (FcpElement m : item.children()) {
            if (!m.is("marker") && !m.is("chapter-marker")) {
                continue;
            }
            FcpTime start = m.start();
            String what = m.name() + " '" + m.attr("value", "") + "' on " + item.describe();
            long at = grid.frames(leaf.mediaAt(retime.map(start)), "the start of " + what, event, problems);
            long length = grid.frames(m.duration(), "the duration of " + what, event, problems);
            Map<String, Object> md = new LinkedHashMap<>();
            md.put("kind", m.name());
            md.put("start", start.toString());
            md.put("duration", m.duration().toString());
            MarkerColor color = MarkerColor.BLUE;
            if (m.is("chapter-marker")) {
                color = MarkerColor.ORANGE;
                if (m.attr("posterOffset") != null) {
                    md.put("poster_offset", m.attr("posterOffset"));
                }
            } else if (m.attr("completed") != null) {
                boolean done = m.flag("completed", false);
                md.put("completed", done);
                color = done ? MarkerColor.GREEN : MarkerColor.RED;
            }
            out.add(new Marker(
                    m.attr("value", ""),
                    color,
                    m.attr("note", ""),
                    TimeRange.of(at, Math.max(0, length), grid.rate()),
                    Metadata.empty().with("fcpxml", md)));
        }
        return out;
    }
}
