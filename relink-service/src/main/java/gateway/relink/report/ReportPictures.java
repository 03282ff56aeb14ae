package gateway.relink.report;

import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.ProjectId;
import gateway.model.asset.Rendition;
import gateway.model.asset.Thumbnails;
import gateway.relink.link.AssetCatalogue;
import gateway.relink.link.EventLink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The picture of each report row: the chosen original's thumbnail at or before the event's source in
 * (ingest grabs one every few seconds), read from the media store. The report embeds each distinct
 * picture once, so it stays one file that opens anywhere, up to {@link #MAX_BYTES} of pictures; rows
 * past that, or whose asset has no thumbnails, have none.
 */
public final class ReportPictures {
    /** At most this many bytes of JPEG in one report (a 10 000-event list of distinct shots would be megabytes more). */
    public static final long MAX_BYTES = 4L << 20;

    private final ManifestStore store;

    private ReportPictures(ManifestStore store) {
        this.store = store;
    }

    /** No pictures (a catalogue without a media store, as in tests of the linker alone). */
    public static ReportPictures none() {
        return new ReportPictures(null);
    }

    /** Thumbnails read from {@code store}, where ingest wrote them. */
    public static ReportPictures from(ManifestStore store) {
        return new ReportPictures(store);
    }

    /** The pictures of {@code events} (matched or not: any event with a chosen original). */
    Chosen choose(ProjectId project, List<EventLink> events, AssetCatalogue catalogue) {
        List<String> keys = new ArrayList<>();
        Map<String, byte[]> jpegs = new LinkedHashMap<>();
        Map<String, Optional<Manifest>> manifests = new LinkedHashMap<>();
        long bytes = 0;
        boolean cut = false;
        for (EventLink e : events) {
            String key = null;
            if (store != null && e.asset() != null && e.sourceFrames() != null) {
                Optional<Manifest> m =
                        manifests.computeIfAbsent(e.asset().assetId(), id -> catalogue.byId(project, new AssetId(id)));
                long frame = e.sourceFrames().start().value()
                        - e.asset().covers().start().value();
                Optional<Rendition> thumb = m.flatMap(x -> Thumbnails.at(x, frame));
                if (thumb.isPresent()) {
                    String k = e.asset().assetId() + "/" + Thumbnails.frameOf(thumb.get());
                    if (jpegs.containsKey(k)) {
                        key = k;
                    } else if (!cut) {
                        byte[] jpeg = read(store.assetDir(project, m.get().assetId())
                                .resolve(thumb.get().path()));
                        if (jpeg != null && bytes + jpeg.length <= MAX_BYTES) {
                            jpegs.put(k, jpeg);
                            bytes += jpeg.length;
                            key = k;
                        } else if (jpeg != null) {
                            cut = true;
                        }
                    }
                }
            }
            keys.add(key);
        }
        return new Chosen(keys, jpegs, cut);
    }

    /** A thumbnail's bytes, or null when it is gone (a report is never withheld for a picture). */
    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * {@code keys}: one per event (null where there is no picture); {@code jpegs}: each picture by
     * key; {@code cut}: some rows have no picture because the report reached {@link #MAX_BYTES}.
     */
    record Chosen(List<String> keys, Map<String, byte[]> jpegs, boolean cut) {
        static final Chosen NONE = new Chosen(List.of(), Map.of(), false);

        boolean any() {
            return !jpegs.isEmpty();
        }
    }
}
