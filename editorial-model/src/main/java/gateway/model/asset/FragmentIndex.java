package gateway.model.asset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The frame to byte-range index of a fragmented MP4 rendition: the initialisation segment (ftyp,
 * moov and whatever precedes the first moof) and, for each fragment, the frames it holds and its
 * bytes. A fragment starts at a moof of the video track and runs to the next one, so it also holds
 * the audio muxed between them: one range request gives the editor both. Frames are counted from the
 * file's first frame.
 *
 * <p>Ingest scans the MP4's boxes once (proxy-generator's {@code FragmentScan}) and writes the
 * result beside the rendition as {@code stream/<profile>.index.json} with {@link #toJson()}; the
 * node reads that file back with {@link #read(Path)} instead of scanning the MP4 again.
 */
public record FragmentIndex(FrameRate rate, long initLengthBytes, List<Fragment> fragments) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public record Fragment(long startFrame, long durationFrames, long offsetBytes, long lengthBytes) {}

    public FragmentIndex {
        fragments = List.copyOf(fragments);
    }

    public long totalFrames() {
        return fragments.stream().mapToLong(Fragment::durationFrames).sum();
    }

    /** The byte after the last fragment: where the fragments end in the file. */
    public long endBytes() {
        return fragments.isEmpty()
                ? initLengthBytes
                : fragments.getLast().offsetBytes() + fragments.getLast().lengthBytes();
    }

    /** The fragment that holds {@code frame}, counted from the first frame. */
    public Fragment fragmentOf(long frame) {
        for (Fragment f : fragments) {
            if (frame >= f.startFrame && frame < f.startFrame + f.durationFrames) {
                return f;
            }
        }
        throw new GatewayException(Reason.OUT_OF_RANGE, "frame " + frame + " is past the end (" + totalFrames() + ")");
    }

    /** The index as JSON: rate as "num/den", sizes and offsets with their unit in the name. */
    public String toJson() {
        StringBuilder j = new StringBuilder("{\"rate\":\"").append(rate).append("\",\"init_length_bytes\":");
        j.append(initLengthBytes).append(",\"fragments\":[");
        for (int i = 0; i < fragments.size(); i++) {
            Fragment f = fragments.get(i);
            j.append(i == 0 ? "" : ",")
                    .append("{\"start_frame\":")
                    .append(f.startFrame)
                    .append(",\"duration_frames\":")
                    .append(f.durationFrames)
                    .append(",\"offset_bytes\":")
                    .append(f.offsetBytes)
                    .append(",\"length_bytes\":")
                    .append(f.lengthBytes)
                    .append('}');
        }
        return j.append("]}").toString();
    }

    /** Reads an index written by {@link #toJson()} from {@code file}; NOT_FOUND when absent, CORRUPT when malformed. */
    public static FragmentIndex read(Path file) {
        try {
            return fromJson(Files.readString(file), file.toString());
        } catch (NoSuchFileException e) {
            throw GatewayException.notFound("fragment index " + file + ": no such file");
        } catch (IOException e) {
            throw GatewayException.io("fragment index " + file + ": cannot read it: " + e.getMessage(), e);
        }
    }

    /** Parses what {@link #toJson()} wrote; {@code source} names where it came from in errors. */
    public static FragmentIndex fromJson(String json, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new GatewayException(
                    Reason.CORRUPT, "fragment index " + source + " is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw corrupt(source, "(root)", "is not a JSON object");
        }
        JsonNode rate = root.get("rate");
        if (rate == null || !rate.isTextual()) {
            throw corrupt(source, "rate", "is missing or not a \"num/den\" string");
        }
        FrameRate frameRate;
        try {
            frameRate = FrameRate.parse(rate.asText());
        } catch (GatewayException e) {
            throw corrupt(source, "rate", e.getMessage());
        }
        JsonNode list = root.get("fragments");
        if (list == null || !list.isArray()) {
            throw corrupt(source, "fragments", "is missing or not an array");
        }
        List<Fragment> fragments = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            JsonNode f = list.get(i);
            String at = "fragments[" + i + "].";
            fragments.add(new Fragment(
                    count(f, "start_frame", source, at),
                    count(f, "duration_frames", source, at),
                    count(f, "offset_bytes", source, at),
                    count(f, "length_bytes", source, at)));
        }
        return new FragmentIndex(frameRate, count(root, "init_length_bytes", source, ""), fragments);
    }

    private static long count(JsonNode node, String field, String source, String at) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || !v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0) {
            throw corrupt(source, at + field, "is missing or not a whole number >= 0");
        }
        return v.asLong();
    }

    private static GatewayException corrupt(String source, String field, String why) {
        return new GatewayException(Reason.CORRUPT, "fragment index " + source + ": '" + field + "' " + why);
    }
}
