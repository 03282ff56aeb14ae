package gateway.ingest.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.model.error.GatewayException;
import gateway.model.timeline.Timeline;
import gateway.proxy.finish.ConformQc;
import gateway.proxy.finish.QcEvent;
import gateway.proxy.finish.QcFinding;
import gateway.proxy.finish.QcOptions;
import gateway.proxy.finish.QcResult;
import gateway.relink.read.ReadOptions;
import gateway.relink.read.otio.OtioJsonReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The worker's {@code qc CONFORMED REFERENCE EVENTS_JSON PICTURES_DIR SEARCH_FRAMES} task: conform QC
 * of the reference movie against the conformed one (a rendered master, or the conformed timeline as
 * OTIO JSON when no master was rendered: played from its originals) at the events the planner wrote
 * ({@code gateway.relink.report.QcPlan}); the answer is the report's {@code qc} section.
 */
final class QcTask {
    /** A CONFORMED argument ending so is the conformed timeline (OTIO JSON, originals' paths), not a movie. */
    static final String TIMELINE_SUFFIX = ".otio";

    private static final ObjectMapper JSON = new ObjectMapper();

    private QcTask() {}

    static String run(String[] argv) throws IOException {
        if (argv.length != 6) {
            throw GatewayException.invalid(
                    "worker: qc needs CONFORMED REFERENCE EVENTS_JSON PICTURES_DIR SEARCH_FRAMES");
        }
        List<QcEvent> events = new ArrayList<>();
        for (JsonNode e : JSON.readTree(Files.readString(Path.of(argv[3]))).path("events")) {
            events.add(new QcEvent(
                    e.path("event").asText(),
                    e.path("track").asText(),
                    e.path("first_frame").asLong(),
                    e.path("frames").asLong(),
                    e.path("not_checked").isTextual() ? e.path("not_checked").asText() : null));
        }
        Path pictures = Path.of(argv[4]);
        Path conformed = Path.of(argv[1]);
        QcOptions options = new QcOptions(Integer.parseInt(argv[5]), pictures);
        QcResult r;
        if (conformed.getFileName().toString().endsWith(TIMELINE_SUFFIX)) {
            // no master: the conformed timeline itself, played from its originals at the sampled frames
            Timeline timeline = new OtioJsonReader()
                    .read(conformed, new ReadOptions(ReadOptions.DEFAULT_RATE, false))
                    .timeline();
            r = new ConformQc().compareTimeline(timeline, Path.of(argv[2]), events, options);
        } else {
            r = new ConformQc().compare(conformed, Path.of(argv[2]), events, options);
        }
        return answer(r, pictures.getFileName().toString()).toString();
    }

    static ObjectNode answer(QcResult r, String picturesFolder) {
        ObjectNode n = JSON.createObjectNode();
        n.put("reference", r.reference());
        n.put("pictures_folder", picturesFolder);
        n.put("rate", r.rate().toDecimalString());
        n.put("width", r.width());
        n.put("height", r.height());
        n.put("frames", r.frames());
        n.put("start_timecode", r.startTimecode());
        n.put("shift", r.shift());
        n.put("search_frames", r.searchFrames());
        r.notes().forEach(n.putArray("notes")::add);
        ObjectNode totals = n.putObject("totals");
        for (QcFinding.Status s : QcFinding.Status.values()) {
            totals.put(s.json(), r.count(s));
        }
        ArrayNode events = n.putArray("events");
        for (QcFinding f : r.findings()) {
            ObjectNode e = events.addObject();
            e.put("event", f.event());
            e.put("track", f.track());
            e.put("status", f.status().json());
            e.put("offset", f.offset());
            if (Double.isNaN(f.similarity())) {
                e.putNull("similarity");
            } else {
                e.put("similarity", Math.round(f.similarity() * 1000) / 1000.0);
            }
            e.put("message", f.message());
            e.put("frame", f.frame());
            e.put("reference_picture", f.referencePicture());
            e.put("conformed_picture", f.conformedPicture());
        }
        return n;
    }
}
