package gateway.server.conform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.index.CatalogIndex;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.ProjectId;
import gateway.model.time.FrameRate;
import gateway.relink.Conform;
import gateway.relink.ConformRequest;
import gateway.relink.ConformResult;
import gateway.relink.TargetFormat;
import gateway.relink.link.IndexAssetCatalogue;
import gateway.testing.Corpora;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Media Composer's {@code trims.aaf} (corpus) conformed against originals generated for its five clips
 * (same file names, the timecodes its source mobs give: four from 01:00:00:00, KOLL-HD.mp4 from zero),
 * ingested through worker processes: every event (the picture track and both sound tracks) links to its
 * original at the AAF's exact source frames.
 */
@Timeout(900)
class AafConformIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** File name, start timecode, frames: each covers its clip's source range plus 24 frames. */
    private static final List<Object[]> ORIGINALS = List.of(
            new Object[] {"tech.fux (loop)-HD.mp4", "01:00:00:00", 744L},
            new Object[] {"t-hawk (loop)-HD.mp4", "01:00:00:00", 504L},
            new Object[] {"out-b (loop)-HD.mp4", "01:00:00:00", 547L},
            new Object[] {"KOLL-HD.mp4", "00:00:00:00", 583L},
            new Object[] {"brokchrd (loop)-HD.mp4", "01:00:00:00", 744L});
    /** The video clips of trims.aaf: source start frame and length (corpora README). */
    private static final long[][] SOURCE = {{86400, 720}, {86521, 359}, {86523, 400}, {0, 559}, {86469, 651}};

    @TempDir
    static Path dir;

    static ManifestStore store;
    static CatalogIndex index;

    @BeforeAll
    static void ingestOriginals() throws Exception {
        Path aaf = Corpora.file("aaf/trims.aaf");
        store = new ManifestStore(dir.resolve("store"));
        index = CatalogIndex.open(dir.resolve("store").resolve("index"), store);
        Path originals = dir.resolve("DemoClips");
        for (Object[] o : ORIGINALS) {
            String name = (String) o[0];
            ScreeningConformIT.generate(
                    originals.resolve(name), name.substring(0, name.indexOf('.')), (String) o[1], (Long) o[2]);
        }
        ScreeningConformIT.ingest(dir, store, index, originals, new ProjectId("avid"));
        index.refresh();
        assertTrue(aaf.toFile().isFile());
    }

    @AfterAll
    static void close() {
        if (index != null) {
            index.close();
        }
    }

    @Test
    void everyVideoEventOfTheAafLinksToItsOriginalAtTheExactFrames() throws Exception {
        ConformResult r = new Conform(new IndexAssetCatalogue(index))
                .conform(new ConformRequest(
                        Corpora.file("aaf/trims.aaf"),
                        new ProjectId("avid"),
                        dir.resolve("out"),
                        FrameRate.FPS_24,
                        false,
                        0,
                        TargetFormat.OTIO));
        JsonNode report = JSON.readTree(r.reportJson().toFile());
        assertEquals(15, report.path("totals").path("matched").asInt(), report.toPrettyString());
        // the video track (Media Composer names it "Circles") comes first, then two audio tracks of the same
        // clips: every row of every track links to its original at the AAF's exact source frames
        List<String> tracks = new ArrayList<>();
        report.path("events").forEach(e -> {
            if (!tracks.contains(e.path("track").asText())) {
                tracks.add(e.path("track").asText());
            }
        });
        assertEquals(3, tracks.size(), tracks.toString());
        for (String track : tracks) {
            List<JsonNode> rows = new ArrayList<>();
            report.path("events").forEach(e -> {
                if (e.path("track").asText().equals(track)) {
                    rows.add(e);
                }
            });
            assertEquals(5, rows.size(), track + ": " + report.toPrettyString());
            for (int i = 0; i < SOURCE.length; i++) {
                JsonNode e = rows.get(i);
                assertEquals("matched", e.path("status").asText(), e.toString());
                assertTrue(
                        e.path("original_path").asText().endsWith((String)
                                ORIGINALS.get(i)[0]),
                        e.toString());
                assertEquals(SOURCE[i][0], e.path("source_frames").path("start").asLong(), e.toString());
                assertEquals(
                        SOURCE[i][1], e.path("source_frames").path("duration").asLong(), e.toString());
            }
        }
    }
}
