package gateway.server.conform;

import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.error.GatewayException;
import gateway.model.storage.RangeReader;
import gateway.model.time.RationalTime;
import gateway.model.time.TimeRange;
import gateway.model.timeline.Clip;
import gateway.model.timeline.ExternalReference;
import gateway.model.timeline.Item;
import gateway.model.timeline.MediaReference;
import gateway.model.timeline.Representation;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.model.timeline.Transition;
import gateway.proxy.restore.FrameSpan;
import gateway.proxy.restore.RangeRestore;
import gateway.proxy.restore.RestoreRanges;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Before a render: the originals a timeline plays whose file was released from its POSIX path are
 * restored range-exact, each into one sparse copy (the original's size, its header and index, the
 * frames the clips play plus {@link #MARGIN_FRAMES} either side, holes elsewhere: see
 * {@link RangeRestore#fetchPartial(RangeReader, String, List, Path)}), and the clips are pointed at
 * the copies. A copy keeps the original's frame numbering, so a clip's source and available ranges do
 * not move. The copies are hidden files in a folder of their own that the caller removes after the
 * render.
 */
final class RenderRestore {
    /** Frames fetched either side of what a clip plays (a decoder may look a frame or two around). */
    static final long MARGIN_FRAMES = 2;

    /** The timeline to render, and what was moved for it. */
    record Restored(Timeline timeline, int originals, long fetchedBytes, long wholeFileBytes) {}

    private final Function<AssetId, Optional<Manifest>> manifests;
    private final Finishing.OriginalSource originals;
    private final RangeRestore restore;

    RenderRestore(
            Function<AssetId, Optional<Manifest>> manifests, Finishing.OriginalSource originals, RangeRestore restore) {
        this.manifests = manifests;
        this.originals = originals;
        this.restore = restore;
    }

    /** Restores what {@code timeline} plays of released originals into {@code folder}; the timeline unchanged when none is. */
    Restored prepare(Timeline timeline, Path folder) {
        Map<AssetId, Manifest> away = new LinkedHashMap<>();
        Map<AssetId, List<FrameSpan>> spans = new LinkedHashMap<>();
        for (Track track : timeline.tracks().tracks()) {
            List<Item> items = track.items();
            for (int i = 0; i < items.size(); i++) {
                if (!(items.get(i) instanceof Clip clip)) {
                    continue;
                }
                Optional<AssetId> asset = assetOf(clip);
                Optional<Manifest> m = asset.flatMap(manifests);
                if (m.isEmpty() || originals.presentLocally(m.get())) {
                    continue;
                }
                long before = i > 0 && items.get(i - 1) instanceof Transition t ? t.inOffsetFrames() : 0;
                long after = i + 1 < items.size() && items.get(i + 1) instanceof Transition t ? t.outOffsetFrames() : 0;
                away.put(asset.get(), m.get());
                spans.computeIfAbsent(asset.get(), k -> new ArrayList<>())
                        .add(fileFrames(clip.mediaRange(before, after), m.get()));
            }
        }
        if (away.isEmpty()) {
            return new Restored(timeline, 0, 0, 0);
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw GatewayException.io("cannot create " + folder + " for the render's restored originals: " + e, e);
        }
        Map<AssetId, Path> copies = new LinkedHashMap<>();
        long fetched = 0;
        long whole = 0;
        for (Map.Entry<AssetId, Manifest> e : away.entrySet()) {
            Manifest m = e.getValue();
            Path copy = folder.resolve(
                    "." + e.getKey().value() + "-" + Path.of(m.originalPath()).getFileName());
            RangeReader reader = originals.open(m);
            try (reader) {
                RestoreRanges ranges = restore.fetchPartial(
                        reader, m.media() == null ? null : m.media().container(), spans.get(e.getKey()), copy);
                fetched += reader.bytesRead();
                whole += ranges.wholeFileBytes();
                if (ranges.rangeExact()) {
                    originals.restored(m, reader.bytesRead(), ranges.wholeFileBytes());
                }
            } catch (IOException x) {
                throw GatewayException.io("cannot close " + reader.describe() + ": " + x.getMessage(), x);
            }
            copies.put(e.getKey(), copy);
        }
        return new Restored(relinked(timeline, copies), copies.size(), fetched, whole);
    }

    /** The file frames (from 0) of {@code range}, widened by the margin and kept inside the file. */
    private static FrameSpan fileFrames(TimeRange range, Manifest m) {
        long total = m.media() == null ? 0 : m.media().durationFrames();
        if (m.media() == null
                || m.media().startTimecode() == null
                || !range.rate().equals(m.media().frameRate())) {
            // Frames the gateway cannot place in the file: all of it (the render checks the rates itself).
            return new FrameSpan(0, Math.max(1, total));
        }
        RationalTime start = range.start();
        long first = start.value() - m.media().startTimecode().toFrames();
        long from = Math.max(0, first - MARGIN_FRAMES);
        long to = Math.min(total, first + range.durationFrames() + MARGIN_FRAMES);
        return to > from ? new FrameSpan(from, to) : new FrameSpan(0, Math.max(1, total));
    }

    private static Optional<AssetId> assetOf(Clip clip) {
        Optional<MediaReference> ref = clip.reference(Representation.ORIGINAL);
        if (ref.isEmpty() || !(ref.get() instanceof ExternalReference original)) {
            return Optional.empty();
        }
        return original.metadata()
                .namespace("gateway")
                .string("asset_id")
                .or(() -> clip.metadata().namespace("gateway").string("asset_id"))
                .filter(AssetId::isValid)
                .map(AssetId::new);
    }

    /** {@code timeline} with every clip of a restored asset pointed at its sparse copy (ranges unchanged). */
    private static Timeline relinked(Timeline timeline, Map<AssetId, Path> copies) {
        Timeline out = timeline;
        List<Track> tracks = timeline.tracks().tracks();
        for (int ti = 0; ti < tracks.size(); ti++) {
            Track track = tracks.get(ti);
            List<Item> items = new ArrayList<>(track.items());
            boolean changed = false;
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i) instanceof Clip clip) {
                    Optional<AssetId> asset = assetOf(clip);
                    Path copy = asset.map(copies::get).orElse(null);
                    if (copy != null
                            && clip.reference(Representation.ORIGINAL).orElse(null) instanceof ExternalReference e) {
                        items.set(
                                i,
                                clip.withReference(
                                        Representation.ORIGINAL,
                                        new ExternalReference(
                                                copy.toAbsolutePath().toString(),
                                                e.available(),
                                                e.metadata().withIn("gateway", "restored_from", e.target()))));
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
}
