package gateway.relink;

import gateway.model.timeline.Clip;
import gateway.model.timeline.Gap;
import gateway.model.timeline.Item;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.model.timeline.TrackKind;
import gateway.model.timeline.Transition;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/** Tracks written out one item per string, so a test can compare a whole track at a glance. */
public final class TrackText {
    private TrackText() {}

    /**
     * {@code "NAME @start+frames src S"} for a clip (record range in track frames, source start;
     * {@code " off"} after a disabled one), {@code "gap N"}, {@code "transition in/out"}.
     */
    public static List<String> of(Track track) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < track.items().size(); i++) {
            Item item = track.items().get(i);
            switch (item) {
                case Clip c -> {
                    long at = track.rangeOf(i, RoundingMode.UNNECESSARY).start().value();
                    out.add(c.name() + " @" + at + "+" + c.sourceRange().durationFrames() + " src "
                            + c.sourceRange().start().value() + (c.enabled() ? "" : " off"));
                }
                case Gap g -> out.add("gap " + g.duration().value());
                case Transition t -> out.add("transition " + t.inOffsetFrames() + "/" + t.outOffsetFrames());
            }
        }
        return out;
    }

    public static List<String> clipNames(Track track) {
        return track.clips().map(Clip::name).toList();
    }

    public static Track track(Timeline timeline, TrackKind kind, int index) {
        return (kind == TrackKind.VIDEO ? timeline.videoTracks() : timeline.audioTracks()).get(index);
    }
}
