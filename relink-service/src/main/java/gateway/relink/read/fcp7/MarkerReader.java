package gateway.relink.read.fcp7;

import gateway.model.time.FrameRate;
import gateway.model.time.TimeRange;
import gateway.model.timeline.Marker;
import gateway.model.timeline.MarkerColor;
import gateway.model.timeline.Metadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongUnaryOperator;

/**
 * {@code marker} elements: {@code name}, {@code comment}, {@code in} and {@code out} (-1: a marker
 * at one frame), and a {@code color} when the exporter wrote one (a name, or red/green/blue, matched
 * to the nearest marker colour; red otherwise).
 */
final class MarkerReader {
    private static final int[][] RGB = {
        {255, 192, 203},
        {255, 0, 0},
        {255, 128, 0},
        {255, 255, 0},
        {0, 255, 0},
        {0, 255, 255},
        {0, 0, 255},
        {128, 0, 128},
        {255, 0, 255},
        {0, 0, 0},
        {255, 255, 255}
    };
    private static final MarkerColor[] COLORS = {
        MarkerColor.PINK, MarkerColor.RED, MarkerColor.ORANGE, MarkerColor.YELLOW, MarkerColor.GREEN,
        MarkerColor.CYAN, MarkerColor.BLUE, MarkerColor.PURPLE, MarkerColor.MAGENTA, MarkerColor.BLACK,
        MarkerColor.WHITE
    };

    private final Findings findings;

    MarkerReader(Findings findings) {
        this.findings = findings;
    }

    /**
     * The markers of {@code owner}; {@code toFrame} maps a marker's in/out (frames at the owner's
     * rate) to frames at {@code rate} in the time frame the markers are measured in.
     */
    List<Marker> markers(XmlNode owner, FrameRate rate, LongUnaryOperator toFrame) {
        List<Marker> out = new ArrayList<>();
        for (XmlNode m : owner.children("marker")) {
            Optional<Long> in = FrameCount.at(m, "in", findings);
            if (in.isEmpty()) {
                findings.inconsistency(owner.label(), "a marker without <in> is ignored");
                continue;
            }
            long start = toFrame.applyAsLong(in.get());
            long duration = FrameCount.at(m, "out", findings)
                    .filter(o -> o > in.get())
                    .map(o -> toFrame.applyAsLong(o) - start)
                    .orElse(0L);
            Map<String, Object> md = new LinkedHashMap<>();
            md.put("in", in.get());
            m.text("out").ifPresent(o -> md.put("out", o));
            m.child("color").ifPresent(c -> md.put("color", c.hasElements() ? XmlJson.of(c, Set.of()) : c.text()));
            out.add(new Marker(
                    m.text("name").orElse(""),
                    color(m),
                    m.text("comment").orElse(""),
                    TimeRange.of(start, duration, rate),
                    Metadata.empty().with(FilterReader.NAMESPACE, md)));
        }
        return out;
    }

    /** The markers as metadata (for a sequence, whose timeline has no marker list): maps in order. */
    static List<Map<String, Object>> asMetadata(List<Marker> markers) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Marker m : markers) {
            Map<String, Object> md = new LinkedHashMap<>();
            md.put("name", m.name());
            md.put("comment", m.comment());
            md.put("color", m.color().name());
            md.put("start_frame", m.markedRange().start().value());
            md.put("duration_frames", m.markedRange().durationFrames());
            md.put("rate", m.markedRange().rate().toString());
            out.add(md);
        }
        return out;
    }

    private static MarkerColor color(XmlNode marker) {
        Optional<XmlNode> c = marker.child("color");
        if (c.isEmpty()) {
            return MarkerColor.RED;
        }
        if (!c.get().hasElements()) {
            return MarkerColor.find(c.get().text()).orElse(MarkerColor.RED);
        }
        int r = channel(c.get(), "red");
        int g = channel(c.get(), "green");
        int b = channel(c.get(), "blue");
        int best = 1;
        long bestDistance = Long.MAX_VALUE;
        for (int i = 0; i < RGB.length; i++) {
            long dr = r - RGB[i][0];
            long dg = g - RGB[i][1];
            long db = b - RGB[i][2];
            long d = dr * dr + dg * dg + db * db;
            if (d < bestDistance) {
                bestDistance = d;
                best = i;
            }
        }
        return COLORS[best];
    }

    private static int channel(XmlNode color, String name) {
        try {
            return color.text(name).map(Integer::parseInt).orElse(0);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
