package gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.cli.GatewayCli;
import gateway.ingest.IngestCoordinator;
import gateway.ingest.JobStatus;
import gateway.ingest.cluster.ClusterMember;
import gateway.ingest.fixtures.JobFixture;
import gateway.ingest.jobs.ClusterJobBoard;
import gateway.ingest.jobs.Job;
import gateway.ingest.jobs.JobSpec;
import gateway.ingest.process.WorkerProcess;
import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.ProjectId;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The KILL test: two {@code gateway worker} JVMs join a node's cluster; the one that claimed the
 * job is killed with SIGKILL in the middle of it. After its lease lapses the other worker runs the
 * job again and commits it once, while the node keeps answering.
 */
class WorkerKillIT {
    private static final ProjectId PROJECT = new ProjectId("kill");

    @TempDir
    Path dir;

    private final List<Process> workers = new ArrayList<>();
    private ClusterMember node;
    private IngestCoordinator coordinator;

    @AfterEach
    void stop() {
        workers.forEach(Process::destroyForcibly);
        if (coordinator != null) {
            coordinator.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aWorkerKilledMidJobIsReplacedAndTheJobCommitsOnce() throws Exception {
        Path storeDir = dir.resolve("store");
        Files.createDirectories(storeDir);
        JobFixture.Setup config = JobFixture.config(storeDir, 0);
        node = ClusterMember.start(config.cluster(), "kill-node");
        ManifestStore store = new ManifestStore(storeDir);
        AtomicInteger commits = new AtomicInteger();
        coordinator = IngestCoordinator.clustered(config.ingest(), store, node, m -> commits.incrementAndGet());
        ClusterJobBoard board = new ClusterJobBoard(node.hazelcast());
        Path yaml = dir.resolve("worker.yaml");
        Files.writeString(
                yaml,
                JobFixture.yamlText(
                        storeDir, config.cluster().name(), config.cluster().port(), 1));
        CompletableFuture<String> aJoined = startWorker(yaml);
        CompletableFuture<String> bJoined = startWorker(yaml);
        Process a = workers.get(0);
        Process b = workers.get(1);
        Path original = JobFixture.original(dir.resolve("originals"), "B001C001", 500);
        aJoined.get(120, TimeUnit.SECONDS);
        bJoined.get(120, TimeUnit.SECONDS);
        assertEquals(3, node.memberCount(), "both workers joined the node's cluster");

        String jobId = coordinator.submit(List.of(original), PROJECT).get(0).jobId();
        CompletableFuture<JobStatus> midway = new CompletableFuture<>();
        CompletableFuture<JobStatus> done = JobFixture.finished(coordinator, jobId, s -> {
            if (s.state().equals(JobStatus.RUNNING) && s.percent() >= 10) {
                midway.complete(s);
            }
        });
        midway.get(120, TimeUnit.SECONDS);
        Job first = board.get(jobId).orElseThrow();
        assertEquals(Job.RUNNING, first.state());
        Process victim = first.workerId().contains("-" + a.pid() + "@") ? a : b;
        Process survivor = victim == a ? b : a;
        assertTrue(first.workerId().contains("-" + victim.pid() + "@"), first.workerId());

        victim.destroyForcibly();
        assertTrue(victim.waitFor(30, TimeUnit.SECONDS));

        // The node answers throughout: its job map and its member stay up while the lease lapses.
        JobStatus end = null;
        while (end == null) {
            assertTrue(node.isRunning());
            assertTrue(coordinator.status(jobId).isPresent());
            try {
                end = done.get(250, TimeUnit.MILLISECONDS);
            } catch (TimeoutException notYet) {
                assertTrue(survivor.isAlive(), "the surviving worker must not die");
            }
        }

        assertEquals(JobStatus.DONE, end.state(), end.toString());
        Job last = board.get(jobId).orElseThrow();
        assertEquals(2, last.attempts(), "run again once");
        assertEquals(1, last.lapses(), "the killed worker's lease lapsed");
        assertEquals(0, last.failures(), "a lost worker is not a failure of the input");
        assertTrue(last.workerId().contains("-" + survivor.pid() + "@"), last.workerId());

        AssetId asset = new AssetId(end.assetId());
        Manifest m = store.read(PROJECT, asset).orElseThrow();
        assertEquals(1, m.version(), "exactly one committed manifest version");
        Path assetDir = store.assetDir(PROJECT, asset);
        assertEquals(List.of("B001C001.mov"), JobFixture.proxies(assetDir), "one set of outputs");
        assertEquals(
                m.rendition(JobSpec.EDIT).orElseThrow().sizeBytes(),
                Files.size(assetDir.resolve(m.rendition(JobSpec.EDIT).get().path())));
        assertEquals(List.of(), JobFixture.leftovers(storeDir));
        assertEquals(1, commits.get(), "indexed once");

        // The killed worker's child JVM noticed its parent was gone and stopped.
        String orphanMarker = JobSpec.STAGING_PREFIX + first.leaseToken();
        for (ProcessHandle h : ProcessHandle.allProcesses()
                .filter(h -> h.info()
                        .arguments()
                        .map(args -> String.join(" ", args).contains(orphanMarker))
                        .orElse(false))
                .toList()) {
            h.onExit().get(30, TimeUnit.SECONDS);
        }
        assertNotEquals(victim.pid(), survivor.pid());
    }

    /** Starts {@code ./gateway worker --config yaml} as a JVM; completes once it joined the cluster. */
    private CompletableFuture<String> startWorker(Path yaml) throws Exception {
        List<String> cmd = new ArrayList<>(WorkerProcess.javaCommand(GatewayCli.class.getName()));
        // Port 0: several workers run on this machine at once, each with its own /metrics.
        cmd.addAll(List.of("worker", "--config", yaml.toString(), "--metrics-port", "0"));
        Process p = new ProcessBuilder(cmd)
                .redirectError(dir.resolve("worker-" + workers.size() + ".err").toFile())
                .start();
        workers.add(p);
        CompletableFuture<String> joined = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.contains("joined cluster")) {
                        joined.complete(line);
                    }
                }
                joined.completeExceptionally(new AssertionError("worker ended before joining"));
            } catch (java.io.IOException e) {
                joined.completeExceptionally(e);
            }
        });
        return joined;
    }
}
