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
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A RED card: an R3D-named original (a REDCODE header as ExifTool documents it, then bytes no
 * decoder reads) in {@code A001_C001.RDC/} and the camera's proxy in {@code Proxy/} (ProRes with a
 * timecode track, written by ffmpeg). One asset, the original checksummed and in the card's MHL,
 * the camera proxy its edit rendition; without the proxy, or with one whose timecode disagrees,
 * "original only" with the reason, and the job done, not failed.
 */
class CameraRawIT {
    private static final String CLIP = "A001_C001_0101AB_001";

    @TempDir
    Path dir;

    @Test
    void theCameraProxyIsTheEditRenditionOfOneAsset() throws Exception {
        Path card = dir.resolve("A001");
        Path r3d = fakeR3d(card.resolve("A001_C001.RDC").resolve(CLIP + ".R3D"), "10:00:00:00");
        proxy(card.resolve("Proxy").resolve(CLIP + ".mov"), "10:00:00:00");
        ManifestStore store = new ManifestStore(dir.resolve("store"));

        Map<String, JobStatus> jobs = ingest(store, card);

        assertEquals(1, jobs.size(), "one asset, not one per file: " + jobs);
        JobStatus job = jobs.values().iterator().next();
        assertEquals(JobStatus.DONE, job.state(), job.toString());
        List<Manifest> manifests = store.list(new ProjectId("raw"));
        assertEquals(1, manifests.size());
        Manifest m = manifests.get(0);
        assertTrue(m.originalPath().endsWith(CLIP + ".R3D"), m.originalPath());
        assertEquals(CardChecks.independent(r3d), m.checksums(), "the original's checksums");
        assertEquals("r3d", m.media().container());
        assertEquals("10:00:00:00", m.media().startTimecode().toString(), "the R3D header's timecode");
        assertEquals("A001", m.media().reel(), "the R3D header's reel");
        assertEquals(1920, m.media().video().width(), "the R3D header's picture size");
        assertEquals(25, m.media().durationFrames(), "the camera proxy's duration");
        assertEquals("proxy/" + CLIP + ".mov", m.rendition("edit").orElseThrow().path());
        Path edit = store.assetDir(m.project(), m.assetId()).resolve("proxy/" + CLIP + ".mov");
        assertEquals(
                CardChecks.independent(card.resolve("Proxy").resolve(CLIP + ".mov")),
                CardChecks.independent(edit),
                "the camera proxy itself, copied");
        assertTrue(m.rendition("stream-hi").isPresent(), "streams made from the camera proxy: " + m.renditions());
        String mhl = Files.readString(Path.of(m.metadata().get(OriginalSource.META_MHL)));
        assertTrue(mhl.contains(">A001_C001.RDC/" + CLIP + ".R3D</path>"), mhl);
    }

    @Test
    void withoutACameraProxyItIsOriginalOnlyNotFailed() throws Exception {
        Path card = dir.resolve("A002");
        Path r3d = fakeR3d(card.resolve("A002_C001.RDC").resolve(CLIP + ".R3D"), "10:00:00:00");
        ManifestStore store = new ManifestStore(dir.resolve("store"));

        Map<String, JobStatus> jobs = ingest(store, card);

        JobStatus job = jobs.values().iterator().next();
        assertEquals(JobStatus.DONE, job.state(), job.toString());
        assertTrue(job.warnings().startsWith("original only: camera raw (R3D)"), job.warnings());
        Manifest m = store.list(new ProjectId("raw")).get(0);
        assertEquals(CardChecks.independent(r3d), m.checksums());
        assertTrue(m.renditions().isEmpty(), m.renditions().toString());
        assertTrue(
                m.media().warnings().get(0).startsWith("original only: "),
                m.media().warnings().toString());
        assertEquals("10:00:00:00", m.media().startTimecode().toString());
    }

    @Test
    void aCameraProxyThatDisagreesWithTheHeaderIsRefusedByName() throws Exception {
        Path card = dir.resolve("A003");
        fakeR3d(card.resolve("A003_C001.RDC").resolve(CLIP + ".R3D"), "10:00:00:00");
        proxy(card.resolve("Proxy").resolve(CLIP + ".mov"), "11:00:00:00");
        ManifestStore store = new ManifestStore(dir.resolve("store"));

        Map<String, JobStatus> jobs = ingest(store, card);

        JobStatus job = jobs.values().iterator().next();
        assertEquals(JobStatus.DONE, job.state(), job.toString());
        assertTrue(
                job.warnings()
                        .contains(CLIP + ".mov was refused: it starts at 11:00:00:00, the original (R3D header) at"
                                + " 10:00:00:00"),
                job.warnings());
        assertTrue(store.list(new ProjectId("raw")).get(0).renditions().isEmpty());
    }

    /**
     * A Blackmagic RAW original (QuickTime-structured: here ffmpeg's one second at 25 fps from
     * 10:00:00:00, its sample description renamed {@code brxq} so that nothing decodes it) whose
     * camera proxy lasts 20 frames: the proxy is refused naming both durations, and the header's
     * rate, frame count and timecode are the asset's.
     */
    @Test
    void aCameraProxyOfAnotherDurationIsRefusedByName() throws Exception {
        Path card = dir.resolve("B001");
        Path braw = card.resolve("B001_C001.braw");
        proxy(braw, "10:00:00:00", 1.0);
        byte[] b = Files.readAllBytes(braw);
        String latin = new String(b, StandardCharsets.ISO_8859_1);
        int codec = latin.indexOf("apco");
        assertTrue(codec > 0, "ffmpeg's ProRes sample description");
        System.arraycopy("brxq".getBytes(StandardCharsets.ISO_8859_1), 0, b, codec, 4);
        Files.write(braw, b);
        proxy(card.resolve("Proxy").resolve("B001_C001.mov"), "10:00:00:00", 0.8);
        ManifestStore store = new ManifestStore(dir.resolve("store"));

        Map<String, JobStatus> jobs = ingest(store, card);

        assertEquals(1, jobs.size(), jobs.toString());
        JobStatus job = jobs.values().iterator().next();
        assertEquals(JobStatus.DONE, job.state(), job.toString());
        assertTrue(
                job.warnings().contains("B001_C001.mov was refused: it lasts 20 frames, the original (BRAW header) 25"),
                job.warnings());
        Manifest m = store.list(new ProjectId("raw")).get(0);
        assertTrue(m.renditions().isEmpty(), m.renditions().toString());
        assertEquals(25, m.media().durationFrames(), "the header's frame count");
        assertEquals("10:00:00:00", m.media().startTimecode().toString(), "the header's timecode track");
        assertEquals(CardChecks.independent(braw), m.checksums());
    }

    /**
     * ProRes RAW is told by its QuickTime sample description ({@code aprn}), not its name: ffmpeg's
     * ProRes file renamed inside so that nothing decodes it, no camera proxy. Original only, with
     * the header's rate, frame count and timecode; the job done, not failed.
     */
    @Test
    void aProResRawOriginalWithoutACameraProxyIsOriginalOnly() throws Exception {
        Path card = dir.resolve("C001");
        Path raw = card.resolve("A001_C002.mov");
        proxy(raw, "10:00:00:00", 1.0);
        byte[] b = Files.readAllBytes(raw);
        int codec = new String(b, StandardCharsets.ISO_8859_1).indexOf("apco");
        assertTrue(codec > 0, "ffmpeg's ProRes sample description");
        System.arraycopy("aprn".getBytes(StandardCharsets.ISO_8859_1), 0, b, codec, 4);
        Files.write(raw, b);
        ManifestStore store = new ManifestStore(dir.resolve("store"));

        Map<String, JobStatus> jobs = ingest(store, card);

        assertEquals(1, jobs.size(), jobs.toString());
        JobStatus job = jobs.values().iterator().next();
        assertEquals(JobStatus.DONE, job.state(), job.toString());
        assertTrue(job.warnings().startsWith("original only: camera raw (ProRes RAW)"), job.warnings());
        Manifest m = store.list(new ProjectId("raw")).get(0);
        assertTrue(m.renditions().isEmpty(), m.renditions().toString());
        assertEquals("mov", m.media().container());
        assertEquals(25, m.media().durationFrames(), "the header's frame count");
        assertEquals("10:00:00:00", m.media().startTimecode().toString());
        assertEquals(CardChecks.independent(raw), m.checksums());
    }

    private static Map<String, JobStatus> ingest(ManifestStore store, Path card) throws Exception {
        Map<String, JobStatus> last = new ConcurrentHashMap<>();
        try (IngestCoordinator c =
                new IngestCoordinator(IngestConfig.defaults(), store, WorkerProcess.mediaTasks(), m -> {})) {
            List<JobStatus> jobs = c.submit(List.of(card), new ProjectId("raw"), false);
            CountDownLatch done = new CountDownLatch(jobs.size());
            for (JobStatus j : jobs) {
                c.watch(j.jobId(), s -> {
                    if (s.isFinished() && last.putIfAbsent(s.jobId(), s) == null) {
                        done.countDown();
                    }
                });
            }
            assertTrue(done.await(180, TimeUnit.SECONDS), "jobs finish");
        }
        return last;
    }

    /** A RED2 header block (4 KiB) with one rdi record and a RED directory, then 60 KiB of noise. */
    static Path fakeR3d(Path file, String timecode) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(0x1000);
        b.putInt(0, 0x1000).put(4, "RED2".getBytes(StandardCharsets.ISO_8859_1));
        b.put(0x40, (byte) 1);
        b.put(0x44, "rdi\u0001".getBytes(StandardCharsets.ISO_8859_1));
        b.putInt(0x4c, 1920).putInt(0x50, 1080);
        b.putShort(0x56, (short) 1).putShort(0x58, (short) 0).putShort(0x5a, (short) 25);
        ByteArrayOutputStream dir = new ByteArrayOutputStream();
        entry(dir, 0x1001, timecode);
        entry(dir, 0x101a, "A001");
        entry(dir, 0x1071, "KOMODO 6K");
        b.putShort(0x5c, (short) dir.size());
        b.put(0x5e, dir.toByteArray());
        byte[] noise = new byte[60 << 10];
        new Random(7).nextBytes(noise);
        Files.createDirectories(file.getParent());
        Files.write(file, b.array());
        Files.write(file, noise, java.nio.file.StandardOpenOption.APPEND);
        return file;
    }

    private static void entry(ByteArrayOutputStream dir, int tag, String text) {
        byte[] t = text.getBytes(StandardCharsets.ISO_8859_1);
        int len = 4 + t.length;
        dir.writeBytes(new byte[] {(byte) (len >> 8), (byte) len, (byte) (tag >> 8), (byte) tag});
        dir.writeBytes(t);
    }

    /** One second of 25 fps ProRes Proxy with a timecode track at {@code timecode}, by ffmpeg. */
    private static void proxy(Path file, String timecode) throws Exception {
        proxy(file, timecode, 1.0);
    }

    /** {@code seconds} of 25 fps ProRes Proxy with a timecode track at {@code timecode}, by ffmpeg. */
    private static void proxy(Path file, String timecode, double seconds) throws Exception {
        assumeTrue(CardChecks.onPath("ffmpeg"), "ffmpeg is not installed (./gateway test installs it)");
        Files.createDirectories(file.getParent());
        Process p = new ProcessBuilder(
                        "ffmpeg",
                        "-v",
                        "error",
                        "-nostdin",
                        "-y",
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc=size=320x180:rate=25",
                        "-t",
                        Double.toString(seconds),
                        "-c:v",
                        "prores_ks",
                        "-profile:v",
                        "0",
                        "-timecode",
                        timecode,
                        "-f",
                        "mov",
                        file.toString())
                .redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "ffmpeg: " + log);
    }
}
