package gateway.cli;

import static gateway.cli.CliRun.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.client.ClientOptions;
import gateway.client.GatewayClient;
import gateway.client.JobState;
import gateway.client.JobUpdate;
import gateway.model.asset.ProjectId;
import gateway.model.time.FrameRate;
import gateway.model.time.TimeRange;
import gateway.model.time.Timecode;
import gateway.model.timeline.Clip;
import gateway.model.timeline.ExternalReference;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.model.timeline.TrackKind;
import gateway.proxy.finish.MasterRender;
import gateway.proxy.finish.RenderOptions;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import gateway.server.GatewayNode;
import gateway.server.auth.Role;
import gateway.server.config.GatewayConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code conform [--render] --qc REFERENCE} end to end without a node: originals ingested into a
 * local store, an EDL conformed and rendered, the master compared with a reference export of the
 * same cut (all OK) and with one whose second shot starts a frame late (that event flagged, pictures
 * written and shown side by side in the HTML report); without --render, the conformed timeline
 * itself (played from the originals) against the same two references.
 */
class ConformQcCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FrameRate RATE = FrameRate.FPS_25;
    private static final int W = 192;
    private static final int H = 108;

    @TempDir
    static Path dir;

    private static Path store;
    private static Path a;
    private static Path b;
    private static Path edl;

    @BeforeAll
    static void ingestOriginals() throws Exception {
        store = dir.resolve("store");
        Path card = dir.resolve("card");
        SampleOriginals samples = new SampleOriginals();
        a = samples.generate(spec("01:00:00:00", "A001"), card.resolve("A001.mov"));
        b = samples.generate(spec("02:00:00:00", "B001"), card.resolve("B001.mov"));
        CliRun r = cli("ingest", card.toString(), "--project", "qc", "--store", store.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        edl = dir.resolve("cut.edl");
        Files.writeString(edl, """
                TITLE: QC CUT
                FCM: NON-DROP FRAME

                001  A001     V     C        01:00:00:10 01:00:00:22 10:00:00:00 10:00:00:12
                002  B001     V     C        02:00:01:05 02:00:01:17 10:00:00:12 10:00:00:24
                003  A001     V     C        01:00:02:00 01:00:02:15 10:00:00:24 10:00:01:14
                """);
    }

    private static SampleSpec spec(String start, String reel) {
        return new SampleSpec(
                SampleSpec.Container.MOV,
                SampleSpec.Codec.PRORES_HQ,
                W,
                H,
                RATE,
                100,
                Timecode.parse(start, RATE),
                reel,
                0,
                24,
                false);
    }

    /** The editor's export of the cut, rendered by hand from the originals; {@code slip} frames late on event 2. */
    private static Path reference(String name, int slip) {
        long aStart = Timecode.parse("01:00:00:00", RATE).toFrames();
        long bStart = Timecode.parse("02:00:00:00", RATE).toFrames();
        List<Clip> clips = new ArrayList<>(
                List.of(clip(a, aStart, 10, 12), clip(b, bStart, 30 + slip, 12), clip(a, aStart, 50, 15)));
        Timeline t = Timeline.of(
                "reference",
                Timecode.parse("10:00:00:00", RATE).toTime(),
                List.of(Track.of("V1", TrackKind.VIDEO, clips)));
        return new MasterRender()
                .render(t, RenderOptions.to(dir.resolve(name)).withSize(160, 90), p -> {})
                .file();
    }

    private static Clip clip(Path file, long fileStart, long first, long n) {
        return Clip.of(
                file.getFileName().toString(),
                TimeRange.of(fileStart + first, n, RATE),
                ExternalReference.of(file.toUri().toString(), TimeRange.of(fileStart, 100, RATE)));
    }

    private static CliRun conform(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "conform",
                edl.toString(),
                "--project",
                "qc",
                "--out",
                out.toString(),
                "--rate",
                "25",
                "--store",
                store.toString()));
        args.addAll(List.of(extra));
        return cli(args.toArray(String[]::new));
    }

    @Test
    void theRightReferenceIsAllOk() throws Exception {
        Path out = dir.resolve("right");

        CliRun r = conform(out, "--render", "--qc", reference("right.mov", 0).toString());

        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("qc       QC against right.mov: 3 ok"), r.out());
        JsonNode qc = JSON.readTree(out.resolve("conform-report.json").toFile()).path("qc");
        assertEquals(3, qc.path("totals").path("ok").asInt(), qc.toString());
        assertEquals("right.mov", qc.path("reference").asText());
        assertTrue(Files.readString(out.resolve("conform-report.html")).contains("<h2 id=\"qc\">Conform QC</h2>"));
    }

    @Test
    void aSlippedShotIsFlaggedWithBothPicturesInTheReport() throws Exception {
        Path out = dir.resolve("slipped");

        CliRun r = conform(out, "--render", "--qc", reference("slipped.mov", 1).toString());

        assertNotEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("event 002 (V1): offset by -1 frame(s)"), r.out());
        JsonNode qc = JSON.readTree(out.resolve("conform-report.json").toFile()).path("qc");
        List<String> statuses = new ArrayList<>();
        qc.path("events").forEach(e -> statuses.add(e.path("status").asText()));
        assertEquals(List.of("ok", "offset", "ok"), statuses, qc.toString());
        JsonNode slipped = qc.path("events").get(1);
        assertEquals(-1, slipped.path("offset").asInt());
        Path refPicture =
                out.resolve("qc").resolve(slipped.path("reference_picture").asText());
        Path cutPicture =
                out.resolve("qc").resolve(slipped.path("conformed_picture").asText());
        assertTrue(Files.size(refPicture) > 100 && Files.size(cutPicture) > 100);
        String html = Files.readString(out.resolve("conform-report.html"));
        assertTrue(html.contains("src=\"qc/" + refPicture.getFileName() + "\""), html);
        assertTrue(html.contains("src=\"qc/" + cutPicture.getFileName() + "\""), html);
        assertTrue(html.indexOf("<h2 id=\"qc\">") < html.lastIndexOf("</body>"));
    }

    @Test
    void withoutARenderTheConformedTimelineIsCheckedAndItsSlipFound() throws Exception {
        Path right = dir.resolve("timeline-right");
        Path slipped = dir.resolve("timeline-slipped");

        CliRun ok = conform(right, "--qc", reference("timeline-right.mov", 0).toString());
        CliRun wrong =
                conform(slipped, "--qc", reference("timeline-slipped.mov", 1).toString());

        assertEquals(0, ok.exit(), ok.out() + ok.err());
        assertTrue(ok.out().contains("qc       QC against timeline-right.mov: 3 ok"), ok.out());
        assertNotEquals(0, wrong.exit(), wrong.out());
        assertTrue(wrong.out().contains("event 002 (V1): offset by -1 frame(s)"), wrong.out());
        JsonNode qc =
                JSON.readTree(slipped.resolve("conform-report.json").toFile()).path("qc");
        List<String> statuses = new ArrayList<>();
        qc.path("events").forEach(e -> statuses.add(e.path("status").asText()));
        assertEquals(List.of("ok", "offset", "ok"), statuses, qc.toString());
        try (var files = Files.list(slipped)) {
            assertTrue(
                    files.noneMatch(f -> f.getFileName().toString().contains(".master.")
                            || f.getFileName().toString().startsWith(".")),
                    "no master rendered, no work file left");
        }
    }

    @Test
    void againstANodeTheReportCopyGetsTheQcSectionAndASlipFailsTheCommand() throws Exception {
        Path nodeStore = dir.resolve("node-store");
        GatewayConfig config = GatewayConfig.standalone(nodeStore, "qc-remote").withPlaintextOnLoopback();
        try (GatewayNode node = GatewayNode.start(config, line -> {})) {
            node.users().put("ed", "qc-pass-1234", Map.of(new ProjectId("qc"), Role.ASSISTANT));
            Path refs = dir.resolve("node-refs");
            Files.createDirectories(refs);
            Path right = Files.copy(reference("node-right.mov", 0), refs.resolve("node-right.mov"));
            Path slippedRef = Files.copy(reference("node-slipped.mov", 1), refs.resolve("node-slipped.mov"));
            Map<String, String> assets = new java.util.HashMap<>();
            try (GatewayClient client =
                    GatewayClient.connect("127.0.0.1", node.grpcPort(), ClientOptions.plaintext())) {
                client.login("ed", "qc-pass-1234");
                for (Path f : List.of(a, b, right, slippedRef)) {
                    String job = client.ingest(List.of(f.toString()), "qc", false)
                            .get(0)
                            .jobId();
                    JobUpdate done = client.watchJobs(List.of(job), u -> {}).get(job);
                    assertEquals(JobState.DONE, done.state(), () -> f + ": " + done.errorMessage());
                    assets.put(f.getFileName().toString(), done.assetId());
                }
            }
            String server = "127.0.0.1:" + node.grpcPort();
            Path okOut = dir.resolve("remote-right");
            Path badOut = dir.resolve("remote-slipped");

            CliRun ok = remoteConform(server, okOut, "--qc", assets.get("node-right.mov"));
            CliRun bad = remoteConform(server, badOut, "--qc", assets.get("node-slipped.mov"));

            assertEquals(0, ok.exit(), ok.out() + ok.err());
            assertTrue(ok.out().contains("qc       QC against "), ok.out());
            JsonNode okQc =
                    JSON.readTree(okOut.resolve("conform-report.json").toFile()).path("qc");
            assertEquals(3, okQc.path("totals").path("ok").asInt(), okQc.toString());
            assertNotEquals(0, bad.exit(), bad.out() + bad.err());
            assertTrue(bad.out().contains("event 002 (V1): offset by -1 frame(s)"), bad.out());
            assertTrue(bad.out().contains("on the node"), "says where the pictures are: " + bad.out());
            JsonNode badQc = JSON.readTree(badOut.resolve("conform-report.json").toFile())
                    .path("qc");
            List<String> statuses = new ArrayList<>();
            badQc.path("events").forEach(e -> statuses.add(e.path("status").asText()));
            assertEquals(List.of("ok", "offset", "ok"), statuses, badQc.toString());
            assertTrue(
                    Files.readString(badOut.resolve("conform-report.html")).contains("<h2 id=\"qc\">Conform QC</h2>"));

            // --plan against the node: the node's egress plan printed, nothing restored or trimmed
            CliRun plan = remoteConform(server, dir.resolve("remote-plan"), "--handles", "5", "--plan");
            assertEquals(0, plan.exit(), plan.out() + plan.err());
            assertTrue(plan.out().contains("egress plan (before any transfer):"), plan.out());
            assertTrue(plan.out().contains("plan only: nothing restored"), plan.out());
            assertTrue(!plan.out().contains("the node writes consolidated media"), plan.out());
            assertTrue(plan.out().contains("3 events: 3 matched, 0 unmatched"), plan.out());
        }
    }

    /** The conform command against {@code server} as user ed, with {@code extra} options. */
    private static CliRun remoteConform(String server, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "conform",
                edl.toString(),
                "--project",
                "qc",
                "--out",
                out.toString(),
                "--rate",
                "25",
                "--server",
                server,
                "--ca",
                "none",
                "--user",
                "ed",
                "--password",
                "qc-pass-1234"));
        args.addAll(List.of(extra));
        return cli(args.toArray(String[]::new));
    }
}
