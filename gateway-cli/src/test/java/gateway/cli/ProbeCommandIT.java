package gateway.cli;

import static gateway.cli.CliRun.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.testing.Corpora;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./gateway probe FILE --json} on the real corpus files: the documented contract. */
class ProbeCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode probe(Path file) throws Exception {
        CliRun r = cli("probe", file.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        return JSON.readTree(r.out());
    }

    @Test
    void quickTimeWithTimecodeTrack() throws Exception {
        JsonNode j = probe(Corpora.file("media/frame_debugger_1h.mov"));
        assertEquals("24/1", j.path("frame_rate").asText());
        assertEquals(120, j.path("duration_frames").asLong());
        assertEquals("01:00:00:00", j.path("start_timecode").asText());
        assertFalse(j.path("drop_frame").asBoolean());
        assertEquals(1920, j.path("video").path("width").asInt());
        assertEquals(16, j.path("checksums").path("xxh64").asText().length());
        assertEquals(32, j.path("checksums").path("md5").asText().length());
    }

    @Test
    void broadcastWavTimecodeAtItsOwnRate() throws Exception {
        JsonNode sd = probe(Corpora.file("media/bwf/A101_1.WAV"));
        assertEquals("12:39:59:00", sd.path("start_timecode").asText());
        assertEquals("24000/1001", sd.path("frame_rate").asText());
        assertTrue(sd.path("video").isNull());
        assertTrue(sd.path("audio").size() >= 1);

        JsonNode zoom = probe(Corpora.file("media/bwf/Scene_1_2AG-T001_Tr1.WAV"));
        assertEquals("22:40:10:00", zoom.path("start_timecode").asText());
        assertEquals("25/1", zoom.path("frame_rate").asText());
    }

    @Test
    void corruptAndMissingFilesExitNonZeroWithOneLine(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("junk.mov");
        byte[] bytes = new byte[4096];
        new java.util.Random(7).nextBytes(bytes);
        Files.write(junk, bytes);
        CliRun r = cli("probe", junk.toString(), "--json");
        assertNotEquals(0, r.exit());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("junk.mov"), r.err());

        Path empty = Files.createFile(dir.resolve("empty.mxf"));
        CliRun e = cli("probe", empty.toString());
        assertNotEquals(0, e.exit());
        assertTrue(e.err().contains("empty"), e.err());

        CliRun missing = cli("probe", dir.resolve("nope.mov").toString());
        assertNotEquals(0, missing.exit());
    }

    @Test
    void everySubcommandHasHelp() {
        for (String c :
                List.of("serve", "demo", "probe", "ingest", "search", "conform", "convert", "reindex", "worker")) {
            CliRun r = cli(c, "--help");
            assertEquals(0, r.exit(), c);
            assertTrue(r.out().startsWith("usage: ./gateway " + c), c + ": " + r.out());
        }
    }
}
