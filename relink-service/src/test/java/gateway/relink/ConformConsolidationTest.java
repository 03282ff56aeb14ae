package gateway.relink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import gateway.model.timeline.Representation;
import gateway.model.timeline.Timeline;
import gateway.relink.consolidate.ConsolidationPlan;
import gateway.relink.consolidate.TrimRange;
import gateway.relink.link.InMemoryCatalogue;
import gateway.relink.read.ReadOptions;
import gateway.relink.read.otio.OtioJsonReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConformConsolidationTest {
    private static final FrameRate R24 = FrameRate.FPS_24;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final InMemoryCatalogue catalogue = new InMemoryCatalogue();

    private Path edit() throws IOException {
        return Files.writeString(dir.resolve("cut.edl"), """
                TITLE: locked cut
                001  A001C003 V     C        01:00:10:00 01:00:12:00 01:00:00:00 01:00:02:00
                002  ZZ999    V     C        02:00:00:00 02:00:01:00 01:00:02:00 01:00:03:00
                """);
    }

    private Manifest original() throws IOException {
        Path file = Files.createDirectories(dir.resolve("media")).resolve("A001C003.mov");
        Files.write(file, new byte[24 * 60 * 10]); // 10 bytes a frame
        return catalogue.add("show", file.toString(), "A001C003", R24, "01:00:00:00", 24 * 60);
    }

    @Test
    void aConsolidationIsPlannedReportedAndWrittenAgainstTheTrimmedFiles() throws IOException {
        Manifest a = original();
        Path trimmed = dir.resolve("out/media");
        ConformRequest request = new ConformRequest(
                        edit(), new ProjectId("show"), dir.resolve("out"), null, false, 12, TargetFormat.OTIO)
                .withStatusMarkers(true)
                .withConsolidation(trimmed);
        Conform conform = new Conform(catalogue, file -> Path.of("/mnt/nas1"));
        ConformResult r = conform.conform(request);

        ConsolidationPlan plan = r.consolidationPlan().orElseThrow();
        assertEquals(1, plan.trims().size());
        TrimRange trim = plan.trims().get(0);
        assertEquals(228, trim.startFrame());
        assertEquals(300, trim.endFrameExclusive());
        assertEquals(trimmed.resolve("A001C003_01000912.mov"), trim.output());
        assertEquals("restore 720 B from /mnt/nas1 (1 file)", plan.summary());
        assertNotNull(r.linked());

        JsonNode report = JSON.readTree(r.reportJson().toFile());
        assertEquals(1, report.get("schema_version").asInt(), "the section is additive");
        JsonNode c = report.get("consolidation");
        assertEquals(12, c.get("handles_frames").asInt());
        assertEquals(720, c.get("bytes_estimate").asLong());
        JsonNode loc = c.get("locations").get(0);
        assertEquals("/mnt/nas1", loc.get("location").asText());
        assertEquals(1, loc.get("originals").asInt());
        assertEquals(1, loc.get("files").asInt());
        assertEquals(720, loc.get("bytes_estimate").asLong());
        JsonNode f = c.get("files").get(0);
        assertEquals(a.assetId().value(), f.get("asset_id").asText());
        assertEquals(a.originalPath(), f.get("original").asText());
        assertEquals(trim.output().toString(), f.get("output").asText());
        assertEquals(228, f.get("start_frame").asLong());
        assertEquals(300, f.get("end_frame_exclusive").asLong());
        assertEquals("01:00:09:12", f.get("start_timecode").asText());
        assertEquals(720, f.get("bytes_estimate").asLong());
        JsonNode skipped = c.get("not_consolidated").get(0);
        assertEquals("002", skipped.get("event").asText());
        assertEquals("unmatched", skipped.get("status").asText());
        assertTrue(skipped.get("asset_id").isNull());

        String html = Files.readString(r.reportHtml());
        assertTrue(html.contains("<h2>Consolidation</h2>"), html);
        assertTrue(html.contains("A001C003_01000912.mov"), html);

        // the conformed timeline carries the status markers
        Timeline conformed =
                new OtioJsonReader().read(r.timeline(), ReadOptions.at(R24)).timeline();
        List<Clip> clips = conformed.videoTracks().get(0).clips().toList();
        assertEquals("matched", clips.get(0).markers().get(0).name());
        assertEquals("unmatched", clips.get(1).markers().get(0).name());

        // after trimming: the consolidated timeline next to the media plays the trimmed file
        Path made = trimmed.resolve("A001C003_01000912.mov");
        Path written = conform.writeConsolidated(request, r, Map.of(trim, made));
        assertEquals(trimmed.resolve("cut.consolidated.otio"), written);
        Clip first = new OtioJsonReader()
                .read(written, ReadOptions.at(R24))
                .timeline()
                .videoTracks()
                .get(0)
                .clips()
                .findFirst()
                .orElseThrow();
        ExternalReference ref =
                (ExternalReference) first.reference(Representation.ORIGINAL).orElseThrow();
        assertEquals(made.toAbsolutePath().toString(), ref.target());
        assertEquals(trim.sourceRange(), ref.available());
        assertEquals(clips.get(0).sourceRange(), first.sourceRange());
    }

    @Test
    void withoutConsolidationTheReportHasNoSectionAndNothingCanBeWritten() throws IOException {
        original();
        ConformRequest request = ConformRequest.of(edit(), new ProjectId("show"), dir.resolve("out"));
        Conform conform = new Conform(catalogue);
        ConformResult r = conform.conform(request);
        assertTrue(r.consolidationPlan().isEmpty());
        assertFalse(JSON.readTree(r.reportJson().toFile()).has("consolidation"));
        assertFalse(Files.readString(r.reportHtml()).contains("Consolidation"));
        GatewayException e = assertThrows(
                GatewayException.class, () -> conform.writeConsolidated(request, r, new LinkedHashMap<>()));
        assertEquals(Reason.FAILED_PRECONDITION, e.reason());
        Timeline t =
                new OtioJsonReader().read(r.timeline(), ReadOptions.at(R24)).timeline();
        assertTrue(t.videoTracks().get(0).clips().allMatch(c -> c.markers().isEmpty()));
    }
}
