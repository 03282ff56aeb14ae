package gateway.agent;

import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import gateway.model.time.TimeRange;
import gateway.model.timeline.Clip;
import gateway.model.timeline.ExternalReference;
import gateway.model.timeline.MediaReference;
import gateway.model.timeline.Metadata;
import gateway.model.timeline.MissingReference;
import gateway.model.timeline.Representation;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.model.timeline.TrackKind;
import gateway.relink.write.ale.AleWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An Avid Log Exchange bin of assets, written by relink-service's {@link AleWriter}: one row per
 * asset with Name, Tape (the reel), Start and End (the original's timecodes), Duration, FPS,
 * Tracks (V and A1..An by the audio channels), Source File and Source File Path (the stable proxy
 * path: Media Composer links the proxies, and later relinks to the originals by Tape + timecode),
 * the gateway asset id column, and Original File (the original's path on the storage).
 */
final class AleBin {
    static final String ORIGINAL_COLUMN = "Original File";

    private AleBin() {}

    static String write(String name, List<BinAsset> assets) {
        List<Clip> clips = new ArrayList<>();
        for (BinAsset a : assets) {
            TimeRange range = TimeRange.of(a.start().toFrames(), a.durationFrames(), a.rate());
            Map<Representation, MediaReference> refs = new EnumMap<>(Representation.class);
            refs.put(Representation.ORIGINAL, MissingReference.of(a.reel(), a.name(), a.fileName(), a.originalPath()));
            refs.put(Representation.PROXY, ExternalReference.of(a.proxy().toString(), range));
            Map<String, Object> ale = new LinkedHashMap<>();
            ale.put("Tracks", tracks(a));
            if (a.originalPath() != null) {
                ale.put(ORIGINAL_COLUMN, a.originalPath());
            }
            Metadata md = Metadata.empty()
                    .withIn("gateway", "asset_id", a.assetId())
                    .with("ale", ale)
                    .withIn("edit", "drop_frame", a.start().dropFrame());
            clips.add(new Clip(a.name(), range, refs, Representation.PROXY, List.of(), List.of(), true, md));
        }
        FrameRate rate = assets.isEmpty() ? FrameRate.FPS_25 : assets.get(0).rate();
        Timeline bin = Timeline.of(name, RationalTime.zero(rate), List.of(Track.of("V1", TrackKind.VIDEO, clips)));
        return new AleWriter().write(bin);
    }

    /** Avid's track list: "V" for a picture (none for a sound file), then "A1A2..." for each audio channel. */
    static String tracks(BinAsset a) {
        StringBuilder t = new StringBuilder(a.hasVideo() ? "V" : "");
        for (int i = 1; i <= a.audioChannels(); i++) {
            t.append('A').append(i);
        }
        return t.toString();
    }
}
