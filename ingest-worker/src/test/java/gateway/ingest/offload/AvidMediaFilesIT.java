package gateway.ingest.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gateway.ingest.IngestCoordinator;
import gateway.ingest.JobStatus;
import gateway.ingest.config.IngestConfig;
import gateway.ingest.process.WorkerProcess;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.ProjectId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Avid MediaFiles written by ffmpeg's {@code mxf_opatom} muxer (one DNxHD picture file and two PCM
 * sound files sharing their material package): the folder ingests as one asset with two audio
 * channels, every file copied, hashed and listed in the card's MHL.
 */
class AvidMediaFilesIT {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "copy mode {0}")
    @ValueSource(booleans = {true, false})
    void anOpAtomClipIngestsAsOneAssetWithTwoChannels(boolean copy) throws Exception {
        Path card = dir.resolve("Avid MediaFiles");
        Path mxf = Files.createDirectories(card.resolve("MXF").resolve("1"));
        opAtom(
                mxf.resolve("ClipA_V01.mxf"),
                List.of("-f", "lavfi", "-i", "testsrc=size=1920x1080:rate=25"),
                List.of("-c:v", "dnxhd", "-b:v", "36M", "-pix_fmt", "yuv422p"));
        for (int i = 1; i <= 2; i++) {
            opAtom(
                    mxf.resolve("ClipA_A0" + i + ".mxf"),
                    List.of("-f", "lavfi", "-i", "sine=frequency=" + (440 * i) + ":sample_rate=48000"),
                    List.of("-c:a", "pcm_s24le", "-mxf_audio_edit_rate", "25"));
        }
        ManifestStore store = new ManifestStore(dir.resolve("store"));
        ProjectId project = new ProjectId("avid");
        Map<String, JobStatus> last = new ConcurrentHashMap<>();
        try (IngestCoordinator c =
                new IngestCoordinator(IngestConfig.defaults(), store, WorkerProcess.mediaTasks(), m -> {})) {
            List<JobStatus> jobs = c.submit(List.of(card), project, copy);
            assertEquals(1, jobs.size(), "one job for the clip, none for its sound files: " + jobs);
            CountDownLatch done = new CountDownLatch(1);
            c.watch(jobs.get(0).jobId(), s -> {
                if (s.isFinished() && last.putIfAbsent(s.jobId(), s) == null) {
                    done.countDown();
                }
            });
            assertTrue(done.await(180, TimeUnit.SECONDS), "the job finishes");
        }
        JobStatus job = last.values().iterator().next();
        assertEquals(JobStatus.DONE, job.state(), job.toString());
        List<Manifest> manifests = store.list(project);
        assertEquals(1, manifests.size());
        Manifest m = manifests.get(0);
        assertTrue(m.originalPath().endsWith("ClipA_V01.mxf"), m.originalPath());
        assertEquals(2, m.media().audio().size(), m.media().audio().toString());
        assertEquals(2, m.media().audioChannels());
        assertEquals("10:00:00:00", m.media().startTimecode().toString());
        assertTrue(m.rendition("edit").isPresent(), m.renditions().toString());
        // The asset's own MHL generation lists its picture file; the clip's sound files are copied
        // (reference mode: hashed where they lie) with the card when it is taken in (they are no job of their own), in
        // a generation
        // of the same card's MHL history (ascmhl/).
        Path own = Path.of(m.metadata().get(OriginalSource.META_MHL));
        assertTrue(Files.readString(own).contains(">MXF/1/ClipA_V01.mxf</path>"), Files.readString(own));
        StringBuilder history = new StringBuilder();
        try (var generations = Files.list(own.getParent())) {
            for (Path g : generations.filter(p -> p.toString().endsWith(".mhl")).toList()) {
                history.append(Files.readString(g));
            }
        }
        for (String f : List.of("ClipA_V01.mxf", "ClipA_A01.mxf", "ClipA_A02.mxf")) {
            assertTrue(
                    history.toString().contains(">MXF/1/" + f + "</path>"),
                    f + " in the card's MHL history: " + history);
        }
    }

    /** One OP-Atom file by ffmpeg: one second, timecode 10:00:00:00, reel OPA001, clip ClipA, bit-exact UMIDs. */
    private static void opAtom(Path file, List<String> input, List<String> codec) throws Exception {
        assumeTrue(CardChecks.onPath("ffmpeg"), "ffmpeg is not installed (./gateway test installs it)");
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-nostdin", "-y"));
        cmd.addAll(input);
        cmd.addAll(List.of("-t", "1"));
        cmd.addAll(codec);
        cmd.addAll(List.of(
                "-timecode",
                "10:00:00:00",
                "-metadata",
                "reel_name=OPA001",
                "-metadata",
                "material_package_name=ClipA",
                "-fflags",
                "+bitexact",
                "-f",
                "mxf_opatom",
                file.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "ffmpeg: " + log);
    }
}
