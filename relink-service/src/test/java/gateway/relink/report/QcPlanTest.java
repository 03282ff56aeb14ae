package gateway.relink.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.model.time.FrameRate;
import gateway.model.time.TimeRange;
import gateway.model.time.Timecode;
import gateway.model.timeline.Clip;
import gateway.model.timeline.ExternalReference;
import gateway.model.timeline.Gap;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.model.timeline.TrackKind;
import gateway.model.timeline.UnknownEffect;
import gateway.relink.link.EventLink;
import gateway.relink.link.LinkResult;
import gateway.relink.link.LinkStatus;
import gateway.relink.link.MatchMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QcPlanTest {
    private static final FrameRate RATE = FrameRate.FPS_25;
    private static final long START = Timecode.parse("10:00:00:00", RATE).toFrames();

    private static Clip clip(String name, long n) {
        return Clip.of(name, TimeRange.of(90_000, n, RATE), ExternalReference.of("file:///m/" + name + ".mov", null));
    }

    private static EventLink event(String id, String track, long recordFrom, long n, LinkStatus status) {
        return new EventLink(
                id,
                0,
                track,
                RATE,
                false,
                TimeRange.of(START + recordFrom, n, RATE),
                TimeRange.of(90_000, n, RATE),
                "R",
                id,
                status,
                MatchMethod.REEL_TIMECODE,
                null,
                null,
                List.of(),
                "",
                null);
    }

    @Test
    void plansEachVideoEventInMasterFramesAndSaysWhyOthersAreNotCompared() {
        Timeline t = Timeline.of(
                "cut",
                Timecode.parse("10:00:00:00", RATE).toTime(),
                List.of(
                        Track.of(
                                "V1",
                                TrackKind.VIDEO,
                                List.of(
                                        clip("a", 20),
                                        clip("b", 20).withEffects(List.of(new UnknownEffect("Resize", null))),
                                        clip("c", 20),
                                        clip("d", 20))),
                        Track.of("V2", TrackKind.VIDEO, List.of(Gap.of(65, RATE), clip("e", 10))),
                        Track.of("A1", TrackKind.AUDIO, List.of(clip("a", 20)))));
        LinkResult linked = new LinkResult(
                t,
                List.of(
                        event("1", "V1", 0, 20, LinkStatus.MATCHED),
                        event("2", "V1", 20, 20, LinkStatus.MATCHED),
                        event("3", "V1", 40, 20, LinkStatus.UNMATCHED),
                        event("4", "V1", 60, 20, LinkStatus.MATCHED),
                        event("5", "V2", 65, 10, LinkStatus.SHORT_HANDLES),
                        event("6", "A1", 0, 20, LinkStatus.MATCHED)));

        List<QcPlan.Row> rows = QcPlan.of(linked);

        assertEquals(5, rows.size(), "audio events have no QC row: " + rows);
        assertEquals(new QcPlan.Row("1", "V1", 0, 20, null), rows.get(0));
        assertEquals(
                "effect 'Resize' is not rendered: not compared", rows.get(1).notChecked());
        assertTrue(
                rows.get(2).notChecked().startsWith("not linked to an original (unmatched)"),
                rows.get(2).notChecked());
        assertEquals(
                "under a clip on track V2, which the master shows", rows.get(3).notChecked());
        assertEquals(new QcPlan.Row("5", "V2", 65, 10, null), rows.get(4));
    }

    @Test
    void addQcPutsTheSectionIntoBothReportsAndReplacesAnEarlierOne(@TempDir Path dir) throws Exception {
        Path json = Files.writeString(dir.resolve("conform-report.json"), "{\"schema_version\":1,\"events\":[]}\n");
        Path html = Files.writeString(
                dir.resolve("conform-report.html"),
                "<!DOCTYPE html>\n<html><body>\n<h1>Conform report</h1>\n</body></html>\n");
        String answer = "{\"reference\":\"ref.mov\",\"pictures_folder\":\"qc\",\"rate\":\"25\",\"width\":96,"
                + "\"height\":54,\"frames\":40,\"start_timecode\":null,\"shift\":0,\"search_frames\":5,\"notes\":[],"
                + "\"totals\":{\"ok\":1,\"different_picture\":1},\"events\":["
                + "{\"event\":\"1\",\"track\":\"V1\",\"status\":\"ok\",\"offset\":0,\"similarity\":0.99,\"message\":\"\","
                + "\"frame\":-1,\"reference_picture\":null,\"conformed_picture\":null},"
                + "{\"event\":\"<2>\",\"track\":\"V1\",\"status\":\"different_picture\",\"offset\":0,\"similarity\":0.2,"
                + "\"message\":\"different picture\",\"frame\":30,\"reference_picture\":\"qc-0002-reference.png\","
                + "\"conformed_picture\":\"qc-0002-conformed.png\"}]}";
        QcSection qc = QcSection.fromJson(answer);

        ConformReport.addQc(json, html, qc);
        ConformReport.addQc(json, html, qc);

        assertEquals(1, qc.problems());
        assertEquals("QC against ref.mov: 1 ok, 1 different picture", qc.summary());
        assertEquals(List.of("event <2> (V1): different picture"), qc.problemLines());
        var root = new ObjectMapper().readTree(json.toFile());
        assertEquals(1, root.path("schema_version").asInt());
        assertEquals(
                "different_picture",
                root.path("qc").path("events").get(1).path("status").asText());
        String page = Files.readString(html);
        assertEquals(page.indexOf("<h2 id=\"qc\">"), page.lastIndexOf("<h2 id=\"qc\">"), "one QC section");
        assertTrue(page.contains("<img class=\"qcpic\" src=\"qc/qc-0002-reference.png\""), page);
        assertTrue(page.contains("<td>&lt;2&gt;</td>"), "names are escaped");
        assertTrue(page.indexOf("<h2 id=\"qc\">") < page.indexOf("</body>"));
        assertNull(
                root.path("qc").path("events").get(0).path("reference_picture").textValue());
    }
}
