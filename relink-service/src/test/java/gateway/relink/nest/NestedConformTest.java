package gateway.relink.nest;

import static gateway.relink.nest.Nests.R24;
import static gateway.relink.nest.Nests.item;
import static gateway.relink.nest.Nests.sequence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.model.asset.ProjectId;
import gateway.model.time.FrameRate;
import gateway.relink.Conform;
import gateway.relink.ConformRequest;
import gateway.relink.ConformResult;
import gateway.relink.Convert;
import gateway.relink.TargetFormat;
import gateway.relink.link.InMemoryCatalogue;
import gateway.relink.link.LinkOptions;
import gateway.relink.link.LinkResult;
import gateway.relink.link.LinkStatus;
import gateway.relink.link.Linker;
import gateway.relink.read.ReadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cut with nests, conformed: one report row per inner event, linked to its original. */
class NestedConformTest {
    private static final FrameRate R = FrameRate.FPS_24;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final InMemoryCatalogue catalogue = new InMemoryCatalogue();

    private void originals() {
        catalogue.add("show", "/media/OPEN.mov", "OPEN", R, "03:00:00:00", 2400);
        catalogue.add("show", "/media/A001.mov", "A001", R, "01:00:00:00", 2400);
        catalogue.add("show", "/media/A002.mov", "A002", R, "02:00:00:00", 2400);
        catalogue.add("show", "/media/GFX01.mov", "GFX01", R, "00:00:00:00", 2400);
        catalogue.add("show", "/media/SND01.wav", "SND01", R, "00:00:00:00", 2400);
    }

    private Path write(String xml) throws IOException {
        Path p = dir.resolve("cut.xml");
        Files.writeString(p, xml);
        return p;
    }

    @Test
    void everyInnerEventIsARowWithExactTimecodes() throws IOException {
        originals();
        ConformResult r = new Conform(catalogue)
                .conform(new ConformRequest(
                        write(Nests.xml(FlattenerTest.cutSequence())),
                        new ProjectId("show"),
                        dir.resolve("out"),
                        null,
                        false,
                        0,
                        TargetFormat.OTIO));
        JsonNode report = JSON.readTree(r.reportJson().toFile());
        assertTrue(r.allMatched(), r.summary());
        assertEquals(1, report.get("schema_version").asInt());
        List<String> rows = new ArrayList<>();
        for (JsonNode e : report.get("events")) {
            rows.add(e.get("event").asText() + " " + e.get("track").asText() + " "
                    + e.get("record_in").asText()
                    + "-" + e.get("record_out").asText() + " "
                    + e.get("source_in").asText() + "-"
                    + e.get("source_out").asText() + " " + e.get("status").asText() + " "
                    + e.get("original_path").asText());
        }
        assertEquals(
                List.of(
                        "p1 V1 01:00:00:00-01:00:01:00 03:00:00:00-03:00:01:00 matched /media/OPEN.mov",
                        "p2.1 V1 01:00:01:00-01:00:02:04 01:00:01:20-01:00:03:00 matched /media/A001.mov",
                        "p2.2 V1 01:00:02:04-01:00:03:12 02:00:00:00-02:00:01:08 matched /media/A002.mov",
                        "p3.2 V1 01:00:03:12-01:00:04:08 02:00:02:04-02:00:03:00 matched /media/A002.mov",
                        "p2.3 V1 ▸ nest 'Scene 12' V2 01:00:01:10-01:00:02:16 00:00:00:00-00:00:01:06 matched"
                                + " /media/GFX01.mov",
                        "p4.1 A1 01:00:01:00-01:00:03:12 00:00:00:20-00:00:03:08 matched /media/SND01.wav"),
                rows);
        JsonNode first = report.get("events").get(0);
        assertTrue(first.get("nest").isNull(), "a top-level event");
        JsonNode nest = report.get("events").get(4).get("nest");
        assertEquals("p2", nest.get("parent_event").asText());
        assertEquals("V1", nest.get("parent_track").asText());
        assertEquals("Scene 12", nest.get("sequences").get(0).asText());
        assertEquals("n3", nest.get("inner_event").asText());
        assertEquals("V2", nest.get("inner_track").asText());
        String html = Files.readString(r.reportHtml());
        assertTrue(html.contains("<th>nested in</th>"), html);
        assertTrue(html.contains("<td>Scene 12: event n3 on V2, played by event p2 on V1</td>"), html);
        String otio = Files.readString(r.timeline());
        assertTrue(otio.contains("V1 ▸ nest 'Scene 12' V2"), "the conformed timeline is the flattened one");
        assertTrue(otio.contains("/media/A001.mov"));
    }

    @Test
    void aNestClipLeftAsItIsIsAnUnmatchedRowThatSaysWhy() throws IOException {
        originals();
        String xml = Nests.xml(sequence(
                "cut",
                "Cut",
                R24,
                86400,
                List.of(item("p1", "Scene 12", 0, 30, 0, 30, FlattenerTest.scene12(), FlattenerTest.remap(50, true))),
                List.of()));
        ConformResult r = new Conform(catalogue)
                .conform(ConformRequest.of(write(xml), new ProjectId("show"), dir.resolve("out")));
        assertFalse(r.allMatched());
        JsonNode row = JSON.readTree(r.reportJson().toFile()).get("events").get(0);
        assertEquals("p1", row.get("event").asText());
        assertEquals("unmatched", row.get("status").asText());
        assertEquals(
                "nested sequence with a time warp (variable speed): not flattened",
                row.get("message").asText());
    }

    @Test
    void theLinkerAloneSaysANestWasNotFlattened() {
        originals();
        LinkResult r = new Linker(catalogue).link(new ProjectId("show"), FlattenerTest.cut(), LinkOptions.none());
        var nestRow = r.events().stream()
                .filter(e -> e.event().equals("p2"))
                .findFirst()
                .orElseThrow();
        assertEquals(LinkStatus.UNMATCHED, nestRow.status());
        assertTrue(
                nestRow.message().contains("plays nested sequence 'Scene 12' (scene12), which was not flattened"),
                nestRow.message());
    }

    @Test
    void convertKeepsNestsUnlessAskedToFlatten() throws IOException {
        Path in = write(Nests.xml(FlattenerTest.cutSequence()));
        String kept = new Convert().convert(in, null, TargetFormat.OTIO);
        String flat = new Convert().convert(in, ReadOptions.defaults(), TargetFormat.OTIO, true);
        assertFalse(kept.contains("▸ nest"));
        JsonNode v1 = JSON.readTree(kept).get("tracks").get("children").get(0);
        assertTrue(
                v1.get("children").findValues("OTIO_SCHEMA").stream()
                        .anyMatch(n -> n.asText().equals("Stack.1")),
                "OTIO keeps the nest as a nested stack: " + v1);
        assertTrue(flat.contains("V1 ▸ nest 'Scene 12' V2"));
    }
}
