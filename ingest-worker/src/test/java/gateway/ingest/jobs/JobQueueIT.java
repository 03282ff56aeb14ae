package gateway.ingest.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.ingest.IngestCoordinator;
import gateway.ingest.JobStatus;
import gateway.ingest.cluster.ClusterMember;
import gateway.ingest.fixtures.JobFixture;
import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.ProjectId;
import gateway.model.asset.Rendition;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import gateway.proxy.checksum.FileChecksums;
import gateway.proxy.progress.ProgressListener;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job queue on two real Hazelcast members on loopback (a node with one local claimer and a
 * bare peer, so entries and their entry processors also live on the other member), with real
 * child JVMs decoding GStreamer-generated originals.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobQueueIT {
    private static final ProjectId PROJECT = new ProjectId("jobs");

    @TempDir
    static Path dir;

    static ClusterMember node;
    static ClusterMember peer;
    static ManifestStore store;
    static IngestCoordinator coordinator;
    static ClusterJobBoard board;
    static final Map<String, AtomicInteger> commits = new ConcurrentHashMap<>();
    static Path original;
    static String assetId;

    @BeforeAll
    static void start() throws Exception {
        Path storeDir = dir.resolve("store");
        Files.createDirectories(storeDir);
        JobFixture.Setup config = JobFixture.config(storeDir, 1);
        node = ClusterMember.start(config.cluster(), "jobs-node");
        peer = ClusterMember.start(config.cluster(), "jobs-peer");
        store = new ManifestStore(storeDir);
        board = new ClusterJobBoard(peer.hazelcast());
        coordinator = IngestCoordinator.clustered(config.ingest(), store, node, m -> commits.computeIfAbsent(
                        m.assetId().value(), k -> new AtomicInteger())
                .incrementAndGet());
        original = JobFixture.original(dir.resolve("originals"), "A001C003", 50);
    }

    @AfterAll
    static void stop() {
        if (coordinator != null) {
            coordinator.close();
        }
        if (peer != null) {
            peer.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    @Order(1)
    void aJobRunsOnceAndCommitsOnce() throws Exception {
        assertEquals(2, node.memberCount());
        List<JobStatus> jobs = coordinator.submit(List.of(original), PROJECT);
        assertEquals(1, jobs.size());
        JobStatus queued = jobs.get(0);
        assetId = queued.assetId();
        Path assetDir = store.assetDir(PROJECT, new AssetId(assetId));
        assertTrue(Files.exists(assetDir.resolve(JobIntent.FILE)), "the job is durable before it runs");

        List<JobStatus> seen = new CopyOnWriteArrayList<>();
        JobStatus end =
                JobFixture.finished(coordinator, queued.jobId(), seen::add).get(120, TimeUnit.SECONDS);

        assertEquals(JobStatus.DONE, end.state(), end.toString());
        assertTrue(seen.stream().anyMatch(s -> s.state().equals(JobStatus.RUNNING)), "progress flowed back: " + seen);
        Job job = board.get(queued.jobId()).orElseThrow();
        assertEquals(1, job.attempts(), "ran once");
        assertEquals(1, job.committedVersion());
        Manifest m = store.read(PROJECT, new AssetId(assetId)).orElseThrow();
        assertEquals(1, m.version(), "committed once");
        assertTrue(m.rendition(JobSpec.EDIT).isPresent());
        assertTrue(Files.isRegularFile(
                assetDir.resolve(m.rendition(JobSpec.EDIT).get().path())));
        assertEquals(List.of("A001C003.mov"), JobFixture.proxies(assetDir));
        assertEquals(1, commits.get(assetId).get(), "the coordinator indexed the asset once");
        assertEquals(List.of(), JobFixture.leftovers(store.root()));
        assertTrue(Files.notExists(assetDir.resolve(JobIntent.FILE)), "a committed job leaves no intent");
    }

    @Test
    @Order(2)
    void theSameFileSubmittedAgainIsAlreadyDone() {
        JobStatus again = coordinator.submit(List.of(original), PROJECT).get(0);
        assertEquals(JobStatus.DONE, again.state());
        assertEquals(assetId, again.assetId());
        assertEquals(1, store.read(PROJECT, new AssetId(assetId)).orElseThrow().version());
    }

    @Test
    @Order(3)
    void corruptTruncatedAndEmptyFilesFailTwiceAndAreQuarantinedLeavingNothing() throws Exception {
        Path originals = dir.resolve("originals");
        // Random bytes named like a camera's MXF.
        Path junk = originals.resolve("junk.mxf");
        byte[] bytes = new byte[64 * 1024];
        new java.util.Random(7).nextBytes(bytes);
        Files.write(junk, bytes);
        // A real ProRes original cut off half-way, as a card pulled during a copy leaves it.
        Path whole = JobFixture.original(originals.resolve("whole"), "A009C001", 25);
        Path cut = originals.resolve("A009C001_cut.mov");
        byte[] all = Files.readAllBytes(whole);
        Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
        // A zero-length file.
        Path empty = Files.createFile(originals.resolve("empty.mov"));

        for (Path bad : List.of(junk, cut, empty)) {
            JobStatus queued = coordinator.submit(List.of(bad), PROJECT).get(0);
            JobStatus end =
                    JobFixture.finished(coordinator, queued.jobId(), s -> {}).get(120, TimeUnit.SECONDS);

            String name = bad.getFileName().toString();
            assertEquals(JobStatus.QUARANTINED, end.state(), name + ": " + end);
            assertTrue(
                    end.errorReason().equals("CORRUPT") || end.errorReason().equals("UNSUPPORTED"), name + ": " + end);
            assertTrue(end.errorMessage().contains(name), end.errorMessage());
            Job job = board.get(queued.jobId()).orElseThrow();
            assertEquals(Job.MAX_FAILURES, job.failures(), name);
            assertEquals(Job.MAX_FAILURES, job.attempts(), name + ": never looped");
            Path assetDir = store.assetDir(PROJECT, new AssetId(queued.assetId()));
            assertTrue(store.read(PROJECT, new AssetId(queued.assetId())).isEmpty(), name + ": nothing committed");
            assertTrue(JobIntent.read(assetDir).orElseThrow().quarantined(), name + ": a restart will not retry it");
            assertEquals(List.of(), JobFixture.leftovers(store.root()), name);
            assertEquals(List.of(), JobFixture.proxies(assetDir), name);
        }
        assertEquals(0, coordinator.reconcile(), "the reconciler leaves quarantined jobs alone");
    }

    @Test
    @Order(4)
    void theReconcilerRequeuesAnAssetWhoseManifestLacksItsEditProxy() throws Exception {
        AssetId asset = new AssetId(assetId);
        Path assetDir = store.assetDir(PROJECT, asset);
        Manifest before = store.read(PROJECT, asset).orElseThrow();
        Manifest stripped = store.commit(JobFixture.withoutEdit(before));
        Files.delete(assetDir.resolve(before.rendition(JobSpec.EDIT).get().path()));
        assertEquals(2, stripped.version());

        assertEquals(1, coordinator.reconcile());
        assertEquals(0, coordinator.reconcile(), "queued once however often it runs");
        String jobId = new JobSpec(PROJECT.value(), assetId, before.originalPath(), JobSpec.EDIT, 2, 0).jobId();
        JobStatus end = JobFixture.finished(coordinator, jobId, s -> {}).get(120, TimeUnit.SECONDS);

        assertEquals(JobStatus.DONE, end.state(), end.toString());
        Manifest after = store.read(PROJECT, asset).orElseThrow();
        assertEquals(3, after.version());
        assertTrue(after.rendition(JobSpec.EDIT).isPresent());
        assertTrue(Files.isRegularFile(
                assetDir.resolve(after.rendition(JobSpec.EDIT).get().path())));
        assertEquals(List.of(), Reconciler.missingProfiles(after, assetDir), "the whole ladder is there again");
        assertEquals(before.checksums(), after.checksums(), "the same original");
        assertEquals(before.ingestedAt(), after.ingestedAt());
        assertEquals(List.of(), JobFixture.leftovers(store.root()));
    }

    @Test
    @Order(5)
    void aBroadcastWavGetsAnEditRenditionThatIsTheSameSound() throws Exception {
        FrameRate rate = FrameRate.FPS_25;
        Path wav = new SampleOriginals()
                .generate(
                        new SampleSpec(
                                SampleSpec.Container.WAV,
                                SampleSpec.Codec.NONE,
                                0,
                                0,
                                rate,
                                50,
                                Timecode.parse("14:00:00:00", rate),
                                "SR001",
                                4,
                                24,
                                false),
                        dir.resolve("originals").resolve("SR001.WAV"),
                        ProgressListener.NONE);

        JobStatus queued = coordinator.submit(List.of(wav), PROJECT).get(0);
        JobStatus end =
                JobFixture.finished(coordinator, queued.jobId(), s -> {}).get(120, TimeUnit.SECONDS);

        assertEquals(JobStatus.DONE, end.state(), end.toString());
        AssetId asset = new AssetId(queued.assetId());
        Path assetDir = store.assetDir(PROJECT, asset);
        Manifest m = store.read(PROJECT, asset).orElseThrow();
        assertEquals(
                List.of("edit proxy/SR001.wav audio/wav", "waveform waveform.json application/json"),
                m.renditions().stream()
                        .map(r -> r.profile() + " " + r.path() + " " + r.mimeType())
                        .toList());
        Rendition edit = m.rendition(JobSpec.EDIT).orElseThrow();
        Path file = assetDir.resolve(edit.path());
        assertEquals(-1L, Files.mismatch(wav, file), "every chunk and sample of the original");
        assertEquals(Files.size(file), edit.sizeBytes());
        assertEquals(FileChecksums.compute(file), edit.checksums());
        assertEquals(4, m.media().audioChannels());
        assertEquals("14:00:00:00", m.media().startTimecode().toString());
        assertEquals(List.of(), Reconciler.missingProfiles(m, assetDir), "nothing for the reconciler to add");
        assertEquals(List.of(), JobFixture.leftovers(store.root()));
    }
}
