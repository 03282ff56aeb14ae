package gateway.cli;

import static gateway.cli.CliRun.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.model.asset.MediaInfo;
import gateway.model.time.FrameRate;
import gateway.proxy.checksum.FileChecksums;
import gateway.proxy.probe.MediaProbe;
import gateway.proxy.progress.ProgressListener;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import gateway.testing.Corpora;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line without a node: ingest (worker processes), search, conform and convert against
 * a local store, with the documented {@code --json} shapes and exit statuses.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStoreCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static Path store;
    static Path original;

    /** {@code conform EDL --project feature --out OUT --rate 23.976 --store STORE EXTRA...} on the test's store. */
    private static CliRun conform(Path edl, Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "conform", edl.toString(), "--project", "feature", "--out", out.toString(), "--rate", "23.976"));
        args.addAll(List.of(extra));
        args.addAll(List.of("--store", store.toString()));
        return cli(args.toArray(String[]::new));
    }

    @BeforeAll
    static void original() {
        store = dir.resolve("store");
        original = dir.resolve("card").resolve("B002C011.mov");
        // 2 s at 23.976 from 14:00:00:00 with four audio channels.
        new SampleOriginals()
                .generate(
                        SampleSpec.h264At23976FourChannels()
                                .withDurationFrames(48)
                                .withSize(640, 360)
                                .withNoise(false),
                        original,
                        ProgressListener.NONE);
    }

    @Test
    @Order(1)
    void ingestPrintsOneJsonObjectPerFile() throws Exception {
        CliRun r = cli(
                "ingest",
                original.getParent().toString(),
                "--project",
                "feature",
                "--store",
                store.toString(),
                "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode arr = JSON.readTree(r.out());
        assertEquals(1, arr.size());
        JsonNode f = arr.get(0);
        assertEquals("done", f.path("status").asText());
        assertTrue(f.path("error").isNull());
        assertEquals(
                FileChecksums.compute(original).xxh64(),
                f.path("checksums").path("xxh64").asText());
        JsonNode edit = f.path("renditions").get(0);
        assertEquals("edit", edit.path("profile").asText());
        assertTrue(Files.isRegularFile(Path.of(edit.path("path").asText())), edit.toString());
        try (Stream<Path> walk = Files.walk(store)) {
            assertEquals(
                    0,
                    walk.filter(p -> p.getFileName().toString().endsWith(".tmp"))
                            .count(),
                    "no temp files left");
        }
    }

    @Test
    @Order(2)
    void searchFindsItByReelAndTimecodeWithTheDocumentedJson() throws Exception {
        CliRun r = cli("search", "reel:B002C011", "--project", "feature", "--store", store.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = JSON.readTree(r.out());
        assertEquals(1, j.path("total").asLong());
        JsonNode hit = j.path("hits").get(0);
        assertEquals("B002C011", hit.path("reel").asText());
        assertEquals("14:00:00:00", hit.path("start_timecode").asText());
        assertEquals("24000/1001", hit.path("frame_rate").asText());
        assertEquals(48, hit.path("duration_frames").asLong());

        // 14:00:01:23 is the last frame (47); 14:00:02:00 is one past the end.
        CliRun in = cli("search", "tc:14:00:01:23", "--project", "feature", "--store", store.toString(), "--json");
        assertEquals(1, JSON.readTree(in.out()).path("total").asLong(), in.out() + in.err());
        CliRun out = cli("search", "tc:14:00:02:00", "--project", "feature", "--store", store.toString(), "--json");
        assertEquals(0, JSON.readTree(out.out()).path("total").asLong(), out.out() + out.err());

        // The index is derived: gone, it comes back from the manifests with `reindex`.
        deleteTree(store.resolve("index"));
        CliRun re = cli("reindex", "--store", store.toString());
        assertEquals(0, re.exit(), re.err());
        assertTrue(re.out().contains("reindexed feature: 1 asset(s)"), re.out());
        CliRun again = cli("search", "reel:B002C011", "--project", "feature", "--store", store.toString(), "--json");
        assertEquals(1, JSON.readTree(again.out()).path("total").asLong(), again.out() + again.err());

        // A cluster node keeps its index in store.node-dir: reindex and search go there, not to the store.
        Path nodeDir = dir.resolve("node-a");
        CliRun own =
                cli("reindex", "--project", "feature", "--store", store.toString(), "--node-dir", nodeDir.toString());
        assertEquals(0, own.exit(), own.err());
        assertTrue(Files.isDirectory(nodeDir.resolve("index")), "reindex wrote no index under --node-dir");
        deleteTree(store.resolve("index"));
        CliRun there = cli(
                "search",
                "reel:B002C011",
                "--project",
                "feature",
                "--store",
                store.toString(),
                "--node-dir",
                nodeDir.toString(),
                "--json");
        assertEquals(1, JSON.readTree(there.out()).path("total").asLong(), there.out() + there.err());
        assertFalse(Files.exists(store.resolve("index")), "a search with --node-dir opened the store's own index");
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    @Order(3)
    void conformWritesBothReportsAndExitsNonZeroWhenAnEventIsMissing() throws Exception {
        Path edl = dir.resolve("cut.edl");
        Files.writeString(edl, """
                TITLE: CLI
                FCM: NON-DROP FRAME

                001  B002C011 V     C        14:00:00:12 14:00:01:12 01:00:00:00 01:00:01:00
                002  Z999C999 V     C        10:00:00:00 10:00:01:00 01:00:01:00 01:00:02:00
                """);
        Path out = dir.resolve("conform");
        CliRun r = conform(edl, out);
        assertNotEquals(0, r.exit(), "one event cannot match");
        assertTrue(Files.isRegularFile(out.resolve("conform-report.html")));
        String html = Files.readString(out.resolve("conform-report.html"));
        assertTrue(html.contains("<td><div class=\"pic p0\"></div></td>"), "the matched row shows its picture");
        assertTrue(html.contains("url(data:image/jpeg;base64,/9j/"), "a JPEG picture is embedded");
        assertTrue(html.contains("<tr class=\"unmatched\"><td></td>"), "the unmatched row has none");
        JsonNode report = JSON.readTree(out.resolve("conform-report.json").toFile());
        JsonNode first = report.path("events").get(0);
        assertEquals("matched", first.path("status").asText(), first.toString());
        // 14:00:00:12 at 23.976 NDF: 14 h * 3600 * 24 + 12 = 1209612.
        assertEquals(1209612, first.path("source_frames").path("start").asLong());
        assertEquals(24, first.path("source_frames").path("duration").asLong());
        assertEquals("unmatched", report.path("events").get(1).path("status").asText());

        // The conform fed the reverse index: the shot now says where it was used, and the cut finds it.
        CliRun used = cli("search", "used:cli", "--project", "feature", "--store", store.toString(), "--json");
        JsonNode hits = JSON.readTree(used.out()).path("hits");
        assertEquals(1, hits.size(), used.out() + used.err());
        assertEquals("B002C011", hits.get(0).path("reel").asText());
        assertEquals("CLI", hits.get(0).path("used_in").get(0).asText());
        CliRun unused = cli("search", "-used:any", "--project", "feature", "--store", store.toString(), "--json");
        JsonNode rest = JSON.readTree(unused.out()).path("hits");
        for (JsonNode h : rest) {
            assertNotEquals("B002C011", h.path("reel").asText(), unused.out());
        }
    }

    @Test
    @Order(4)
    void convertWritesOtioAndABadFileFailsWithOneLine() throws Exception {
        Path edl = dir.resolve("cut.edl");
        CliRun r = cli("convert", edl.toString(), "--to", "otio", "--rate", "23.976");
        assertEquals(0, r.exit(), r.err());
        assertEquals("Timeline.1", JSON.readTree(r.out()).path("OTIO_SCHEMA").asText());

        // A Premiere nest: one clip on V2 without --flatten, the nest's own shots with it.
        Path corpora = Corpora.root();
        Path premiere = corpora.resolve("fcp7xml/premiere_example.xml");
        CliRun kept = cli("convert", premiere.toString(), "--to", "otio");
        CliRun flat = cli("convert", premiere.toString(), "--to", "otio", "--flatten");
        assertEquals(0, kept.exit(), kept.err());
        assertEquals(0, flat.exit(), flat.err());
        // Kept, V2's and A2's nest clips are OTIO stacks nested in their tracks, holding the nest's
        // shots; flattened, V2's nest clip becomes its two shots and A2's its one, laid on the tracks.
        assertEquals(2, nestedStacks(kept.out()), kept.out());
        assertEquals(0, nestedStacks(flat.out()));
        assertEquals(
                topLevelClips(kept.out()) + 3, topLevelClips(flat.out()), "the nest clips replaced by their shots");

        // --strict refuses a list whose dissolve does not add up; lenient reads it.
        Path failing = corpora.resolve("edl/otio-cmx3600/dissolve_test_fail.edl");
        assertEquals(0, cli("convert", failing.toString(), "--to", "otio").exit());
        CliRun strict = cli("convert", failing.toString(), "--to", "otio", "--strict");
        assertNotEquals(0, strict.exit());
        assertEquals(1, strict.err().strip().lines().count(), strict.err());

        Path junk = dir.resolve("bad").resolve("broken.mov");
        Files.createDirectories(junk.getParent());
        Files.write(junk, new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 'q', 't', ' ', ' ', 0, 0, 0, 0});
        CliRun bad = cli("ingest", junk.toString(), "--project", "feature", "--store", store.toString());
        assertNotEquals(0, bad.exit());
        assertTrue(bad.out().contains("broken.mov") && bad.out().contains("FAILED"), bad.out());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
    }

    /** The OTIO clips in a timeline's JSON. */
    /** Stacks directly in a track of the timeline's top stack. */
    private static long nestedStacks(String otio) throws Exception {
        return topLevelItems(otio)
                .filter(n -> n.path("OTIO_SCHEMA").asText().startsWith("Stack."))
                .count();
    }

    /** Clips directly in a track of the timeline's top stack. */
    private static long topLevelClips(String otio) throws Exception {
        return topLevelItems(otio)
                .filter(n -> n.path("OTIO_SCHEMA").asText().startsWith("Clip."))
                .count();
    }

    private static java.util.stream.Stream<com.fasterxml.jackson.databind.JsonNode> topLevelItems(String otio)
            throws Exception {
        List<com.fasterxml.jackson.databind.JsonNode> items = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode track :
                JSON.readTree(otio).path("tracks").path("children")) {
            track.path("children").forEach(items::add);
        }
        return items.stream();
    }

    @Test
    @Order(5)
    void planPrintsTheEgressPerTierBeforeAnyTransferAndWritesItIntoTheReport() throws Exception {
        Path edl = dir.resolve("plan.edl");
        Files.writeString(edl, """
                TITLE: PLAN
                FCM: NON-DROP FRAME

                001  B002C011 V     C        14:00:00:12 14:00:00:18 01:00:00:00 01:00:00:06
                """);
        Path out = dir.resolve("plan");
        CliRun r = conform(edl, out, "--handles", "2", "--plan");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("egress plan (before any transfer):"), r.out());
        assertTrue(r.out().contains("range-exact") && r.out().contains("whole-file"), r.out());
        assertTrue(r.out().contains("plan only: nothing restored"), r.out());
        assertFalse(r.out().contains("EgressPlan[") || r.out().contains("Tier["), r.out());
        assertFalse(Files.exists(out.resolve(ConformCommand.MEDIA_FOLDER)), "nothing was restored");

        JsonNode egress = JSON.readTree(out.resolve("conform-report.json").toFile())
                .path("consolidation")
                .path("egress");
        JsonNode tier = egress.path("tiers").get(0);
        assertEquals(1, tier.path("originals").asInt(), egress.toString());
        assertEquals(Files.size(original), tier.path("whole_file_bytes").asLong());
        long range = tier.path("range_bytes").asLong();
        // 6 frames + 2 handles each side of a 48-frame Long-GOP original, from the key frame before them.
        assertTrue(range > 0 && range < Files.size(original) * 3 / 4, egress.toString());
        assertEquals("0", tier.path("range_cost").asText(), "a POSIX tier costs nothing to read");
        assertTrue(Files.readString(out.resolve("conform-report.html")).contains("<h3>Egress plan</h3>"));
    }

    @Test
    @Order(6)
    void conformConsolidatesWithHandlesAndRendersAMasterFromTheOriginals() throws Exception {
        Path edl = dir.resolve("two.edl");
        Files.writeString(edl, """
                TITLE: TWO
                FCM: NON-DROP FRAME

                001  B002C011 V     C        14:00:00:12 14:00:01:00 01:00:00:00 01:00:00:12
                002  B002C011 V     C        14:00:01:06 14:00:01:18 01:00:00:12 01:00:01:00
                """);
        Path out = dir.resolve("finish");
        CliRun r = conform(edl, out, "--handles", "4", "--render");
        assertEquals(0, r.exit(), r.out() + r.err());
        // Bytes to restore are printed before any trim.
        assertTrue(r.out().indexOf("consolidate: restore") < r.out().indexOf("trimmed"), r.out());

        // Frames 12-24 and 30-42 of the original with 4 frames of handle merge into one trim: [8, 46).
        MediaProbe probe = new MediaProbe();
        List<Path> trims;
        try (var files = Files.list(out.resolve(ConformCommand.MEDIA_FOLDER))) {
            trims = files.filter(f -> f.toString().endsWith(".mov")).toList();
        }
        assertEquals(1, trims.size(), trims.toString());
        MediaInfo trim = probe.probe(trims.get(0));
        assertEquals(38, trim.durationFrames());
        assertEquals("14:00:00:08", trim.startTimecode().toString());
        assertEquals("B002C011", trim.reel());
        assertEquals(4, trim.audioChannels());
        try (var files = Files.list(out.resolve(ConformCommand.MEDIA_FOLDER))) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().contains(".consolidated.")), "relinked timeline");
        }

        // The master: the timeline's 24 frames from 01:00:00:00 at 23.976.
        MediaInfo master = probe.probe(out.resolve("two.master.mov"));
        assertEquals(24, master.durationFrames());
        assertEquals(FrameRate.FPS_23_976, master.frameRate());
        assertEquals("01:00:00:00", master.startTimecode().toString());
        assertTrue(
                master.video().codec().toLowerCase(java.util.Locale.ROOT).contains("prores"),
                master.video().codec());
    }

    @Test
    @Order(7)
    void aRenderRefusesAnUnlinkedEventNamingItUnlessRenderedAnywayInTheAskedFormat() throws Exception {
        Path edl = dir.resolve("lost.edl");
        Files.writeString(edl, """
                TITLE: LOST
                FCM: NON-DROP FRAME

                001  B002C011 V     C        14:00:00:12 14:00:01:00 01:00:00:00 01:00:00:12
                002  NOSUCH01 V     C        10:00:00:00 10:00:00:12 01:00:00:12 01:00:01:00
                """);
        Path out = dir.resolve("lost");

        CliRun refused = conform(edl, out, "--render");

        assertEquals(1, refused.exit(), refused.out() + refused.err());
        assertTrue(
                refused.err().contains("event 002, clip '") && refused.err().contains("has no media (reel NOSUCH01"),
                refused.err());
        assertTrue(refused.err().contains("--render-anyway"), refused.err());
        assertTrue(Files.notExists(out.resolve("lost.master.mov")), "nothing rendered");

        CliRun anyway = conform(edl, out, "--render-anyway", "--master", "prores-proxy");

        assertEquals(1, anyway.exit(), "event 002 is still unmatched: " + anyway.out() + anyway.err());
        assertTrue(anyway.out().contains("ProRes 422 Proxy in QuickTime MOV, 24 frames"), anyway.out());
        assertTrue(anyway.out().contains("event 002, clip '"), anyway.out());
        Process ffprobe = new ProcessBuilder(
                        "ffprobe",
                        "-v",
                        "error",
                        "-select_streams",
                        "v:0",
                        "-show_entries",
                        "stream=profile",
                        "-of",
                        "csv=p=0",
                        out.resolve("lost.master.mov").toString())
                .redirectErrorStream(true)
                .start();
        assertEquals("Proxy", new String(ffprobe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
        assertEquals(0, ffprobe.waitFor());
        JsonNode report = JSON.readTree(out.resolve("conform-report.json").toFile());
        assertEquals("002", report.path("rendered_black").path(0).path("event").asText(), report.toString());
        for (JsonNode row : report.path("events")) {
            String render = row.path("render").asText();
            if (row.path("event").asText().equals("002")) {
                assertTrue(render.startsWith("black: has no media (reel NOSUCH01"), row.toString());
            } else {
                assertEquals("", render, "only the refused event is black: " + row);
            }
        }
        assertTrue(Files.readString(out.resolve("conform-report.html")).contains("<h2>Rendered black</h2>"));
    }

    @Test
    @Order(7)
    void aRenderPlaysEachSoundEventAtItsLevelAndNamesThePanItDoesNotApply() throws Exception {
        // FCP 7 XML: picture 14:00:00:12-14:00:01:12; sound event "quiet" at 0.501187 (-6 dB), then "panned"
        // at unity with a pan the render does not apply
        Path xml = levelsXml(dir, original);
        Path out = dir.resolve("levels");

        CliRun r = conform(xml, out, "--render");

        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("clip 'panned': sound effect 'Audio Pan' is not applied"), r.out());
        JsonNode report = JSON.readTree(out.resolve("conform-report.json").toFile());
        String messages = report.toString();
        assertTrue(messages.contains("level -6 dB"), messages);
        assertTrue(messages.contains("sound effect 'Audio Pan' not applied to masters"), messages);
        // channel 1 of the master: 12 frames at -6 dB, then 12 at unity, of the same steady tone
        Path master;
        try (Stream<Path> files = Files.list(out)) {
            master = files.filter(f -> f.getFileName().toString().endsWith(".master.mov"))
                    .findFirst()
                    .orElseThrow();
        }
        double quiet = meanVolume(master, 0, 12 * 2002);
        double unity = meanVolume(master, 12 * 2002, 24 * 2002);
        assertEquals(-6, quiet - unity, 0.5, "quiet " + quiet + " dB, unity " + unity + " dB");
    }

    /** ffmpeg's mean volume (dBFS) of the master's first channel over samples {@code [from, to)}. */
    /**
     * An FCP 7 XML in {@code dir}: picture 14:00:00:12-14:00:01:12 of {@code original}; sound event
     * "quiet" at 0.501187 (-6 dB), then "panned" at unity with a pan a render does not apply.
     */
    static Path levelsXml(Path dir, Path original) throws java.io.IOException {
        String file = """
                <file id="f1"><name>B002C011.mov</name><pathurl>file://%s</pathurl>
                  <rate><timebase>24</timebase><ntsc>TRUE</ntsc></rate><duration>48</duration>
                  <timecode><rate><timebase>24</timebase><ntsc>TRUE</ntsc></rate><string>14:00:00:00</string>
                    <frame>1209600</frame><displayformat>NDF</displayformat><reel><name>B002C011</name></reel></timecode>
                </file>""".formatted(original);
        Path xml = dir.resolve("levels.xml");
        Files.writeString(xml, """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE xmeml>
                <xmeml version="4"><sequence id="s1"><name>levels</name>
                  <rate><timebase>24</timebase><ntsc>TRUE</ntsc></rate>
                  <timecode><rate><timebase>24</timebase><ntsc>TRUE</ntsc></rate><string>01:00:00:00</string>
                    <frame>86400</frame><displayformat>NDF</displayformat></timecode>
                  <media>
                    <video><track><clipitem id="v"><name>picture</name><start>0</start><end>24</end><in>12</in><out>36</out>
                      %s</clipitem></track></video>
                    <audio><track>
                      <clipitem id="a"><name>quiet</name><start>0</start><end>12</end><in>12</in><out>24</out><file id="f1"/>
                        <filter><effect><name>Audio Levels</name><effectid>audiolevels</effectid>
                          <parameter><parameterid>level</parameterid><value>0.501187</value></parameter></effect></filter>
                      </clipitem>
                      <clipitem id="b"><name>panned</name><start>12</start><end>24</end><in>24</in><out>36</out><file id="f1"/>
                        <filter><effect><name>Audio Pan</name><effectid>audiopan</effectid>
                          <parameter><parameterid>pan</parameterid><value>-1</value></parameter></effect></filter>
                      </clipitem>
                    </track></audio>
                  </media></sequence></xmeml>
                """.formatted(file));
        return xml;
    }

    static double meanVolume(Path file, long from, long to) throws Exception {
        Process p = new ProcessBuilder(
                        "ffmpeg",
                        "-hide_banner",
                        "-nostats",
                        "-i",
                        file.toString(),
                        "-map",
                        "0:a:0",
                        "-af",
                        "pan=mono|c0=c0,atrim=start_sample=" + from + ":end_sample=" + to + ",volumedetect",
                        "-f",
                        "null",
                        "-")
                .redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "ffmpeg did not finish");
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("mean_volume: (-?[0-9.]+) dB").matcher(log);
        assertTrue(m.find(), log);
        return Double.parseDouble(m.group(1));
    }

    @Test
    @Order(8)
    void anOriginalThatChangedSinceIngestIsNeverConsolidated() throws Exception {
        // Reference mode: the original stays on the facility's storage, where someone re-wrote it.
        Files.write(original, new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);
        Path out = dir.resolve("changed");
        CliRun r = conform(dir.resolve("two.edl"), out, "--handles", "4");
        assertNotEquals(0, r.exit());
        assertTrue(r.err().contains("differ from what was ingested") && r.err().contains("B002C011.mov"), r.err());
        assertTrue(Files.isRegularFile(out.resolve("conform-report.json")), "the report is still written");
        assertTrue(!Files.exists(out.resolve(ConformCommand.MEDIA_FOLDER))
                || Files.list(out.resolve(ConformCommand.MEDIA_FOLDER))
                        .findAny()
                        .isEmpty());
    }
}
