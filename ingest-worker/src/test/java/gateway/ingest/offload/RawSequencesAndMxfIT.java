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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Camera raw that is not one file per clip in a format the name tells: an ARRIRAW clip (a folder of
 * numbered {@code .ari} frames, each with the header as public notes document it) and an MXF whose
 * picture coding GStreamer does not decode here (Sony X-OCN, ARRIRAW in MXF; here ffmpeg's DNxHD
 * MXF with its picture descriptor's coding UL replaced by a private one). Each is one asset,
 * checksummed and in the MHL, "original only" with the reason, or with the camera's proxy as its
 * edit rendition when the proxy agrees with it, refused by name when it does not; never failed.
 */
class RawSequencesAndMxfIT {
    private static final String CLIP = "A001C001_261207_R1AB";
    private static final int FRAMES = 25;
    /** A coding UL no registry has (private: 0e), in place of DNxHD's 04.01.02.02.71.13.00.00. */
    private static final byte[] PRIVATE_CODING_TAIL = {0x0e, 0x7f, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06};

    @TempDir
    Path dir;

    @Test
    void anArriRawClipIsOneAssetWithEveryFrameInTheMhlAndOriginalOnly() throws Exception {
        Path card = dir.resolve("A001");
        List<Path> frames = arriClip(card.resolve(CLIP), FRAMES);
        ManifestStore store = new ManifestStore(dir.resolve("store"));

        Map<String, JobStatus> jobs = ingest(store, card);

        assertEquals(1, jobs.size(), "one asset per clip, not one per frame: " + jobs.keySet());
        JobStatus job = jobs.values().iterator().next();
        assertEquals(JobStatus.DONE, job.state(), job.toString());
        assertTrue(job.warnings().startsWith("original only: camera raw (ARRIRAW)"), job.warnings());
        assertTrue(job.warnings().contains("25 frame files of clip " + CLIP), job.warnings());
        assertTrue(job.warnings().contains("not publicly documented"), job.warnings());
        Manifest m = store.list(new ProjectId("raw")).get(0);
        assertTrue(m.originalPath().endsWith(CLIP + ".0000000.ari"), m.originalPath());
        assertEquals(CardChecks.independent(frames.get(0)), m.checksums(), "the first frame's checksums");
        assertEquals(FRAMES, m.media().durationFrames(), "the sequence's frame count");
        assertEquals("arriraw", m.media().container());
        assertEquals("ALEXA 35", m.media().camera().model(), "the header's camera model (0x29c)");
        assertTrue(m.renditions().isEmpty(), m.renditions().toString());
        String mhl = allMhl(m);
        for (Path f : frames) {
            assertTrue(mhl.contains(">" + CLIP + "/" + f.getFileName() + "</path>"), f + " in the MHL");
        }
    }

    @Test
    void aCardOffloadCopiesAndVerifiesEveryFrameOfTheClip() throws Exception {
        Path card = dir.resolve("A005");
        List<Path> frames = arriClip(card.resolve(CLIP), FRAMES);
        ManifestStore store = new ManifestStore(dir.resolve("store"));

        Map<String, JobStatus> jobs = ingest(store, card, true);

        assertEquals(1, jobs.size(), jobs.keySet().toString());
        JobStatus job = jobs.values().iterator().next();
        assertEquals(JobStatus.DONE, job.state(), job.toString());
        Manifest m = store.list(new ProjectId("raw")).get(0);
        assertEquals(FRAMES, m.media().durationFrames(), "the copied sequence's frame count");
        Path copied = Path.of(m.originalPath()).getParent();
        for (Path f : frames) {
            assertEquals(
                    CardChecks.independent(f),
                    CardChecks.independent(copied.resolve(f.getFileName())),
                    f.getFileName() + " copied whole");
        }
        String mhl = allMhl(m);
        for (Path f : frames) {
            assertTrue(mhl.contains(">" + CLIP + "/" + f.getFileName() + "</path>"), f + " in the MHL");
        }
    }

    @Test
    void anArriRawClipsCameraProxyIsItsEditRendition() throws Exception {
        Path card = dir.resolve("A002");
        arriClip(card.resolve(CLIP), FRAMES);
        movie(card.resolve("Proxy").resolve(CLIP + ".mov"), "10:00:00:00", 1.0);
        ManifestStore store = new ManifestStore(dir.resolve("store"));

        Map<String, JobStatus> jobs = ingest(store, card);

        assertEquals(1, jobs.size(), "the proxy is no asset of its own: " + jobs.keySet());
        JobStatus job = jobs.values().iterator().next();
        assertEquals(JobStatus.DONE, job.state(), job.toString());
        Manifest m = store.list(new ProjectId("raw")).get(0);
        assertEquals("proxy/" + CLIP + ".mov", m.rendition("edit").orElseThrow().path());
        assertEquals(2880, m.media().video().width(), "the ARRIRAW header's width (0x14)");
        assertEquals(1620, m.media().video().height(), "the ARRIRAW header's height (0x18)");
        assertEquals(FRAMES, m.media().durationFrames());
        assertEquals("10:00:00:00", m.media().startTimecode().toString(), "the camera proxy's timecode");
    }

    @Test
    void anArriRawCameraProxyOfAnotherDurationIsRefusedByName() throws Exception {
        Path card = dir.resolve("A003");
        arriClip(card.resolve(CLIP), FRAMES);
        movie(card.resolve("Proxy").resolve(CLIP + ".mov"), "10:00:00:00", 0.8);
        ManifestStore store = new ManifestStore(dir.resolve("store"));

        JobStatus job = ingest(store, card).values().iterator().next();

        assertEquals(JobStatus.DONE, job.state(), job.toString());
        assertTrue(
                job.warnings()
                        .contains(CLIP + ".mov was refused: it lasts 20 frames, the original (ARRIRAW sequence) 25"),
                job.warnings());
        assertTrue(store.list(new ProjectId("raw")).get(0).renditions().isEmpty());
    }

    @Test
    void oneAriFileGivenAloneIsNeverFailed() throws Exception {
        Path card = dir.resolve("A004");
        Path frame = arriClip(card.resolve(CLIP), 1).get(0);
        ManifestStore store = new ManifestStore(dir.resolve("store"));

        JobStatus job = ingest(store, frame).values().iterator().next();

        assertEquals(JobStatus.DONE, job.state(), job.toString());
        assertTrue(job.warnings().startsWith("original only: camera raw (ARRIRAW)"), job.warnings());
        assertEquals(
                CardChecks.independent(frame),
                store.list(new ProjectId("raw")).get(0).checksums());
    }

    @Test
    void anMxfWhosePictureCodingGStreamerDoesNotDecodeIsOriginalOnlyNotFailed() throws Exception {
        Path card = dir.resolve("X001");
        Path mxf = unknownCodingMxf(card.resolve("Clip").resolve("A001C001_261207AB.mxf"));
        ManifestStore store = new ManifestStore(dir.resolve("store"));

        Map<String, JobStatus> jobs = ingest(store, card);

        assertEquals(1, jobs.size(), jobs.keySet().toString());
        JobStatus job = jobs.values().iterator().next();
        assertEquals(JobStatus.DONE, job.state(), job.toString());
        assertTrue(job.warnings().startsWith("original only: camera raw (MXF)"), job.warnings());
        assertTrue(
                job.warnings()
                        .contains("picture coding 06.0e.2b.34.04.01.01.0a.0e.7f.01.02.03.04.05.06 is not one"
                                + " GStreamer decodes here"),
                job.warnings());
        Manifest m = store.list(new ProjectId("raw")).get(0);
        assertEquals(CardChecks.independent(mxf), m.checksums());
        assertEquals("mxf", m.media().container());
        assertEquals("10:00:00:00", m.media().startTimecode().toString(), "the MXF header's timecode");
        assertEquals(FRAMES, m.media().durationFrames(), "the MXF header's duration");
        assertTrue(m.renditions().isEmpty(), m.renditions().toString());
        assertTrue(allMhl(m).contains("A001C001_261207AB.mxf</path>"));
    }

    @Test
    void aSonyStyleSubProxyIsTheEditRenditionOfAnUndecodableMxf() throws Exception {
        Path card = dir.resolve("X002");
        unknownCodingMxf(card.resolve("Clip").resolve("A001C002_261207AB.mxf"));
        movie(card.resolve("Sub").resolve("A001C002_261207AB_S03.MP4"), "10:00:00:00", 1.0);
        ManifestStore store = new ManifestStore(dir.resolve("store"));

        Map<String, JobStatus> jobs = ingest(store, card);

        assertEquals(1, jobs.size(), "the Sub/ proxy is no asset of its own: " + jobs.keySet());
        JobStatus job = jobs.values().iterator().next();
        assertEquals(JobStatus.DONE, job.state(), job.toString());
        Manifest m = store.list(new ProjectId("raw")).get(0);
        assertEquals(
                "proxy/A001C002_261207AB_S03.MP4",
                m.rendition("edit").orElseThrow().path());
        assertEquals(1920, m.media().video().width(), "the MXF header's size");
        assertEquals("10:00:00:00", m.media().startTimecode().toString());
    }

    @Test
    void aSubProxyAtAnotherTimecodeIsRefusedByName() throws Exception {
        Path card = dir.resolve("X003");
        unknownCodingMxf(card.resolve("Clip").resolve("A001C003_261207AB.mxf"));
        movie(card.resolve("Sub").resolve("A001C003_261207AB_S03.MP4"), "11:00:00:00", 1.0);
        ManifestStore store = new ManifestStore(dir.resolve("store"));

        JobStatus job = ingest(store, card).values().iterator().next();

        assertEquals(JobStatus.DONE, job.state(), job.toString());
        assertTrue(
                job.warnings()
                        .contains("A001C003_261207AB_S03.MP4 was refused: it starts at 11:00:00:00, the original (MXF"
                                + " header) at 10:00:00:00"),
                job.warnings());
        assertTrue(store.list(new ProjectId("raw")).get(0).renditions().isEmpty());
    }

    /**
     * {@code count} ARRIRAW frames named {@code <clip>.<7 digits>.ari} in {@code folder}: a 4 KiB
     * header with the documented fields, then a little noise. Offsets, little-endian: the signature
     * "ARRI" 12 34 56 78 at 0 (MediaInfo's File_ArriRaw), the image data offset at 0x08, 3 at 0x0c
     * and 0x3c at 0x10 (the values RawSpeed's AriDecoder checks), width at 0x14 and height at 0x18
     * (dcraw and RawSpeed), the camera model text at 0x29c (dcraw, RawSpeed).
     */
    private static List<Path> arriClip(Path folder, int count) throws Exception {
        Files.createDirectories(folder);
        List<Path> frames = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ByteBuffer b = ByteBuffer.allocate(4096 + 4096).order(ByteOrder.LITTLE_ENDIAN);
            b.put(0, new byte[] {'A', 'R', 'R', 'I', 0x12, 0x34, 0x56, 0x78});
            b.putInt(0x08, 4096).putInt(0x0c, 3).putInt(0x10, 0x3c);
            b.putInt(0x14, 2880).putInt(0x18, 1620);
            b.put(0x29c, "ALEXA 35".getBytes(StandardCharsets.ISO_8859_1));
            byte[] noise = new byte[4096];
            new Random(i).nextBytes(noise);
            b.put(4096, noise);
            Path f = folder.resolve(CLIP + "." + String.format("%07d", i) + ".ari");
            Files.write(f, b.array());
            frames.add(f);
        }
        return frames;
    }

    /**
     * One second of ffmpeg's 25 fps DNxHD in OP1a MXF at 10:00:00:00, its picture descriptor's
     * coding UL (local tag 0x3201, length 16) made a private one nothing decodes.
     */
    private static Path unknownCodingMxf(Path file) throws Exception {
        assumeTrue(CardChecks.onPath("ffmpeg"), "ffmpeg is not installed (./gateway test installs it)");
        Files.createDirectories(file.getParent());
        run(
                "ffmpeg",
                "-v",
                "error",
                "-nostdin",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "testsrc=size=1920x1080:rate=25",
                "-t",
                "1",
                "-c:v",
                "dnxhd",
                "-b:v",
                "36M",
                "-pix_fmt",
                "yuv422p",
                "-timecode",
                "10:00:00:00",
                "-f",
                "mxf",
                file.toString());
        byte[] b = Files.readAllBytes(file);
        byte[] tag = {0x32, 0x01, 0x00, 0x10};
        int at = indexOf(b, tag);
        assertTrue(at > 0, "ffmpeg's picture descriptor has a coding UL");
        assertEquals(0x71, b[at + 4 + 12] & 0xff, "and it is DNxHD's (04.01.02.02.71)");
        System.arraycopy(PRIVATE_CODING_TAIL, 0, b, at + 4 + 8, 8);
        Files.write(file, b);
        return file;
    }

    /** {@code seconds} of 25 fps H.264 (MP4) or ProRes Proxy (anything else) with a timecode track, by ffmpeg. */
    private static void movie(Path file, String timecode, double seconds) throws Exception {
        assumeTrue(CardChecks.onPath("ffmpeg"), "ffmpeg is not installed (./gateway test installs it)");
        Files.createDirectories(file.getParent());
        boolean mp4 = file.getFileName().toString().toLowerCase().endsWith(".mp4");
        List<String> cmd = new ArrayList<>(List.of(
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
                Double.toString(seconds)));
        cmd.addAll(
                mp4
                        ? List.of("-c:v", "libx264", "-pix_fmt", "yuv420p", "-f", "mp4")
                        : List.of("-c:v", "prores_ks", "-profile:v", "0", "-f", "mov"));
        cmd.addAll(List.of("-timecode", timecode, file.toString()));
        run(cmd.toArray(String[]::new));
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, cmd[0] + ": " + log);
    }

    private static int indexOf(byte[] b, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= b.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (b[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Every MHL generation of the card the asset came from, one text. */
    private static String allMhl(Manifest m) throws Exception {
        Path folder = Path.of(m.metadata().get(OriginalSource.META_MHL)).getParent();
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                all.append(Files.readString(f));
            }
        }
        return all.toString();
    }

    private static Map<String, JobStatus> ingest(ManifestStore store, Path card) throws Exception {
        return ingest(store, card, false);
    }

    private static Map<String, JobStatus> ingest(ManifestStore store, Path card, boolean copy) throws Exception {
        Map<String, JobStatus> last = new ConcurrentHashMap<>();
        try (IngestCoordinator c =
                new IngestCoordinator(IngestConfig.defaults(), store, WorkerProcess.mediaTasks(), m -> {})) {
            List<JobStatus> jobs = c.submit(List.of(card), new ProjectId("raw"), copy);
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
}
