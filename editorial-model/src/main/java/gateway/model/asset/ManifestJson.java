package gateway.model.asset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The on-disk and stored form of a {@link Manifest}: stable JSON (fixed key order, snake_case keys,
 * metadata sorted by key, every known key written, nulls explicit). Frame rates are written as
 * "24000/1001", timecodes as {"value": "HH:MM:SS:FF" (';' before the frames when drop-frame),
 * "rate": "24000/1001"}, instants as ISO-8601 UTC.
 *
 * <p>Reading is strict about what it needs (a missing or mistyped field is {@link Reason#CORRUPT}
 * naming the source and the field) and rejects a newer schema as {@link Reason#UNSUPPORTED}.
 */
public final class ManifestJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ManifestJson() {}

    /** The manifest as UTF-8 JSON bytes, ending with a newline. */
    public static byte[] toBytes(Manifest manifest) {
        return (toJson(manifest) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The manifest as a JSON string (pretty-printed, stable). */
    public static String toJson(Manifest manifest) {
        try {
            return MAPPER.writeValueAsString(encode(manifest));
        } catch (JsonProcessingException e) {
            throw new GatewayException(
                    Reason.INTERNAL, "manifest of asset " + manifest.assetId() + " could not be written as JSON", e);
        }
    }

    /** Reads a manifest; {@code source} names where the bytes came from (a file path) for error messages. */
    public static Manifest fromBytes(byte[] json, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new GatewayException(
                    Reason.CORRUPT, "manifest " + source + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new GatewayException(Reason.CORRUPT, "manifest " + source + " cannot be parsed: " + e, e);
        }
        return decode(root, source);
    }

    /** Reads a manifest from a JSON string; {@code source} names where it came from. */
    public static Manifest fromJson(String json, String source) {
        return fromBytes(json.getBytes(StandardCharsets.UTF_8), source);
    }

    private static ObjectNode encode(Manifest m) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema_version", m.schemaVersion());
        root.put("version", m.version());
        root.put("asset_id", m.assetId().value());
        root.put("project", m.project().value());
        root.put("name", m.name());
        root.put("original_path", m.originalPath());
        root.set("media", encode(m.media()));
        root.set("checksums", encode(m.checksums()));
        ArrayNode renditions = root.putArray("renditions");
        for (Rendition r : m.renditions()) {
            ObjectNode n = renditions.addObject();
            n.put("profile", r.profile());
            n.put("path", r.path());
            n.put("mime_type", r.mimeType());
            n.put("size_bytes", r.sizeBytes());
            n.set("checksums", encode(r.checksums()));
        }
        ObjectNode metadata = root.putObject("metadata");
        new TreeMap<>(m.metadata()).forEach(metadata::put);
        root.put("ingested_at", m.ingestedAt() == null ? null : m.ingestedAt().toString());
        if (!m.locations().isEmpty()) {
            // Written once the original has a location beyond original_path (storage tiers); a
            // manifest without the key is read as one with none.
            ArrayNode locations = root.putArray("locations");
            for (OriginalLocation l : m.locations()) {
                ObjectNode n = locations.addObject();
                n.put("tier", l.tier());
                n.put("address", l.address());
                n.put("state", l.state().label());
                n.put("upload_id", l.uploadId());
                n.put("since", l.since().toString());
            }
        }
        return root;
    }

    private static ObjectNode encode(MediaInfo media) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("path", media.path());
        n.put("container", media.container());
        n.put("frame_rate", media.frameRate().toString());
        n.put("duration_frames", media.durationFrames());
        Timecode tc = media.startTimecode();
        if (tc == null) {
            n.putNull("start_timecode");
        } else {
            ObjectNode t = n.putObject("start_timecode");
            t.put("value", tc.toString());
            t.put("rate", tc.rate().toString());
        }
        n.put("reel", media.reel());
        if (media.clipName() != null) {
            n.put("clip_name", media.clipName());
        }
        VideoInfo video = media.video();
        if (video == null) {
            n.putNull("video");
        } else {
            ObjectNode v = n.putObject("video");
            v.put("codec", video.codec());
            v.put("width", video.width());
            v.put("height", video.height());
        }
        ArrayNode audio = n.putArray("audio");
        for (AudioStream a : media.audio()) {
            ObjectNode s = audio.addObject();
            s.put("codec", a.codec());
            s.put("channels", a.channels());
            s.put("layout", a.layout()); // derived from channels: written for readers, not read back
            s.put("sample_rate", a.sampleRate());
            s.put("bit_depth", a.bitDepth());
        }
        n.put("variable_frame_rate", media.variableFrameRate());
        MediaInfo.Camera camera = media.camera();
        if (camera == null) {
            n.putNull("camera");
        } else {
            ObjectNode c = n.putObject("camera");
            c.put("make", camera.make());
            c.put("model", camera.model());
            c.put("serial", camera.serial());
        }
        ArrayNode warnings = n.putArray("warnings");
        media.warnings().forEach(warnings::add);
        return n;
    }

    private static JsonNode encode(Checksums checksums) {
        if (checksums == null) {
            return MAPPER.nullNode();
        }
        ObjectNode n = MAPPER.createObjectNode();
        n.put("xxh64", checksums.xxh64());
        n.put("md5", checksums.md5());
        return n;
    }

    private static Manifest decode(JsonNode root, String source) {
        Reader r = new Reader(source);
        r.requireObject(root, "");
        int schema = (int) r.requiredLong(root, "schema_version");
        if (schema > Manifest.SCHEMA_VERSION) {
            throw new GatewayException(
                    Reason.UNSUPPORTED,
                    "manifest " + source + " has schema_version " + schema + "; this gateway reads up to "
                            + Manifest.SCHEMA_VERSION);
        }
        if (schema < 1) {
            throw r.corrupt("schema_version", "must be at least 1, is " + schema);
        }
        try {
            List<Rendition> renditions = new ArrayList<>();
            for (JsonNode n : r.array(root, "renditions")) {
                r.requireObject(n, "renditions[]");
                renditions.add(new Rendition(
                        r.text(n, "profile"),
                        r.text(n, "path"),
                        r.text(n, "mime_type"),
                        r.optionalLong(n, "size_bytes", 0),
                        decodeChecksums(n.get("checksums"), r)));
            }
            Map<String, String> metadata = new TreeMap<>();
            JsonNode meta = root.get("metadata");
            if (meta != null && !meta.isNull()) {
                r.requireObject(meta, "metadata");
                meta.properties()
                        .forEach(e -> metadata.put(e.getKey(), e.getValue().asText()));
            }
            String ingested = r.text(root, "ingested_at");
            List<OriginalLocation> locations = new ArrayList<>();
            for (JsonNode n : r.array(root, "locations")) {
                r.requireObject(n, "locations[]");
                String state = r.requiredText(n, "state");
                OriginalLocation.State parsed;
                try {
                    parsed = OriginalLocation.State.ofLabel(state);
                } catch (IllegalArgumentException e) {
                    throw r.corrupt("locations[].state", "'" + state + "' is not a location state");
                }
                locations.add(new OriginalLocation(
                        r.requiredText(n, "tier"),
                        r.requiredText(n, "address"),
                        parsed,
                        r.text(n, "upload_id"),
                        parseInstant(r.requiredText(n, "since"), r)));
            }
            return new Manifest(
                    schema,
                    r.requiredLong(root, "version"),
                    new AssetId(r.requiredText(root, "asset_id")),
                    new ProjectId(r.requiredText(root, "project")),
                    r.text(root, "name"),
                    r.text(root, "original_path"),
                    decodeMedia(r.requiredObject(root, "media"), r),
                    decodeChecksums(root.get("checksums"), r),
                    renditions,
                    metadata,
                    ingested == null ? null : parseInstant(ingested, r),
                    locations);
        } catch (GatewayException e) {
            if (e.reason() == Reason.CORRUPT) {
                throw e;
            }
            throw new GatewayException(Reason.CORRUPT, "manifest " + source + " is invalid: " + e.getMessage(), e);
        }
    }

    private static MediaInfo decodeMedia(JsonNode n, Reader r) {
        FrameRate rate = FrameRate.parse(r.requiredText(n, "frame_rate"));
        Timecode start = null;
        JsonNode tc = n.get("start_timecode");
        if (tc != null && !tc.isNull()) {
            r.requireObject(tc, "media.start_timecode");
            start = Timecode.parse(r.requiredText(tc, "value"), FrameRate.parse(r.requiredText(tc, "rate")));
        }
        VideoInfo video = null;
        JsonNode v = n.get("video");
        if (v != null && !v.isNull()) {
            r.requireObject(v, "media.video");
            video = new VideoInfo(
                    r.text(v, "codec"), (int) r.optionalLong(v, "width", 0), (int) r.optionalLong(v, "height", 0));
        }
        List<AudioStream> audio = new ArrayList<>();
        for (JsonNode a : r.array(n, "audio")) {
            r.requireObject(a, "media.audio[]");
            audio.add(new AudioStream(
                    r.text(a, "codec"),
                    (int) r.optionalLong(a, "channels", 0),
                    (int) r.optionalLong(a, "sample_rate", 0),
                    (int) r.optionalLong(a, "bit_depth", 0)));
        }
        MediaInfo.Camera camera = null;
        JsonNode c = n.get("camera");
        if (c != null && !c.isNull()) {
            r.requireObject(c, "media.camera");
            camera = new MediaInfo.Camera(r.text(c, "make"), r.text(c, "model"), r.text(c, "serial"));
        }
        List<String> warnings = new ArrayList<>();
        for (JsonNode w : r.array(n, "warnings")) {
            warnings.add(w.asText());
        }
        JsonNode vfr = n.get("variable_frame_rate");
        return new MediaInfo(
                r.requiredText(n, "path"),
                r.text(n, "container"),
                rate,
                r.requiredLong(n, "duration_frames"),
                start,
                r.text(n, "reel"),
                r.text(n, "clip_name"),
                video,
                audio,
                vfr != null && vfr.asBoolean(false),
                camera,
                warnings);
    }

    private static Checksums decodeChecksums(JsonNode n, Reader r) {
        if (n == null || n.isNull()) {
            return null;
        }
        r.requireObject(n, "checksums");
        return new Checksums(r.text(n, "xxh64"), r.text(n, "md5"));
    }

    private static Instant parseInstant(String text, Reader r) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw r.corrupt("ingested_at", "'" + text + "' is not an ISO-8601 instant");
        }
    }

    /** Field access that names the source and the field in every failure. */
    private record Reader(String source) {
        GatewayException corrupt(String field, String why) {
            return new GatewayException(Reason.CORRUPT, "manifest " + source + ": field '" + field + "' " + why);
        }

        void requireObject(JsonNode n, String field) {
            if (n == null || !n.isObject()) {
                throw corrupt(field.isEmpty() ? "(root)" : field, "must be a JSON object");
            }
        }

        JsonNode requiredObject(JsonNode parent, String field) {
            JsonNode n = parent.get(field);
            requireObject(n, field);
            return n;
        }

        String requiredText(JsonNode parent, String field) {
            String s = text(parent, field);
            if (s == null) {
                throw corrupt(field, "is missing");
            }
            return s;
        }

        String text(JsonNode parent, String field) {
            JsonNode n = parent.get(field);
            if (n == null || n.isNull()) {
                return null;
            }
            if (!n.isTextual()) {
                throw corrupt(
                        field, "must be a string, is " + n.getNodeType().name().toLowerCase());
            }
            return n.asText();
        }

        long requiredLong(JsonNode parent, String field) {
            JsonNode n = parent.get(field);
            if (n == null || n.isNull()) {
                throw corrupt(field, "is missing");
            }
            return integral(n, field);
        }

        long optionalLong(JsonNode parent, String field, long fallback) {
            JsonNode n = parent.get(field);
            return n == null || n.isNull() ? fallback : integral(n, field);
        }

        private long integral(JsonNode n, String field) {
            if (!n.isIntegralNumber() || !n.canConvertToLong()) {
                throw corrupt(field, "must be a whole number, is " + n);
            }
            return n.asLong();
        }

        Iterable<JsonNode> array(JsonNode parent, String field) {
            JsonNode n = parent.get(field);
            if (n == null || n.isNull()) {
                return List.of();
            }
            if (n.getNodeType() != JsonNodeType.ARRAY) {
                throw corrupt(field, "must be a JSON array");
            }
            return n;
        }
    }
}
