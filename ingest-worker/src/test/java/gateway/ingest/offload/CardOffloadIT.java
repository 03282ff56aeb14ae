package gateway.ingest.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.ingest.IngestCoordinator;
import gateway.ingest.JobStatus;
import gateway.ingest.config.IngestConfig;
import gateway.ingest.process.WorkerProcess;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.ProjectId;
import gateway.proxy.progress.ProgressListener;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Copy mode end to end: the request answers before any copy; each job copies its file, verifies
 * it, lists it in an ASC MHL generation and ingests the copy, reporting the COPYING, HASHING and
 * PROXYING phases in order.
 */
class CardOffloadIT {
    @TempDir
    Path dir;

    /** Computed here, not with a shared test helper: failsafe runs against the packaged jar. */
    private static gateway.model.asset.Checksums independent(Path f) throws Exception {
        byte[] bytes = Files.readAllBytes(f);
        String md5 = java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("MD5").digest(bytes));
        return new gateway.model.asset.Checksums(
                gateway.model.checksum.XxHash64.hex(gateway.model.checksum.XxHash64.hash(bytes, 0, bytes.length, 0)),
                md5);
    }

    @Test
    void aCardIsCopiedVerifiedAndTheCopiesIngestedWithTheSourceInMetadata() throws Exception {
        Path card = dir.resolve("A001");
        Files.createDirectories(card.resolve("CLIPS"));
        List<Path> sources = List.of(card.resolve("CLIPS/A001C001.mov"), card.resolve("CLIPS/A001C002.mov"));
        for (Path s : sources) {
            new SampleOriginals()
                    .generate(
                            SampleSpec.proresHq1080p25().withDurationFrames(25).withSize(320, 180),
                            s,
                            ProgressListener.NONE);
        }
        Path storeDir = dir.resolve("store");
        ManifestStore store = new ManifestStore(storeDir);
        ProjectId project = new ProjectId("offload");
        Map<String, JobStatus> last = new ConcurrentHashMap<>();
        try (IngestCoordinator c =
                new IngestCoordinator(IngestConfig.defaults(), store, WorkerProcess.mediaTasks(), m -> {})) {
            List<JobStatus> jobs = c.submit(List.of(card), project, true);
            assertEquals(2, jobs.size());
            assertTrue(
                    jobs.stream().allMatch(j -> j.state().equals(JobStatus.QUEUED)),
                    "answered before the copies: " + jobs);
            CountDownLatch done = new CountDownLatch(jobs.size());
            Map<String, List<String>> phases = new ConcurrentHashMap<>();
            for (JobStatus j : jobs) {
                c.watch(j.jobId(), s -> {
                    if (!s.phase().isEmpty()) {
                        List<String> seen = phases.computeIfAbsent(
                                s.jobId(), k -> new java.util.concurrent.CopyOnWriteArrayList<>());
                        if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(s.phase())) {
                            seen.add(s.phase());
                        }
                    }
                    if (s.isFinished() && last.putIfAbsent(s.jobId(), s) == null) {
                        done.countDown();
                    }
                });
            }
            assertTrue(done.await(180, TimeUnit.SECONDS), "jobs finish");
            for (JobStatus j : jobs) {
                List<String> seen = phases.getOrDefault(j.jobId(), List.of());
                // Progress is sampled: a short phase may be missed, but never out of order.
                List<String> order = List.of(JobStatus.COPYING, JobStatus.HASHING, JobStatus.PROXYING);
                assertTrue(seen.contains(JobStatus.PROXYING), seen.toString());
                for (int i = 1; i < seen.size(); i++) {
                    assertTrue(order.indexOf(seen.get(i - 1)) < order.indexOf(seen.get(i)), seen.toString());
                }
            }
        }
        Path dest = storeDir.resolve("originals/offload/A001");
        List<Manifest> manifests = store.list(project);
        assertEquals(2, manifests.size(), last.toString());
        for (Manifest m : manifests) {
            Path source = Path.of(m.metadata().get(OriginalSource.META_SOURCE_PATH));
            assertTrue(sources.contains(source), source.toString());
            Path copy = dest.resolve(card.relativize(source));
            assertEquals(copy.toString(), m.originalPath());
            assertEquals("copy", m.metadata().get(OriginalSource.META_MODE));
            assertEquals(independent(source), m.checksums());
            assertTrue(Files.isRegularFile(Path.of(m.metadata().get(OriginalSource.META_MHL))));
        }
        assertTrue(new OriginalsVerifier().mismatches(manifests).isEmpty());
        // Each job copies and hashes its file in its own run: one generation per file.
        List<Path> mhls = new AscMhl(dest, "A001").generations();
        assertEquals(2, mhls.size());
        String xml = Files.readString(mhls.get(0)) + Files.readString(mhls.get(1));
        assertTrue(xml.contains(">CLIPS/A001C001.mov</path>") && xml.contains(">CLIPS/A001C002.mov</path>"), xml);
        for (Manifest m : manifests) {
            String generation = Files.readString(Path.of(m.metadata().get(OriginalSource.META_MHL)));
            assertTrue(
                    generation.contains(">CLIPS/" + Path.of(m.originalPath()).getFileName() + "</path>"), generation);
        }
    }
}
