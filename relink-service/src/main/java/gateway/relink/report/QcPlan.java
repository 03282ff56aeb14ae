package gateway.relink.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.model.time.TimeRange;
import gateway.model.timeline.Clip;
import gateway.model.timeline.Item;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.model.timeline.UnknownEffect;
import gateway.relink.link.EventLink;
import gateway.relink.link.LinkResult;
import gateway.relink.link.LinkStatus;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Which events of a conform the QC compares with the reference, and where: one row per event on an
 * enabled video track, its frames counted from the timeline's first frame (the master's frame 0),
 * and why it is not compared when it is not (a title or graphic, an event not linked to an original
 * and rendered black, an effect the render does not draw, a disabled clip, a clip under another
 * track's clip). Audio events have no row: QC compares pictures.
 */
public final class QcPlan {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One planned row; {@code notChecked} null when the event is compared. */
    public record Row(String event, String track, long firstFrame, long frames, String notChecked) {}

    private QcPlan() {}

    public static List<Row> of(LinkResult linked) {
        Timeline timeline = linked.timeline();
        List<Track> video = timeline.videoTracks();
        List<Row> rows = new ArrayList<>();
        for (EventLink e : linked.events()) {
            int t = trackIndex(video, e.track());
            if (t < 0) {
                continue;
            }
            if (e.record() == null) {
                rows.add(new Row(e.event(), e.track(), 0, 0, "not placed on the record side"));
                continue;
            }
            long start = timeline.globalStart()
                    .rescaledTo(e.record().rate(), RoundingMode.HALF_EVEN)
                    .value();
            long first = e.record().start().value() - start;
            long frames = e.record().durationFrames();
            rows.add(new Row(e.event(), e.track(), first, frames, whyNot(e, video, t, first, frames)));
        }
        return rows;
    }

    private static String whyNot(EventLink e, List<Track> video, int t, long first, long frames) {
        if (e.status() == LinkStatus.SKIPPED) {
            return "a title or graphic without media: not compared";
        }
        if (e.status() != LinkStatus.MATCHED && e.status() != LinkStatus.SHORT_HANDLES) {
            return "not linked to an original (" + e.status().json() + "): the master shows black here";
        }
        Track track = video.get(t);
        if (!track.enabled()) {
            return "track " + track.name() + " is disabled";
        }
        Clip clip = clipAt(track, first, frames);
        if (clip != null && !clip.enabled()) {
            return "the clip is disabled";
        }
        if (clip != null) {
            for (var effect : clip.effects()) {
                if (effect instanceof UnknownEffect u) {
                    return "effect '" + u.name() + "' is not rendered: not compared";
                }
            }
        }
        for (int above = t + 1; above < video.size(); above++) {
            Track upper = video.get(above);
            if (upper.enabled() && covers(upper, first, first + frames)) {
                return "under a clip on track " + upper.name() + ", which the master shows";
            }
        }
        return null;
    }

    private static int trackIndex(List<Track> video, String name) {
        for (int i = 0; i < video.size(); i++) {
            if (video.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static Clip clipAt(Track track, long first, long frames) {
        List<Item> items = track.items();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof Clip c) {
                TimeRange r = track.rangeOf(i, RoundingMode.HALF_EVEN);
                if (r.start().value() == first && r.durationFrames() == frames) {
                    return c;
                }
            }
        }
        return null;
    }

    private static boolean covers(Track track, long from, long to) {
        List<Item> items = track.items();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof Clip c && c.enabled()) {
                TimeRange r = track.rangeOf(i, RoundingMode.HALF_EVEN);
                if (r.start().value() < to && r.endExclusive().value() > from) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The rows as the QC worker reads them: {@code {"events": [{event, track, first_frame, frames, not_checked}]}}. */
    public static String toJson(List<Row> rows) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode events = root.putArray("events");
        for (Row r : rows) {
            events.addObject()
                    .put("event", r.event())
                    .put("track", r.track())
                    .put("first_frame", r.firstFrame())
                    .put("frames", r.frames())
                    .put("not_checked", r.notChecked());
        }
        return root.toString();
    }
}
