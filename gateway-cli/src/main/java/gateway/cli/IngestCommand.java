package gateway.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.client.GatewayClient;
import gateway.client.IngestJob;
import gateway.client.JobState;
import gateway.client.JobUpdate;
import gateway.ingest.IngestCoordinator;
import gateway.ingest.JobStatus;
import gateway.ingest.process.WorkerProcess;
import gateway.model.asset.Manifest;
import gateway.model.asset.ProjectId;
import gateway.model.asset.Rendition;
import gateway.model.error.GatewayException;
import gateway.proxy.probe.MediaProbe;
import gateway.server.config.GatewayConfig;
import gateway.server.config.StoreConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ingest PATH... --project P [--wait] [--json]}. */
@Command(
        name = "ingest",
        description = {
            "Probes, checksums and makes the edit proxy of media files.",
            "",
            "Ingests media files and folders (walked for media files): probe, checksums",
            "(xxHash64 + MD5) and an H.264 edit proxy per file, each in a worker process; the",
            "manifest is committed last and the asset indexed. Against a server, --wait follows",
            "the jobs to the end (in-process ingest always waits) with a bar per file: percent,",
            "frames per second and time left (redrawn in place on a terminal, a line every 10 %%",
            "otherwise; on standard error with --json). --json prints one object per",
            "file: {\"path\", \"asset_id\", \"status\", \"error\", \"warnings\", \"checksums\", \"renditions\"}.",
            "With --copy (card offload) each card or folder is first copied into the media store",
            "(<store>/originals/<project>/<folder>/), hashed while copying and verified by",
            "re-reading the copy; the copies are ingested. Every ingest records an ASC MHL",
            "generation in <store>/originals/<project>/<folder>/ascmhl/.",
            "Exits non-zero when any file failed."
        })
final class IngestCommand extends CliCommand {
    /** The outcome of one file, whichever way it was ingested. */
    record Outcome(
            String path,
            String assetId,
            boolean done,
            String errorReason,
            String errorMessage,
            List<String> warnings,
            Manifest manifest) {}

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "media files and folders")
    List<Path> paths;

    @Option(names = "--project", paramLabel = "P", required = true, description = "the project to ingest into")
    String projectName;

    @Option(names = "--copy", description = "card offload: copy (verified) into the media store first")
    boolean copy;

    @Option(names = "--wait", description = "against a server: follow the jobs to the end")
    boolean waitForJobs;

    @Option(names = "--json", description = "one JSON object per file on standard output")
    boolean json;

    @Option(names = "--store", paramLabel = "DIR", description = "the local store (default: ./data)")
    Path store = Path.of(StoreConfig.DEFAULT_DIR);

    @picocli.CommandLine.Mixin
    NodeDirOption nodeDir = new NodeDirOption();

    @Mixin
    Remote remote;

    @Override
    int run() throws Exception {
        ProjectId project = new ProjectId(projectName);
        PrintStream progress = json ? err : out;
        List<Outcome> outcomes;
        if (remote.present()) {
            outcomes = remote(project, progress);
            if (outcomes == null) {
                return 0;
            }
        } else {
            outcomes = local(project, progress);
        }
        if (json) {
            ArrayNode arr = JsonNodeFactory.instance.arrayNode();
            outcomes.forEach(o -> arr.add(toJson(o)));
            out.println(PrettyJson.of(arr));
        }
        long failed = outcomes.stream().filter(o -> !o.done()).count();
        if (failed > 0) {
            err.println("gateway: error: " + failed + " of " + outcomes.size() + " file(s) failed to ingest");
            return 1;
        }
        return 0;
    }

    private List<Outcome> local(ProjectId project, PrintStream progress) throws InterruptedException {
        GatewayConfig config = GatewayConfig.defaults().withStore(store, nodeDir.dir());
        try (LocalStore local = LocalStore.open(store, nodeDir.dir(), false);
                IngestCoordinator coordinator =
                        new IngestCoordinator(config.ingest(), local.manifests, WorkerProcess.mediaTasks(), m -> {
                            local.index.upsert(m);
                            local.index.commit();
                        })) {
            List<JobStatus> jobs = coordinator.submit(paths, project, copy);
            CountDownLatch done = new CountDownLatch(jobs.size());
            Map<String, JobStatus> last = new ConcurrentHashMap<>();
            ProgressBoard board = new ProgressBoard(progress, ProgressBoard.onTerminal(), System::nanoTime);
            jobs.forEach(j -> board.frames(j.path(), framesOf(Path.of(j.path()))));
            for (JobStatus j : jobs) {
                coordinator.watch(j.jobId(), s -> {
                    board.show(s.path(), s.percent(), s.state());
                    if (s.isFinished()) {
                        last.put(s.jobId(), s);
                        done.countDown();
                    }
                });
            }
            done.await();
            List<Outcome> outcomes = new ArrayList<>();
            for (JobStatus j : jobs) {
                JobStatus s = last.get(j.jobId());
                Manifest m = s.assetId().isEmpty()
                        ? null
                        : local.manifests
                                .read(project, new gateway.model.asset.AssetId(s.assetId()))
                                .orElse(null);
                outcomes.add(new Outcome(
                        s.path(),
                        s.assetId(),
                        s.state().equals(JobStatus.DONE),
                        s.errorReason(),
                        s.errorMessage(),
                        warnings(
                                s.warnings().isEmpty()
                                        ? List.of()
                                        : List.of(s.warnings().split("\n")),
                                m),
                        m));
            }
            board.summary(outcomes);
            outcomes = withAbsoluteRenditions(outcomes, m -> local.manifests.assetDir(m.project(), m.assetId()));
            return outcomes;
        }
    }

    private List<Outcome> remote(ProjectId project, PrintStream progress) {
        try (GatewayClient client = remote.connect("ingest", store)) {
            List<IngestJob> jobs = client.ingest(
                    paths.stream().map(p -> p.toAbsolutePath().toString()).toList(), project.value(), copy);
            if (!waitForJobs) {
                jobs.forEach(j -> progress.println("queued " + j.path() + " as job " + j.jobId()));
                return null;
            }
            ProgressBoard board = new ProgressBoard(progress, ProgressBoard.onTerminal(), System::nanoTime);
            // The server's storage is usually this machine's too: count the frames here when it is.
            jobs.forEach(j -> board.frames(j.path(), framesOf(Path.of(j.path()))));
            Map<String, JobUpdate> last =
                    client.watchJobs(jobs.stream().map(IngestJob::jobId).toList(), u -> {
                        if (u.framesTotal() > 0) {
                            board.frames(u.path(), u.framesTotal());
                        }
                        board.show(u.path(), (int) u.percent(), u.state().name());
                    });
            List<Outcome> outcomes = new ArrayList<>();
            for (IngestJob j : jobs) {
                JobUpdate u = last.get(j.jobId());
                boolean ok = u != null && u.state() == JobState.DONE;
                Manifest m = ok && u.assetId() != null ? client.getAsset(u.assetId()) : null;
                outcomes.add(new Outcome(
                        j.path(),
                        u == null ? "" : nz(u.assetId()),
                        ok,
                        u == null || u.errorReason() == null
                                ? (ok ? "" : "UNAVAILABLE")
                                : u.errorReason().name(),
                        u == null ? "the job's progress stream ended early" : nz(u.errorMessage()),
                        warnings(u == null ? List.of() : u.warnings(), m),
                        m));
            }
            board.summary(outcomes);
            return outcomes;
        }
    }

    /**
     * The job's warnings and then those its asset carries now: an original ingested after this one
     * may have found a conflict with it (the same clip name, or reel and timecode) since its job ended.
     */
    private static List<String> warnings(List<String> job, Manifest m) {
        List<String> all = new ArrayList<>(job);
        if (m != null) {
            m.media().warnings().stream().filter(w -> !all.contains(w)).forEach(all::add);
        }
        return all;
    }

    private static List<Outcome> withAbsoluteRenditions(List<Outcome> outcomes, Function<Manifest, Path> assetDir) {
        List<Outcome> result = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (o.manifest() == null) {
                result.add(o);
                continue;
            }
            Manifest m = o.manifest();
            List<Rendition> abs = m.renditions().stream()
                    .map(r -> new Rendition(
                            r.profile(),
                            assetDir.apply(m).resolve(r.path()).toString(),
                            r.mimeType(),
                            r.sizeBytes(),
                            r.checksums()))
                    .toList();
            Manifest withAbs = m.withRenditions(abs);
            result.add(new Outcome(
                    o.path(), o.assetId(), o.done(), o.errorReason(), o.errorMessage(), o.warnings(), withAbs));
        }
        return result;
    }

    /**
     * The frame count of {@code file} as the probe reads it, for the progress bar's speed; 0 when
     * it cannot be read here (the worker's probe is the one that counts).
     */
    private static long framesOf(Path file) {
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        try {
            return new MediaProbe().probe(file).durationFrames();
        } catch (GatewayException e) {
            return 0;
        }
    }

    static ObjectNode toJson(Outcome o) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("path", o.path());
        n.put("asset_id", o.assetId().isEmpty() ? null : o.assetId());
        n.put("status", o.done() ? "done" : "failed");
        if (o.done()) {
            n.putNull("error");
        } else {
            n.putObject("error").put("reason", o.errorReason()).put("message", o.errorMessage());
        }
        ArrayNode w = n.putArray("warnings");
        o.warnings().forEach(w::add);
        if (o.manifest() != null && o.manifest().checksums() != null) {
            n.putObject("checksums")
                    .put("xxh64", o.manifest().checksums().xxh64())
                    .put("md5", o.manifest().checksums().md5());
        } else {
            n.putNull("checksums");
        }
        ArrayNode r = n.putArray("renditions");
        if (o.manifest() != null) {
            o.manifest()
                    .renditions()
                    .forEach(x -> r.addObject().put("profile", x.profile()).put("path", x.path()));
        }
        return n;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
