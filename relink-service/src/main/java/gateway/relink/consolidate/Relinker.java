package gateway.relink.consolidate;

import gateway.model.time.TimeRange;
import gateway.model.timeline.Clip;
import gateway.model.timeline.ExternalReference;
import gateway.model.timeline.Item;
import gateway.model.timeline.MediaReference;
import gateway.model.timeline.Representation;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.model.timeline.Transition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Points every clip's ORIGINAL reference at the trimmed file that holds the frames it uses (its
 * media range grown by neighbouring transitions): target = the trimmed file, available range = the
 * trim in timecode frames. Source ranges do not move: the trimmed file keeps the original's
 * timecode. A clip whose frames no made trim holds keeps its reference to the original.
 */
final class Relinker {
    private final Map<String, List<TrimRange>> byAsset = new LinkedHashMap<>();
    private final Map<TrimRange, Path> made;

    Relinker(List<TrimRange> trims, Map<TrimRange, Path> made) {
        this.made = Map.copyOf(made);
        for (TrimRange t : trims) {
            byAsset.computeIfAbsent(t.assetId().value(), k -> new ArrayList<>()).add(t);
        }
    }

    Timeline relink(Timeline timeline) {
        Timeline out = timeline;
        List<Track> tracks = timeline.tracks().tracks();
        for (int ti = 0; ti < tracks.size(); ti++) {
            Track track = tracks.get(ti);
            List<Item> items = new ArrayList<>(track.items());
            boolean changed = false;
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i) instanceof Clip clip) {
                    Clip relinked = relinked(clip, track, i);
                    if (relinked != clip) {
                        items.set(i, relinked);
                        changed = true;
                    }
                }
            }
            if (changed) {
                out = out.withTrack(ti, track.withItems(items));
            }
        }
        return out;
    }

    private Clip relinked(Clip clip, Track track, int index) {
        Optional<MediaReference> ref = clip.reference(Representation.ORIGINAL);
        if (ref.isEmpty() || !(ref.get() instanceof ExternalReference original)) {
            return clip;
        }
        String assetId = original.metadata()
                .namespace("gateway")
                .string("asset_id")
                .or(() -> clip.metadata().namespace("gateway").string("asset_id"))
                .orElse(null);
        List<TrimRange> trims = assetId == null ? null : byAsset.get(assetId);
        if (trims == null) {
            return clip;
        }
        List<Item> items = track.items();
        long before = index > 0 && items.get(index - 1) instanceof Transition t ? t.inOffsetFrames() : 0;
        long after = index + 1 < items.size() && items.get(index + 1) instanceof Transition t ? t.outOffsetFrames() : 0;
        TimeRange needed =
                Outward.rescaled(clip.mediaRange(before, after), trims.get(0).rate());
        for (TrimRange trim : trims) {
            Path file = made.get(trim);
            if (file != null && trim.sourceRange().contains(needed)) {
                ExternalReference trimmed = new ExternalReference(
                        file.toAbsolutePath().toString(),
                        trim.sourceRange(),
                        original.metadata().withIn("gateway", "consolidated_from", original.target()));
                return clip.withReference(Representation.ORIGINAL, trimmed);
            }
        }
        return clip;
    }
}
