package gateway.proxy.finish;

import gateway.model.time.FrameRate;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.proxy.probe.MediaProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The conformed timeline's pictures at QC size at given record frames, played from the originals
 * without rendering a master: the same layout as the render ({@link TrackLayout}: the top enabled
 * video track that shows something at a frame wins, a dissolve mixes its two pictures, black where
 * nothing shows or a clip has no media) and the same frame mapping ({@link ClipShot#mediaFrameAt}:
 * speed changes, freezes, reverse and ramps), but only the wanted frames of each original are
 * decoded ({@link QcFrames}, seeking between them).
 */
final class TimelinePictures {
    /** One original frame a record frame needs. */
    private record Need(Path file, long frame) {}

    /** What a record frame shows: one original frame, a mix of two, or black. */
    private record Plan(Need from, Need to, double weight) {}

    private TimelinePictures() {}

    /** The first enabled clip's original size, for the report's note, or null when no clip has media. */
    static int[] size(Timeline timeline, MediaProbe probe) {
        List<String> warnings = new ArrayList<>();
        OriginalMedia originals = new OriginalMedia(probe, timeline.rate(), warnings);
        for (Track track : timeline.videoTracks()) {
            if (!track.enabled()) {
                continue;
            }
            try (TrackLayout layout = TrackLayout.of(track, timeline.rate(), originals::pictures, warnings)) {
                ClipShot shot = layout.firstShotWithMedia();
                if (shot != null) {
                    return new int[] {
                        shot.media().info().video().width(),
                        shot.media().info().video().height()
                    };
                }
            }
        }
        return null;
    }

    static Map<Long, QcPicture> read(
            Timeline timeline, MediaProbe probe, NavigableSet<Long> wanted, int width, int height, Duration timeout) {
        FrameRate rate = timeline.rate();
        List<String> warnings = new ArrayList<>();
        OriginalMedia originals = new OriginalMedia(probe, rate, warnings);
        List<TrackLayout> layouts = new ArrayList<>();
        Map<Long, Plan> plans = new LinkedHashMap<>();
        Map<Path, NavigableSet<Long>> perFile = new LinkedHashMap<>();
        Map<Path, ClipShot.Media> media = new HashMap<>();
        try {
            for (Track track : timeline.videoTracks()) {
                if (track.enabled()) {
                    layouts.add(TrackLayout.of(track, rate, originals::pictures, warnings));
                }
            }
            for (long record : wanted) {
                Plan plan = planAt(layouts, record);
                plans.put(record, plan);
                for (Need n : new Need[] {plan.from(), plan.to()}) {
                    if (n != null) {
                        perFile.computeIfAbsent(n.file(), f -> new TreeSet<>()).add(n.frame());
                    }
                }
            }
            for (TrackLayout layout : layouts) {
                for (TrackLayout.Piece piece : layout.pieces()) {
                    for (ClipShot s : shotsOf(piece)) {
                        if (s != null && s.hasMedia()) {
                            media.putIfAbsent(s.media().file(), s.media());
                        }
                    }
                }
            }
        } finally {
            layouts.forEach(TrackLayout::close);
        }
        Map<Need, QcPicture> decoded = new HashMap<>();
        for (Map.Entry<Path, NavigableSet<Long>> e : perFile.entrySet()) {
            ClipShot.Media m = media.get(e.getKey());
            Map<Long, QcPicture> got = QcFrames.read(
                    e.getKey(), m.info().video().codec(), m.info().frameRate(), width, height, e.getValue(), timeout);
            got.forEach((frame, picture) -> decoded.put(new Need(e.getKey(), frame), picture));
        }
        QcPicture black = QcPicture.black(width, height);
        Map<Long, QcPicture> pictures = new HashMap<>();
        plans.forEach((record, plan) -> {
            QcPicture from = picture(plan.from(), decoded, black);
            if (from == null) {
                return; // the original ends before the frame: missing, as a movie that ends early
            }
            if (plan.weight() == 0) {
                pictures.put(record, from);
                return;
            }
            QcPicture to = picture(plan.to(), decoded, black);
            if (to != null) {
                pictures.put(record, from.mixedWith(to, plan.weight()));
            }
        });
        return pictures;
    }

    private static QcPicture picture(Need n, Map<Need, QcPicture> decoded, QcPicture black) {
        return n == null ? black : decoded.get(n);
    }

    private static ClipShot[] shotsOf(TrackLayout.Piece piece) {
        return switch (piece) {
            case TrackLayout.Shot s -> new ClipShot[] {s.shot()};
            case TrackLayout.Dissolve d -> new ClipShot[] {d.from(), d.to()};
        };
    }

    /** What record frame {@code record} shows: the top track with a piece there, else black. */
    private static Plan planAt(List<TrackLayout> layouts, long record) {
        for (int i = layouts.size() - 1; i >= 0; i--) {
            for (TrackLayout.Piece piece : layouts.get(i).pieces()) {
                if (piece.start() <= record && record < piece.end()) {
                    return switch (piece) {
                        case TrackLayout.Shot s -> new Plan(need(s.shot(), record), null, 0);
                        case TrackLayout.Dissolve d ->
                            new Plan(need(d.from(), record), need(d.to(), record), d.weightAt(record));
                    };
                }
            }
        }
        return new Plan(null, null, 0);
    }

    /** The original frame {@code shot} shows at {@code record}; null (black) without media. */
    private static Need need(ClipShot shot, long record) {
        if (shot == null || !shot.hasMedia()) {
            return null;
        }
        return new Need(
                shot.media().file(), shot.mediaFrameAt(record) - shot.media().firstFrame());
    }
}
