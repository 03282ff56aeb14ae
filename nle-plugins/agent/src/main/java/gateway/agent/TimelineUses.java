package gateway.agent;

import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import gateway.model.time.Timecode;
import gateway.model.timeline.Clip;
import gateway.model.timeline.GeneratorReference;
import gateway.model.timeline.MediaReference;
import gateway.model.timeline.MissingReference;
import gateway.model.timeline.Representation;
import gateway.model.timeline.Track;
import gateway.relink.read.Edit;
import gateway.relink.read.EditReader;
import gateway.relink.read.ReadOptions;
import gateway.relink.read.formats.EditFormats;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The media an exported timeline uses, in the order of first use: every clip of every track (not
 * generators), sorted by where it starts on the record side, earlier tracks first at one instant.
 * The file is read by the conform's own readers (any format conform reads: CMX 3600 EDL, FCP 7
 * XML, FCPXML, OTIO, ALE), so the plan sees the edit as the conform will.
 */
final class TimelineUses {
    /**
     * One clip of the edit: what it says about its media.
     *
     * @param assetId the gateway asset id when the edit carries it (an FCPXML or ALE we wrote, an OTIO with it); else null
     * @param sourceStart the first media frame the clip plays, in the media's time frame
     * @param recordNanos where the clip starts on the record side, for ordering
     */
    record Use(
            String event,
            String assetId,
            String reel,
            String clipName,
            String sourceFile,
            RationalTime sourceStart,
            long recordNanos) {

        /** How a person finds the event in the edit. */
        String describe() {
            String what = reel != null ? "reel " + reel : sourceFile != null ? sourceFile : "clip '" + clipName + "'";
            return "event " + event + " (" + what + " at "
                    + Timecode.fromFrames(sourceStart.value(), sourceStart.rate(), false) + ")";
        }
    }

    private TimelineUses() {}

    static List<Use> read(Path file, FrameRate rate) {
        EditReader reader = EditFormats.reader(EditFormats.detect(file));
        Edit edit = reader.read(file, ReadOptions.at(rate));
        List<Use> uses = new ArrayList<>();
        int trackIndex = 0;
        List<long[]> order = new ArrayList<>();
        for (Track track : edit.timeline().tracks().tracks()) {
            for (int i = 0; i < track.items().size(); i++) {
                if (!(track.items().get(i) instanceof Clip clip)
                        || clip.activeReference() instanceof GeneratorReference) {
                    continue;
                }
                long at = track.rangeOf(i, RoundingMode.HALF_UP).start().toNanos(RoundingMode.FLOOR);
                uses.add(use(clip, at));
                order.add(new long[] {at, trackIndex, i});
            }
            trackIndex++;
        }
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < uses.size(); i++) {
            positions.add(i);
        }
        positions.sort(Comparator.<Integer>comparingLong(i -> order.get(i)[0])
                .thenComparingLong(i -> order.get(i)[1])
                .thenComparingLong(i -> order.get(i)[2]));
        return positions.stream().map(uses::get).toList();
    }

    private static Use use(Clip clip, long recordNanos) {
        MediaReference original = clip.reference(Representation.ORIGINAL).orElse(clip.activeReference());
        String assetId = clip.metadata()
                .namespace("gateway")
                .string("asset_id")
                .or(() -> original.metadata().namespace("gateway").string("asset_id"))
                .orElse(null);
        String reel = null;
        String sourceFile = null;
        if (original instanceof MissingReference m) {
            reel = blankToNull(m.reel());
            sourceFile = blankToNull(m.sourceFile());
        }
        if (reel == null) {
            reel = clip.metadata()
                    .namespace("cmx_3600")
                    .string("reel")
                    .map(TimelineUses::blankToNull)
                    .orElse(null);
        }
        String event = clip.metadata()
                .namespace(Edit.NAMESPACE)
                .get("event")
                .map(String::valueOf)
                .orElse(clip.name());
        return new Use(
                event, assetId, reel, clip.name(), sourceFile, clip.mediaRange().start(), recordNanos);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
