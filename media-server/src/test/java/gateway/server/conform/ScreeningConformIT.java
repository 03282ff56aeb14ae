package gateway.server.conform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.index.CatalogIndex;
import gateway.ingest.IngestCoordinator;
import gateway.ingest.JobStatus;
import gateway.ingest.process.WorkerProcess;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.ProjectId;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import gateway.proxy.progress.ProgressListener;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import gateway.relink.Conform;
import gateway.relink.ConformRequest;
import gateway.relink.ConformResult;
import gateway.relink.TargetFormat;
import gateway.relink.link.IndexAssetCatalogue;
import gateway.server.config.GatewayConfig;
import gateway.testing.Corpora;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corpus list {@code screening_example.edl} conformed against real originals generated with
 * GStreamer for its clips (8-character truncated reels, resolved through clip and file names),
 * ingested through worker processes into a Lucene catalogue: every event matched to the exact
 * source frames; then a project where one original is missing, one is duplicated on two cameras
 * and one starts a frame short of the handles.
 */
class ScreeningConformIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FrameRate RATE = FrameRate.FPS_24;
    /** Clip name (FROM CLIP NAME without the take suffix) → source file, in event order. */
    private static final List<String[]> CLIPS = List.of(
            new String[] {"ZZ100_501", "ZZ100_501.LAY3.01"},
            new String[] {"ZZ100_502A", "ZZ100_502A.LAY3.02"},
            new String[] {"ZZ100_503A", "ZZ100_503A.LAY1.01"},
            new String[] {"ZZ100_504C", "ZZ100_504C.LAY1.02"},
            new String[] {"ZZ100_504B", "ZZ100_504B.LAY1.02"},
            new String[] {"ZZ100_507C", "ZZ100_507C.LAY2.01"},
            new String[] {"ZZ100_508", "ZZ100_508.LAY2.02"},
            new String[] {"ZZ100_510", "ZZ100_510.LAY1.02"},
            new String[] {"ZZ100_510B", "ZZ100_510B.LAY1.02"});

    @TempDir
    static Path dir;

    static ManifestStore store;
    static CatalogIndex index;

    @BeforeAll
    static void ingestOriginals() throws Exception {
        store = new ManifestStore(dir.resolve("store"));
        index = CatalogIndex.open(dir.resolve("store").resolve("index"), store);
        Path complete = dir.resolve("complete");
        Path broken = dir.resolve("broken");
        for (int i = 0; i < CLIPS.size(); i++) {
            String[] c = CLIPS.get(i);
            // Every original runs 01:00:00:00 - 01:00:20:00: it covers every event plus 12 frames of handles.
            generate(complete.resolve(c[1] + ".mov"), c[0], "01:00:00:00", 480);
            if (i == 2) {
                continue; // event 003: its original is missing from the broken project
            }
            if (i == 4) {
                // event 005: the same clip on two cameras
                generate(broken.resolve("A_CAM").resolve(c[1] + ".mov"), c[0], "01:00:00:00", 480);
                generate(broken.resolve("B_CAM").resolve(c[1] + ".mov"), c[0], "01:00:00:00", 480);
                continue;
            }
            if (i == 6) {
                // event 007 uses source 01:00:09:12; this original starts 11 frames before it: a frame short of 12.
                generate(broken.resolve(c[1] + ".mov"), c[0], "01:00:09:01", 240);
                continue;
            }
            generate(broken.resolve(c[1] + ".mov"), c[0], "01:00:00:00", 480);
        }
        ingest(complete, new ProjectId("complete"));
        ingest(broken, new ProjectId("broken"));
        index.refresh();
    }

    @AfterAll
    static void close() {
        if (index != null) {
            index.close();
        }
    }

    @Test
    void everyEventMatchesItsOriginalToTheFrame() throws Exception {
        JsonNode report = conform("complete", 0);
        assertTrue(report.path("all_matched").asBoolean(), report.toPrettyString());
        JsonNode events = report.path("events");
        assertEquals(9, events.size());
        for (int i = 0; i < 9; i++) {
            JsonNode e = events.get(i);
            assertEquals("matched", e.path("status").asText(), e.toString());
            assertTrue(e.path("original_path").asText().endsWith(CLIPS.get(i)[1] + ".mov"), e.toString());
            long in = Timecode.parse(e.path("source_in").asText(), RATE).toFrames();
            long out = Timecode.parse(e.path("source_out").asText(), RATE).toFrames();
            assertEquals(in, e.path("source_frames").path("start").asLong(), e.toString());
            assertEquals(out - in, e.path("source_frames").path("duration").asLong(), e.toString());
        }
        // Event 001 takes 01:00:04:05 - 01:00:05:12 at 24: frames 86501 .. 86532.
        assertEquals(86501, events.get(0).path("source_frames").path("start").asLong());
        assertEquals(31, events.get(0).path("source_frames").path("duration").asLong());
    }

    @Test
    void missingDuplicatedAndShortOriginalsAreReportedWithTheirCandidates() throws Exception {
        JsonNode report = conform("broken", 12);
        assertFalse(report.path("all_matched").asBoolean());
        Map<String, JsonNode> byEvent = new HashMap<>();
        report.path("events").forEach(e -> byEvent.put(e.path("event").asText(), e));
        assertEquals(
                "unmatched",
                byEvent.get("003").path("status").asText(),
                byEvent.get("003").toString());
        JsonNode dup = byEvent.get("005");
        assertEquals("ambiguous", dup.path("status").asText(), dup.toString());
        List<String> candidates = new ArrayList<>();
        dup.path("candidates").forEach(c -> candidates.add(c.toString()));
        assertEquals(2, candidates.size(), dup.toString());
        assertTrue(
                candidates.stream().anyMatch(c -> c.contains("A_CAM"))
                        && candidates.stream().anyMatch(c -> c.contains("B_CAM")),
                dup.toString());
        JsonNode shortOne = byEvent.get("007");
        assertEquals("short_handles", shortOne.path("status").asText(), shortOne.toString());
        assertTrue(shortOne.path("message").asText().contains("1 frame"), shortOne.toString());
        for (String ok : List.of("001", "002", "004", "006", "008", "009")) {
            assertEquals(
                    "matched",
                    byEvent.get(ok).path("status").asText(),
                    byEvent.get(ok).toString());
        }
    }

    private static JsonNode conform(String project, int handles) throws Exception {
        Path out = dir.resolve("out-" + project);
        ConformResult r = new Conform(new IndexAssetCatalogue(index))
                .conform(new ConformRequest(
                        Corpora.file("edl/otio-cmx3600/screening_example.edl"),
                        new ProjectId(project),
                        out,
                        RATE,
                        false,
                        handles,
                        TargetFormat.OTIO));
        assertTrue(Files.isRegularFile(r.reportHtml()));
        return JSON.readTree(r.reportJson().toFile());
    }

    /** A small H.264 original of {@code frames} frames at 24 from timecode {@code start} (also used by AafConformIT). */
    static void generate(Path file, String reel, String start, long frames) {
        new SampleOriginals()
                .generate(
                        new SampleSpec(
                                SampleSpec.Container.MOV,
                                SampleSpec.Codec.H264,
                                160,
                                90,
                                RATE,
                                frames,
                                Timecode.parse(start, RATE),
                                reel,
                                2,
                                16,
                                false),
                        file,
                        ProgressListener.NONE);
    }

    private static void ingest(Path folder, ProjectId project) throws Exception {
        ingest(dir, store, index, folder, project);
    }

    /** Ingests {@code folder} through worker processes into {@code index} (also used by AafConformIT). */
    static void ingest(Path dir, ManifestStore store, CatalogIndex index, Path folder, ProjectId project)
            throws Exception {
        GatewayConfig config = GatewayConfig.defaults().withStore(dir.resolve("store"));
        Map<String, JobStatus> last = new ConcurrentHashMap<>();
        try (IngestCoordinator coordinator =
                new IngestCoordinator(config.ingest(), store, WorkerProcess.mediaTasks(), m -> {
                    index.upsert(m);
                    index.commit();
                })) {
            List<JobStatus> jobs = coordinator.submit(List.of(folder), project);
            CountDownLatch done = new CountDownLatch(jobs.size());
            for (JobStatus j : jobs) {
                coordinator.watch(j.jobId(), s -> {
                    if (s.isFinished() && last.putIfAbsent(s.jobId(), s) == null) {
                        done.countDown();
                    }
                });
            }
            assertTrue(done.await(10, TimeUnit.MINUTES), "ingest finished");
        }
        last.values().forEach(s -> assertEquals(JobStatus.DONE, s.state(), s.path() + ": " + s.errorMessage()));
    }
}
