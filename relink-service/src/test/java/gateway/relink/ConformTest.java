package gateway.relink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.model.asset.Manifest;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.timeline.Clip;
import gateway.model.timeline.ExternalReference;
import gateway.model.timeline.Timeline;
import gateway.relink.link.InMemoryCatalogue;
import gateway.relink.link.LinkStatus;
import gateway.relink.read.EditFormat;
import gateway.relink.read.ReadOptions;
import gateway.relink.read.cmx.Cmx3600Reader;
import gateway.relink.read.formats.EditFormats;
import gateway.relink.read.otio.OtioJsonReader;
import gateway.testing.Corpora;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConformTest {
    private static final FrameRate R24 = FrameRate.FPS_24;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final InMemoryCatalogue catalogue = new InMemoryCatalogue();

    private Path edit() throws IOException {
        Path p = dir.resolve("cut.edl");
        Files.writeString(p, """
                TITLE: locked cut
                001  A001C003 V     C        01:00:10:00 01:00:12:00 01:00:00:00 01:00:02:00
                * FROM CLIP NAME:  A001C003
                002  B001     V     C        02:00:00:00 02:00:01:00 01:00:02:00 01:00:03:00
                * FROM CLIP NAME:  <script>alert(1)</script>
                """);
        return p;
    }

    @Test
    void aSpeedRampsRowSaysWhatItPlaysAndLinksItsWholeRange() throws Exception {
        catalogue.add("show", "/m/RUN.mov", "RUN", R24, "00:00:00:00", 24 * 20);
        Path ramp = Path.of(
                ConformTest.class.getResource("/fcpxml/speed-ramp.fcpxml").toURI());
        ConformResult r = new Conform(catalogue)
                .conform(new ConformRequest(
                        ramp, new ProjectId("show"), dir.resolve("out"), null, false, 0, TargetFormat.OTIO));
        assertTrue(r.allMatched(), r.summary());
        JsonNode row = JSON.readTree(r.reportJson().toFile()).get("events").get(0);
        assertTrue(
                row.get("message").asText().endsWith("; speed ramp: 5 keyframes, source frames 240–300"),
                row.toString());
        assertEquals(240, row.get("source_frames").get("start").asLong(), row.toString());
        assertEquals(61, row.get("source_frames").get("duration").asLong(), row.toString());
        assertTrue(Files.readString(r.reportHtml()).contains("speed ramp: 5 keyframes, source frames 240–300"));
    }

    @Test
    void writesTheConformedTimelineAndBothReports() throws IOException {
        Manifest a = catalogue.add("show", "/media/A001C003.mov", "A001C003", R24, "01:00:00:00", 24 * 60);
        catalogue.add("show", "/media/B001C001.mov", "B001", R24, "01:59:59:00", 24 * 60);
        Path out = dir.resolve("out");
        ConformResult r = new Conform(catalogue)
                .conform(new ConformRequest(edit(), new ProjectId("show"), out, null, false, 12, TargetFormat.OTIO));
        assertTrue(r.allMatched(), r.summary());
        assertEquals(out.resolve("cut.conformed.otio"), r.timeline());

        Timeline conformed =
                new OtioJsonReader().read(r.timeline(), ReadOptions.at(R24)).timeline();
        Clip first = conformed.tracks().tracks().get(0).clips().findFirst().orElseThrow();
        assertEquals("/media/A001C003.mov", ((ExternalReference) first.activeReference()).target());

        JsonNode report = JSON.readTree(r.reportJson().toFile());
        assertEquals(1, report.get("schema_version").asInt());
        assertEquals(2, report.get("totals").get("events").asInt());
        assertEquals(2, report.get("totals").get("matched").asInt());
        assertTrue(report.get("all_matched").asBoolean());
        JsonNode e1 = report.get("events").get(0);
        assertEquals("001", e1.get("event").asText());
        assertEquals("V1", e1.get("track").asText());
        assertEquals("01:00:00:00", e1.get("record_in").asText());
        assertEquals("01:00:02:00", e1.get("record_out").asText());
        assertEquals("01:00:10:00", e1.get("source_in").asText());
        assertEquals("01:00:12:00", e1.get("source_out").asText());
        assertEquals("24/1", e1.get("rate").asText());
        assertEquals("A001C003", e1.get("reel").asText());
        assertEquals("matched", e1.get("status").asText());
        assertEquals("reel_timecode", e1.get("match_method").asText());
        assertEquals(a.assetId().value(), e1.get("asset_id").asText());
        assertEquals("/media/A001C003.mov", e1.get("original_path").asText());
        assertEquals(86400 + 240, e1.get("source_frames").get("start").asLong());
        assertEquals(48, e1.get("source_frames").get("duration").asLong());
        assertTrue(e1.get("candidates").isArray());

        String html = Files.readString(r.reportHtml());
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertFalse(html.contains("<script>"));
        assertTrue(html.contains("class=\"matched\""));
        try (var files = Files.list(out)) {
            assertEquals(3, files.count(), "no temp files left behind");
        }
    }

    @Test
    void unknownProjectStillWritesBothReportsAndSaysNotAllMatched() throws IOException {
        Path out = dir.resolve("out");
        ConformResult r = new Conform(catalogue)
                .conform(new ConformRequest(edit(), new ProjectId("nobody"), out, R24, false, 0, TargetFormat.EDL));
        assertFalse(r.allMatched());
        assertTrue(r.summary().contains("not all matched"), r.summary());
        assertEquals(2, r.totals().get(LinkStatus.UNMATCHED));
        JsonNode report = JSON.readTree(r.reportJson().toFile());
        assertFalse(report.get("all_matched").asBoolean());
        for (JsonNode e : report.get("events")) {
            assertEquals("unmatched", e.get("status").asText());
            assertTrue(e.get("asset_id").isNull());
        }
        assertTrue(Files.exists(r.reportHtml()));
        String edl = Files.readString(r.timeline());
        assertEquals(
                2,
                new Cmx3600Reader()
                        .read(edl.getBytes(StandardCharsets.UTF_8), "x", ReadOptions.at(R24))
                        .timeline()
                        .tracks()
                        .tracks()
                        .get(0)
                        .clips()
                        .count());
    }

    @Test
    void strictConformFailsOnAnInconsistentList() {
        Path list = Corpora.cmx("timecode_mismatch.edl");
        GatewayException e = assertThrows(GatewayException.class, () -> new Conform(catalogue)
                .conform(new ConformRequest(
                        list, new ProjectId("show"), dir, FrameRate.FPS_25, true, 0, TargetFormat.OTIO)));
        assertEquals(Reason.PARSE_ERROR, e.reason());
    }

    @Test
    void formatsAreToldByContent() throws IOException {
        assertEquals(EditFormat.CMX_3600, EditFormats.detect(Corpora.cmx("gap_test.edl")));
        assertEquals(EditFormat.OTIO_JSON, EditFormats.detect(Corpora.cmx("enabled.otio")));
        Path renamed = dir.resolve("actually-an-edl.xml");
        Files.copy(Corpora.cmx("multi_audio.edl"), renamed);
        assertEquals(EditFormat.CMX_3600, EditFormats.detect(renamed));
        assertEquals(EditFormat.FCP7_XML, EditFormats.detect(Corpora.root().resolve("fcp7xml/premiere_example.xml")));
        GatewayException e = assertThrows(
                GatewayException.class, () -> EditFormats.detect("hello world".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Reason.UNSUPPORTED, e.reason());
    }

    @Test
    void convertsAnEdlToOtioAndAnOtioFileToAnEdl() throws IOException {
        Convert convert = new Convert();
        Path otio = convert.convert(Corpora.cmx("dissolve_test.edl"), null, TargetFormat.OTIO, dir.resolve("d.otio"));
        Timeline t = new OtioJsonReader().read(otio, ReadOptions.at(R24)).timeline();
        assertEquals(4, t.tracks().tracks().get(0).items().size());
        String edl = convert.convert(Corpora.cmx("enabled.otio"), null, TargetFormat.EDL);
        assertTrue(edl.startsWith("TITLE: enable_test"), edl);
        List<String> events = edl.lines().filter(l -> l.matches("^\\d{3}.*")).toList();
        assertFalse(events.isEmpty(), edl);
    }

    @Test
    void theReportsShowTheDisplayNameInsteadOfTheScratchPath() throws IOException {
        catalogue.add("show", "/media/A001C003.mov", "A001C003", R24, "01:00:00:00", 24 * 60);
        ConformRequest request = ConformRequest.of(edit(), new ProjectId("show"), dir.resolve("out2"))
                .withDisplayName("locked-cut-v3.edl");
        ConformResult r = new Conform(catalogue).conform(request);
        JsonNode report = JSON.readTree(r.reportJson().toFile());
        assertEquals("locked-cut-v3.edl", report.get("edit").asText());
        String html = Files.readString(r.reportHtml());
        assertTrue(html.contains("locked-cut-v3.edl"), html);
        assertFalse(html.contains(dir.toString()), "no scratch path in the HTML");
    }

    @Test
    void conformWritesFcp7XmlFcpxmlAndAle() throws IOException {
        catalogue.add("show", "/media/A001C003.mov", "A001C003", R24, "01:00:00:00", 24 * 60);
        for (TargetFormat f : List.of(TargetFormat.FCP7_XML, TargetFormat.FCPXML, TargetFormat.ALE)) {
            Path out = dir.resolve("out-" + f.extension());
            ConformResult r = new Conform(catalogue)
                    .conform(new ConformRequest(edit(), new ProjectId("show"), out, null, false, 0, f));
            assertEquals(out.resolve("cut.conformed." + f.extension()), r.timeline());
            String text = Files.readString(r.timeline());
            assertTrue(text.contains("A001C003.mov"), f + ": the linked original is named\n" + text);
            assertEquals(
                    f == TargetFormat.FCP7_XML
                            ? EditFormat.FCP7_XML
                            : f == TargetFormat.FCPXML ? EditFormat.FCPXML : EditFormat.ALE,
                    EditFormats.detect(r.timeline()));
        }
        assertEquals(TargetFormat.FCPXML, TargetFormat.parse("FCPXML"));
        assertEquals(TargetFormat.FCP7_XML, TargetFormat.parse("xml"));
        assertEquals(TargetFormat.ALE, TargetFormat.parse("ale"));
    }
}
