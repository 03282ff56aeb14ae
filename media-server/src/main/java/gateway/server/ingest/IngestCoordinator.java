package gateway.server.ingest;

import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestJson;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.server.config.GatewayConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Takes ingest requests, runs each file as a job in a worker process (probe, checksums, edit
 * proxy), then commits the asset's manifest (last) and indexes it. Job states live in a map the
 * caller supplies (the cluster's job map on a node, a local map in the CLI).
 */
public final class IngestCoordinator implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(IngestCoordinator.class.getName());
    private static final Set<String> MEDIA_EXTENSIONS =
            Set.of("mov", "mp4", "m4v", "mxf", "wav", "bwf", "aif", "aiff", "mkv", "avi", "mts", "m2ts", "r3d", "braw");
    static final String META_SIZE = "original_size_bytes";
    static final String META_MTIME = "original_modified_ms";

    /** What happens to an asset once its manifest is committed (the index upsert, the change feed). */
    public interface CommitListener {
        void committed(Manifest manifest);
    }

    private final GatewayConfig config;
    private final ManifestStore store;
    private final WorkerProcess worker;
    private final ConcurrentMap<String, JobStatus> jobs;
    private final CommitListener onCommit;
    private final ExecutorService executor;
    private final Map<String, List<Consumer<JobStatus>>> watchers = new ConcurrentHashMap<>();

    public IngestCoordinator(
            GatewayConfig config,
            ManifestStore store,
            WorkerProcess worker,
            ConcurrentMap<String, JobStatus> jobs,
            CommitListener onCommit) {
        this.config = config;
        this.store = store;
        this.worker = worker;
        this.jobs = jobs;
        this.onCommit = onCommit;
        this.executor = Executors.newFixedThreadPool(Math.max(1, config.localWorkers()), r -> {
            Thread t = new Thread(r, "ingest-worker");
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues every media file under {@code paths} (folders are walked); returns one job per file. */
    public List<JobStatus> submit(List<Path> paths, ProjectId project) {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            files.addAll(expand(p));
        }
        if (files.isEmpty()) {
            throw GatewayException.invalid("no media files found in " + paths);
        }
        List<JobStatus> queued = new ArrayList<>();
        for (Path f : files) {
            JobStatus job = new JobStatus(
                    UUID.randomUUID().toString(),
                    project.value(),
                    f.toString(),
                    JobStatus.QUEUED,
                    0,
                    "",
                    "",
                    "",
                    "",
                    System.currentTimeMillis());
            jobs.put(job.jobId(), job);
            queued.add(job);
            executor.execute(() -> run(job, f, project));
        }
        return queued;
    }

    public Optional<JobStatus> status(String jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }

    /** Calls {@code listener} with the job's current state now and on every change until it finishes. */
    public void watch(String jobId, Consumer<JobStatus> listener) {
        watchers.computeIfAbsent(jobId, k -> new CopyOnWriteArrayList<>()).add(listener);
        JobStatus now = jobs.get(jobId);
        if (now == null) {
            throw GatewayException.notFound("no job " + jobId);
        }
        listener.accept(now);
    }

    public void unwatch(String jobId, Consumer<JobStatus> listener) {
        List<Consumer<JobStatus>> l = watchers.get(jobId);
        if (l != null) {
            l.remove(listener);
        }
    }

    private void run(JobStatus job, Path file, ProjectId project) {
        JobStatus current = update(job.with(JobStatus.RUNNING, 0));
        try {
            Optional<Manifest> existing = alreadyIngested(project, file);
            if (existing.isPresent()) {
                update(current.done(
                        existing.get().assetId().value(),
                        "already ingested; manifest version " + existing.get().version()));
                return;
            }
            AssetId assetId = AssetId.random();
            Path assetDir = store.assetDir(project, assetId);
            List<String> args = List.of(
                    "ingest",
                    project.value(),
                    assetId.value(),
                    file.toAbsolutePath().toString(),
                    assetDir.toString(),
                    config.probeDefaultTimecodeRate().toString());
            JobStatus running = current;
            String json = worker.run(args, timeoutFor(file), pct -> update(running.with(JobStatus.RUNNING, pct)));
            Manifest fromWorker = ManifestJson.fromJson(json, "worker result for " + file);
            Map<String, String> meta = new HashMap<>(fromWorker.metadata());
            meta.put(META_SIZE, Long.toString(Files.size(file)));
            meta.put(META_MTIME, Long.toString(Files.getLastModifiedTime(file).toMillis()));
            Manifest committed = store.commit(withMetadata(fromWorker, meta));
            onCommit.committed(committed);
            update(running.done(
                    committed.assetId().value(),
                    String.join("\n", committed.media().warnings())));
        } catch (GatewayException e) {
            update(jobs.getOrDefault(job.jobId(), job).failed(e.reason().name(), e.getMessage()));
        } catch (IOException e) {
            update(jobs.getOrDefault(job.jobId(), job)
                    .failed(Reason.IO.name(), "cannot read " + file + ": " + e.getMessage()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ingest of " + file + " failed unexpectedly", e);
            update(jobs.getOrDefault(job.jobId(), job).failed(Reason.INTERNAL.name(), e.toString()));
        }
    }

    private Optional<Manifest> alreadyIngested(ProjectId project, Path file) throws IOException {
        String path = file.toAbsolutePath().toString();
        String size = Long.toString(Files.size(file));
        String mtime = Long.toString(Files.getLastModifiedTime(file).toMillis());
        return store.list(project, problem -> {}).stream()
                .filter(m -> path.equals(m.originalPath()))
                .filter(m -> size.equals(m.metadata().get(META_SIZE))
                        && mtime.equals(m.metadata().get(META_MTIME)))
                .findFirst();
    }

    private Duration timeoutFor(Path file) throws IOException {
        // Without a probe yet, estimate media seconds from size at a conservative 5 MB/s.
        long seconds = Files.size(file) / 5_000_000L;
        return config.jobTimeout(seconds);
    }

    private JobStatus update(JobStatus status) {
        jobs.put(status.jobId(), status);
        List<Consumer<JobStatus>> l = watchers.get(status.jobId());
        if (l != null) {
            l.forEach(w -> w.accept(status));
        }
        if (status.isFinished()) {
            watchers.remove(status.jobId());
        }
        return status;
    }

    private static Manifest withMetadata(Manifest m, Map<String, String> meta) {
        return new Manifest(
                m.schemaVersion(),
                m.version(),
                m.assetId(),
                m.project(),
                m.name(),
                m.originalPath(),
                m.media(),
                m.checksums(),
                m.renditions(),
                meta,
                m.ingestedAt());
    }

    static List<Path> expand(Path p) {
        if (!Files.exists(p)) {
            throw GatewayException.notFound("no such file or folder: " + p);
        }
        if (Files.isRegularFile(p)) {
            return List.of(p);
        }
        try (Stream<Path> walk = Files.walk(p)) {
            return walk.filter(Files::isRegularFile)
                    .filter(IngestCoordinator::looksLikeMedia)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw GatewayException.io("cannot list " + p + ": " + e.getMessage(), e);
        }
    }

    private static boolean looksLikeMedia(Path f) {
        String name = f.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return !name.startsWith(".")
                && dot > 0
                && MEDIA_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
