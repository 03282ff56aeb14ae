package gateway.relink.read.fcp7;

import gateway.model.time.TimeRange;
import gateway.model.timeline.Clip;
import gateway.model.timeline.Item;
import gateway.model.timeline.MissingReference;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A nested sequence as JSON-shaped metadata on the clip that plays it (the timeline model has no
 * nested stacks): its name, rate and start, and per track the clips with their record range (frames
 * from the nested sequence's start), source range and what names their media. The full nested
 * timelines are available from {@link Fcp7XmlReader#readAll}.
 */
final class NestedSummary {
    private NestedSummary() {}

    static Map<String, Object> of(Timeline timeline) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", timeline.name());
        out.put("rate", timeline.rate().toString());
        out.put("global_start_frame", timeline.globalStart().value());
        List<Object> tracks = new ArrayList<>();
        for (Track track : timeline.tracks().tracks()) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("name", track.name());
            t.put("kind", track.kind().name());
            t.put("enabled", track.enabled());
            List<Object> clips = new ArrayList<>();
            List<Item> items = track.items();
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i) instanceof Clip clip) {
                    clips.add(clip(track.rangeOf(i, RoundingMode.HALF_EVEN), clip));
                }
            }
            t.put("clips", clips);
            tracks.add(t);
        }
        out.put("tracks", tracks);
        return out;
    }

    private static Map<String, Object> clip(TimeRange record, Clip clip) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", clip.name());
        c.put("record_start_frame", record.start().value());
        c.put("record_rate", record.rate().toString());
        c.put("source_start_frame", clip.sourceRange().start().value());
        c.put("duration_frames", clip.sourceRange().durationFrames());
        c.put("source_rate", clip.sourceRange().rate().toString());
        c.put("enabled", clip.enabled());
        if (clip.activeReference() instanceof MissingReference m) {
            putIfSet(c, "reel", m.reel());
            putIfSet(c, "source_file", m.sourceFile());
            putIfSet(c, "path", m.path());
        }
        return c;
    }

    private static void putIfSet(Map<String, Object> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
