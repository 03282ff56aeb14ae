package gateway.relink.write.ale;

import gateway.model.time.FrameRate;
import gateway.model.time.TimeRange;
import gateway.model.time.Timecode;
import gateway.model.timeline.Clip;
import gateway.model.timeline.ExternalReference;
import gateway.model.timeline.GeneratorReference;
import gateway.model.timeline.ImageSequenceReference;
import gateway.model.timeline.MediaReference;
import gateway.model.timeline.Metadata;
import gateway.model.timeline.MissingReference;
import gateway.model.timeline.Representation;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.model.timeline.TrackKind;
import gateway.relink.read.Edit;
import gateway.relink.read.ale.AleReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the clips of a timeline as an Avid Log Exchange bin: one row per clip (video tracks first,
 * then audio, each in track order; generators left out) with {@code Name}, {@code Tape},
 * {@code Start}, {@code End} (exclusive, as Avid writes it), {@code Duration}, {@code FPS},
 * {@code Tracks}, {@code Source File}, {@code Source File Path} and {@value AleReader#ASSET_ID_COLUMN},
 * then any other column an ALE reading kept on the clips. Start and End cover the media frames the
 * clip plays (its source range, or after a speed change the frames it consumes). The heading's
 * {@code FPS} is the timeline's rate; drop-frame timecodes are written with ';'. Lines end in CR LF.
 */
public final class AleWriter {
    private static final List<String> OWN = List.of(
            "Name",
            "Tape",
            "Start",
            "End",
            "Duration",
            "FPS",
            "Tracks",
            "Source File",
            "Source File Path",
            AleReader.ASSET_ID_COLUMN);
    private static final String EOL = "\r\n";

    public String write(Timeline timeline) {
        List<Map<String, String>> rows = new ArrayList<>();
        Set<String> extra = new LinkedHashSet<>();
        for (TrackKind kind : TrackKind.values()) {
            for (Track t : timeline.tracks().tracks()) {
                if (t.kind() != kind) {
                    continue;
                }
                t.clips()
                        .filter(c -> !(c.activeReference() instanceof GeneratorReference))
                        .forEach(c -> {
                            Map<String, String> row = row(c, t);
                            rows.add(row);
                            c.metadata().namespace(AleReader.NAMESPACE).asMap().keySet().stream()
                                    .filter(k -> !OWN.contains(k))
                                    .forEach(extra::add);
                        });
            }
        }
        List<String> columns = new ArrayList<>(OWN);
        columns.addAll(extra);
        Metadata heading = timeline.metadata().namespace(AleReader.NAMESPACE).namespace("heading");
        StringBuilder out = new StringBuilder(256 + rows.size() * 128);
        out.append("Heading").append(EOL);
        out.append("FIELD_DELIM\tTABS").append(EOL);
        out.append("VIDEO_FORMAT\t")
                .append(clean(heading.string("VIDEO_FORMAT").orElse("1080")))
                .append(EOL);
        out.append("AUDIO_FORMAT\t")
                .append(clean(heading.string("AUDIO_FORMAT").orElse("48khz")))
                .append(EOL);
        out.append("FPS\t").append(fps(timeline.rate())).append(EOL).append(EOL);
        out.append("Column")
                .append(EOL)
                .append(String.join("\t", columns))
                .append(EOL)
                .append(EOL);
        out.append("Data").append(EOL);
        for (Map<String, String> row : rows) {
            List<String> values = new ArrayList<>(columns.size());
            for (String c : columns) {
                values.add(clean(row.getOrDefault(c, "")));
            }
            out.append(String.join("\t", values)).append(EOL);
        }
        return out.toString();
    }

    private static Map<String, String> row(Clip c, Track track) {
        Map<String, String> row = new LinkedHashMap<>();
        Metadata kept = c.metadata().namespace(AleReader.NAMESPACE);
        kept.asMap().forEach((k, v) -> row.put(k, String.valueOf(v)));
        TimeRange media = c.mediaRange();
        FrameRate rate = media.rate();
        boolean df = rate.supportsDropFrame()
                && c.metadata()
                        .namespace(Edit.NAMESPACE)
                        .get("drop_frame")
                        .map(Boolean.TRUE::equals)
                        .orElse(false);
        MediaReference ref = c.activeReference();
        MediaReference original = c.reference(Representation.ORIGINAL).orElse(ref);
        row.put("Name", c.name());
        String reel = reel(c, original);
        if (reel != null) {
            row.put("Tape", reel);
        }
        row.put("Start", Timecode.fromFrames(media.start().value(), rate, df).toString());
        row.put(
                "End",
                Timecode.fromFrames(media.endExclusive().value(), rate, df).toString());
        row.put(
                "Duration",
                Timecode.fromFrames(media.durationFrames(), rate, df).toString());
        row.put("FPS", fps(rate));
        row.putIfAbsent("Tracks", track.kind() == TrackKind.VIDEO ? "V" : "A1");
        String path =
                switch (ref) {
                    case ExternalReference e -> e.target();
                    case MissingReference m -> m.path();
                    case ImageSequenceReference s -> s.targetFor(s.startFrame());
                    case GeneratorReference g -> null;
                };
        String file =
                switch (ref) {
                    case ExternalReference e -> e.fileName();
                    case MissingReference m -> m.sourceFile();
                    default ->
                        path == null
                                ? null
                                : path.substring(path.replace('\\', '/').lastIndexOf('/') + 1);
                };
        if (file != null) {
            row.put("Source File", file);
        }
        if (path != null) {
            row.put("Source File Path", path);
        }
        c.metadata()
                .namespace("gateway")
                .string("asset_id")
                .or(() -> ref.metadata().namespace("gateway").string("asset_id"))
                .ifPresent(id -> row.put(AleReader.ASSET_ID_COLUMN, id));
        return row;
    }

    private static String reel(Clip c, MediaReference original) {
        if (original instanceof MissingReference m && m.reel() != null) {
            return m.reel();
        }
        return c.metadata()
                .namespace("cmx_3600")
                .string("reel")
                .or(() -> c.metadata().namespace(AleReader.NAMESPACE).string("Tape"))
                .orElse(null);
    }

    /** "23.976", "25", "29.97": the spelling Avid writes and {@code FrameRate.parse} reads back exactly. */
    static String fps(FrameRate rate) {
        return rate.toDecimalString();
    }

    /** A value on one line without tabs: ALE has no quoting. */
    private static String clean(String value) {
        return value.replace('\t', ' ').replace('\r', ' ').replace('\n', ' ');
    }
}
