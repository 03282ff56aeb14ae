package gateway.relink.read.ale;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import gateway.model.time.TimeRange;
import gateway.model.time.Timecode;
import gateway.model.timeline.Clip;
import gateway.model.timeline.Metadata;
import gateway.model.timeline.MissingReference;
import gateway.model.timeline.Representation;
import gateway.model.timeline.Stack;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.model.timeline.TrackKind;
import gateway.relink.read.Edit;
import gateway.relink.read.EditFormat;
import gateway.relink.read.EditProblem;
import gateway.relink.read.EditReader;
import gateway.relink.read.EditText;
import gateway.relink.read.InvalidEvent;
import gateway.relink.read.ReadOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an Avid Log Exchange file (a bin of source clips) as a timeline of one video track,
 * {@code V1}, holding every row's clip end to end from zero, in the order of the file. A clip's
 * source range is its {@code Start} timecode up to {@code End} (exclusive, as Avid writes it; the
 * {@code Duration} column when there is no End) at the row's {@code FPS} column, else the heading's
 * {@code FPS}, else the read options' rate; a ';' in a timecode makes it drop-frame. Its
 * {@code MissingReference} keeps the {@code Tape} (else {@code Reel}) as the reel, {@code Name} as
 * the clip name, {@code Source File} (else {@code Filename}) as the file name and
 * {@code Source File Path} (else {@code UNC}) as the path. Every non-empty column is kept in the
 * clip's {@value #NAMESPACE} metadata, the heading and column order in the timeline's; the column
 * {@value #ASSET_ID_COLUMN} becomes {@code gateway.asset_id}. A row without a readable Start and
 * End or Duration is an invalid event (a parse error when reading strictly).
 */
public final class AleReader implements EditReader {
    public static final String NAMESPACE = "ale";

    /** The column the gateway writes its asset id in. */
    public static final String ASSET_ID_COLUMN = "Gateway Asset ID";

    @Override
    public EditFormat format() {
        return EditFormat.ALE;
    }

    /** True when the text starts with the {@code Heading} section. */
    public static boolean recognises(String text) {
        return text.stripLeading().regionMatches(true, 0, "Heading", 0, 7);
    }

    @Override
    public Edit read(byte[] content, String sourceName, ReadOptions options) {
        AleSections ale = AleSections.parse(EditText.decode(content), sourceName);
        List<EditProblem> problems = new ArrayList<>();
        String delimiter = ale.heading().getOrDefault("FIELD_DELIM", "TABS");
        if (!delimiter.equalsIgnoreCase("TABS")) {
            throw new GatewayException(
                    Reason.UNSUPPORTED,
                    sourceName + ": FIELD_DELIM is '" + delimiter + "'; only TABS is an ALE we read");
        }
        FrameRate rate = headingRate(ale, sourceName, options, problems);
        List<Clip> clips = new ArrayList<>();
        List<InvalidEvent> invalid = new ArrayList<>();
        for (int i = 0; i < ale.rows().size(); i++) {
            AleSections.Row row = ale.rows().get(i);
            Map<String, String> values = values(ale.columns(), row);
            String event = String.valueOf(i + 1);
            try {
                clips.add(clip(values, row.line(), event, rate));
            } catch (GatewayException e) {
                String why = e.getMessage();
                if (options.strict()) {
                    throw new GatewayException(Reason.PARSE_ERROR, sourceName + " line " + row.line() + ": " + why, e);
                }
                problems.add(new EditProblem(row.line(), event, why + "; row not placed"));
                invalid.add(new InvalidEvent(
                        event,
                        row.line(),
                        "V",
                        reel(values),
                        values.get("Name"),
                        rate,
                        false,
                        null,
                        null,
                        null,
                        null,
                        why));
            }
        }
        Map<String, Object> md = new LinkedHashMap<>();
        md.put("heading", new LinkedHashMap<>(ale.heading()));
        md.put("columns", ale.columns());
        Timeline timeline = new Timeline(
                binName(sourceName),
                RationalTime.zero(rate),
                Stack.of(List.of(Track.of("V1", TrackKind.VIDEO, clips))),
                Metadata.empty().with(NAMESPACE, md));
        return new Edit(EditFormat.ALE, timeline, invalid, problems);
    }

    private static FrameRate headingRate(
            AleSections ale, String sourceName, ReadOptions options, List<EditProblem> problems) {
        String fps = ale.heading().get("FPS");
        if (fps == null || fps.isBlank()) {
            problems.add(new EditProblem(
                    0,
                    null,
                    "the heading has no FPS; reading at " + options.rate().toDecimalString() + " fps"));
            return options.rate();
        }
        try {
            return FrameRate.parse(fps);
        } catch (GatewayException e) {
            throw new GatewayException(Reason.PARSE_ERROR, sourceName + ": heading FPS: " + e.getMessage(), e);
        }
    }

    /** Column name to value; a column named twice keeps its first value. */
    private static Map<String, String> values(List<String> columns, AleSections.Row row) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int k = 0; k < columns.size(); k++) {
            values.putIfAbsent(columns.get(k), row.values().get(k));
        }
        return values;
    }

    private static Clip clip(Map<String, String> values, int line, String event, FrameRate headingRate) {
        FrameRate rate = rowRate(values.get("FPS")).orElse(headingRate);
        String startText = values.getOrDefault("Start", "");
        if (startText.isEmpty()) {
            throw GatewayException.invalid("row has no Start timecode");
        }
        Timecode start = Timecode.parse(startText, rate);
        long frames;
        String endText = values.getOrDefault("End", "");
        String durationText = values.getOrDefault("Duration", "");
        if (!endText.isEmpty()) {
            long end = Timecode.parse(endText, rate, start.dropFrame()).toFrames();
            frames = end - start.toFrames();
            if (frames < 0) {
                frames += Timecode.framesPerDay(rate, start.dropFrame()); // the clip runs past midnight
            }
        } else if (!durationText.isEmpty()) {
            frames = Timecode.parse(durationText, rate, start.dropFrame()).toFrames();
        } else {
            throw GatewayException.invalid("row starting at " + startText + " has neither End nor Duration");
        }
        String name = values.getOrDefault("Name", "");
        String sourceFile = first(values, "Source File", "Filename");
        String path = first(values, "Source File Path", "UNC");
        if (sourceFile == null && path != null) {
            String p = path.replace('\\', '/');
            sourceFile = p.substring(p.lastIndexOf('/') + 1);
        }
        MissingReference ref = MissingReference.of(reel(values), name.isEmpty() ? null : name, sourceFile, path);
        Map<String, Object> kept = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (!v.isEmpty() && !k.isEmpty()) {
                kept.put(k, v);
            }
        });
        Map<String, Object> edit = new LinkedHashMap<>();
        edit.put("event", event);
        edit.put("line", (long) line);
        edit.put("drop_frame", start.dropFrame());
        Metadata md = Metadata.empty().with(Edit.NAMESPACE, edit).with(NAMESPACE, kept);
        String assetId = values.getOrDefault(ASSET_ID_COLUMN, "");
        if (!assetId.isEmpty()) {
            md = md.withIn("gateway", "asset_id", assetId);
        }
        return new Clip(
                name,
                TimeRange.of(start.toFrames(), frames, rate),
                Map.of(Representation.ORIGINAL, ref),
                Representation.ORIGINAL,
                List.of(),
                List.of(),
                true,
                md);
    }

    private static Optional<FrameRate> rowRate(String fps) {
        if (fps == null || fps.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(FrameRate.parse(fps));
        } catch (GatewayException e) {
            throw GatewayException.invalid("FPS column '" + fps + "' is not a frame rate");
        }
    }

    private static String reel(Map<String, String> values) {
        return first(values, "Tape", "Reel");
    }

    private static String first(Map<String, String> values, String... columns) {
        for (String c : columns) {
            String v = values.get(c);
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return null;
    }

    private static String binName(String sourceName) {
        String n = sourceName.replace('\\', '/');
        n = n.substring(n.lastIndexOf('/') + 1);
        int dot = n.lastIndexOf('.');
        return dot > 0 && n.substring(dot).toLowerCase(Locale.ROOT).equals(".ale") ? n.substring(0, dot) : n;
    }
}
