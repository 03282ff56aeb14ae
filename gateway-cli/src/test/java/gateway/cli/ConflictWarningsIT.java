package gateway.cli;

import static gateway.cli.CliRun.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two originals of one project with the same reel and overlapping timecode (written by ffmpeg's
 * MXF muxer): both ingest, both carry the warning naming the other in {@code ingest --json} and in
 * the catalogue, and a conform of an event in the overlap reports it ambiguous, naming both.
 */
class ConflictWarningsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void sameReelAndOverlappingTimecodeWarnsOnBothAndConformFindsThemAmbiguous() throws Exception {
        Path card = Files.createDirectories(dir.resolve("card"));
        mxf(card.resolve("R001_A.mxf"), "10:00:00:00");
        mxf(card.resolve("R001_B.mxf"), "10:00:01:00"); // overlaps the first's last second
        Path store = dir.resolve("store");

        CliRun r = cli("ingest", card.toString(), "--project", "feature", "--store", store.toString(), "--json");

        assertEquals(0, r.exit(), r.err());
        JsonNode files = JSON.readTree(r.out());
        assertEquals(2, files.size(), r.out());
        Map<String, String> idByName = new HashMap<>();
        for (JsonNode f : files) {
            assertEquals("done", f.path("status").asText(), f.toString());
            String name = Path.of(f.path("path").asText()).getFileName().toString();
            idByName.put(name, f.path("asset_id").asText());
        }
        for (JsonNode f : files) {
            String name = Path.of(f.path("path").asText()).getFileName().toString();
            String other = name.equals("R001_A.mxf") ? "R001_B.mxf" : "R001_A.mxf";
            List<String> warnings = new ArrayList<>();
            f.path("warnings").forEach(w -> warnings.add(w.asText()));
            assertTrue(
                    warnings.stream()
                            .anyMatch(
                                    w -> w.startsWith("same reel R001 and overlapping timecode 10:00:01:00-10:00:01:24")
                                            && w.contains(other)
                                            && w.contains(idByName.get(other))),
                    name + " names " + other + ": " + warnings);
        }

        // The catalogue carries it too (the earlier asset's manifest was re-committed and re-indexed).
        CliRun search =
                cli("search", "warning:conflict", "--project", "feature", "--store", store.toString(), "--json");
        assertEquals(0, search.exit(), search.err());
        assertEquals(2, JSON.readTree(search.out()).path("hits").size(), "both are listed: " + search.out());

        Path edl = dir.resolve("cut.edl");
        Files.writeString(edl, """
                TITLE: OVERLAP
                FCM: NON-DROP FRAME

                001  R001     V     C        10:00:01:05 10:00:01:15 01:00:00:00 01:00:00:10
                """);
        Path out = dir.resolve("conform");
        CliRun c = cli(
                "conform",
                edl.toString(),
                "--project",
                "feature",
                "--out",
                out.toString(),
                "--rate",
                "25",
                "--store",
                store.toString());
        JsonNode event = JSON.readTree(out.resolve("conform-report.json").toFile())
                .path("events")
                .get(0);
        assertEquals("ambiguous", event.path("status").asText(), event + c.err());
        String candidates = event.path("candidates").toString();
        assertTrue(
                candidates.contains(idByName.get("R001_A.mxf")) || candidates.contains("R001_A"),
                "names the first: " + event);
        assertTrue(
                candidates.contains(idByName.get("R001_B.mxf")) || candidates.contains("R001_B"),
                "names the second: " + event);
    }

    /** Two seconds of 25 fps MPEG-2 in OP1a, reel R001, starting at {@code timecode}, by ffmpeg. */
    private static void mxf(Path file, String timecode) throws Exception {
        assumeTrue(onPath("ffmpeg"), "ffmpeg is not installed (./gateway test installs it)");
        Process p = new ProcessBuilder(
                        "ffmpeg",
                        "-v",
                        "error",
                        "-nostdin",
                        "-y",
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc=size=320x240:rate=25",
                        "-t",
                        "2",
                        "-c:v",
                        "mpeg2video",
                        "-timecode",
                        timecode,
                        "-metadata",
                        "reel_name=R001",
                        "-f",
                        "mxf",
                        file.toString())
                .redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "ffmpeg: " + log);
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
