package gateway.ingest;

import gateway.ingest.cluster.ClusterMember;
import gateway.ingest.config.IngestConfig;
import gateway.ingest.config.WatchFolder;
import gateway.ingest.jobs.ClaimerPool;
import gateway.ingest.jobs.ClusterJobBoard;
import gateway.ingest.jobs.Job;
import gateway.ingest.jobs.JobBoard;
import gateway.ingest.jobs.JobCommand;
import gateway.ingest.jobs.JobIntent;
import gateway.ingest.jobs.JobSpec;
import gateway.ingest.jobs.LocalJobBoard;
import gateway.ingest.jobs.LostJobSweep;
import gateway.ingest.jobs.ProjectConflicts;
import gateway.ingest.jobs.Reconciler;
import gateway.ingest.offload.CameraProxies;
import gateway.ingest.offload.CardOffload;
import gateway.ingest.offload.FrameSequence;
import gateway.ingest.offload.OriginalSource;
import gateway.ingest.offload.OriginalsIntake;
import gateway.ingest.process.WorkerProcess;
import gateway.ingest.watch.FolderWatcher;
import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.proxy.probe.OpAtomClip;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Takes ingest requests and follows their jobs. Each file becomes a job on a {@link JobBoard} (the
 * cluster's job map on a node, a map in this process for the command line) that some claimer
 * runs: one of this process's own ({@code ingest.local-workers}) or a {@code gateway worker}
 * anywhere in the cluster. Whoever runs it commits the manifest; every coordinator sees the job
 * turn DONE and hands the committed manifest to its {@link CommitListener} (the index upsert).
 */
public final class IngestCoordinator implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(IngestCoordinator.class.getName());
    private static final Set<String> MEDIA_EXTENSIONS = Set.of(
            "mov", "mp4", "m4v", "mxf", "wav", "bwf", "aif", "aiff", "mkv", "avi", "mts", "m2ts", "r3d", "braw", "crm",
            "ari", "arx");
    /** Without a probe yet, media seconds are estimated from the size at a conservative 5 MB/s. */
    private static final long ESTIMATE_BYTES_PER_SECOND = 5_000_000L;
    /** How often watch folders are rescanned (change events make new files noticed sooner). */
    private static final Duration WATCH_RESCAN = Duration.ofSeconds(2);

    /** What happens to an asset once its manifest is committed (the index upsert, the change feed). */
    public interface CommitListener {
        void committed(Manifest manifest);
    }

    private final ManifestStore store;
    private final JobBoard board;
    private final CommitListener onCommit;
    private final ClaimerPool claimers;
    private final AutoCloseable listening;
    private final ExecutorService commits;
    private final Map<String, List<Watch>> watchers = new ConcurrentHashMap<>();
    private final List<Consumer<JobStatus>> boardWatchers = new CopyOnWriteArrayList<>();
    private final OriginalsIntake intake;
    private FolderWatcher watcher;
    /** On a node: re-queues lost jobs when the cluster's membership changes (nothing for the command line). */
    private AutoCloseable lostJobs = () -> {};

    /**
     * In one process, without a cluster (the command line): jobs on a local board, run by at least
     * one local claimer in child JVMs started with {@code worker}.
     */
    public IngestCoordinator(IngestConfig config, ManifestStore store, WorkerProcess worker, CommitListener onCommit) {
        this(
                config,
                store,
                new LocalJobBoard(config.finishedJobTtl(), System::currentTimeMillis),
                worker,
                Math.max(1, config.localWorkers()),
                "local",
                onCommit);
    }

    private IngestCoordinator(
            IngestConfig config,
            ManifestStore store,
            JobBoard board,
            WorkerProcess worker,
            int claimerCount,
            String claimerName,
            CommitListener onCommit) {
        this.store = store;
        this.board = board;
        this.onCommit = onCommit;
        this.commits = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ingest-commits");
            t.setDaemon(true);
            return t;
        });
        this.listening = board.listen(this::changed);
        this.claimers = new ClaimerPool(board, store, worker, config, claimerName, claimerCount);
        this.intake = new OriginalsIntake(
                store.root().resolve("originals"),
                new CardOffload(CardOffload.BeforeVerify.NONE, config.intakeBytesPerSecond()),
                Clock.systemUTC());
    }

    /**
     * On a node: jobs in the cluster's job map, shared with every node and worker; this node runs
     * {@code ingest.local-workers} claimers itself (0: only {@code gateway worker}s run jobs).
     */
    public static IngestCoordinator clustered(
            IngestConfig config, ManifestStore store, ClusterMember member, CommitListener onCommit) {
        IngestCoordinator coordinator = new IngestCoordinator(
                config,
                store,
                new ClusterJobBoard(member.hazelcast(), config.finishedJobTtl()),
                WorkerProcess.mediaTasks(),
                config.localWorkers(),
                ClaimerPool.uniqueName("node"),
                onCommit);
        coordinator.lostJobs = LostJobSweep.listen(member.hazelcast(), coordinator::reconcile);
        return coordinator;
    }

    /** The job board this coordinator queues on (read-only uses: metrics, status pages). */
    public JobBoard board() {
        return board;
    }

    /** Re-queues what the media store says is missing (see {@link Reconciler}); the number of jobs queued. */
    public int reconcile() {
        return new Reconciler(store, board).run().size();
    }

    /** Queues every media file under {@code paths} (folders are walked); returns one job per file. */
    public List<JobStatus> submit(List<Path> paths, ProjectId project) {
        return submit(paths, project, false);
    }

    /**
     * Queues every media file under {@code paths} (folders are walked); returns one job per file at
     * once, before any byte is read. Each path is a card or folder (a file stands for its folder):
     * the MHL history and, with {@code copy}, the copies' place. With {@code copy} (card offload)
     * each job first copies its file into the media store and verifies it (its COPYING and HASHING
     * phases) and ingests the copy; otherwise it hashes the file where it lies (HASHING). Files
     * ingested before (same path, size and modification time; in copy mode, of the source) are not
     * copied or queued again: their job is reported done; a file whose job is still open gets that job.
     */
    public List<JobStatus> submit(List<Path> paths, ProjectId project, boolean copy) {
        Map<Path, List<Path>> byRoot = new LinkedHashMap<>();
        for (Path p : paths) {
            List<Path> files = expand(p);
            if (!files.isEmpty()) {
                byRoot.computeIfAbsent(OriginalsIntake.rootOf(p), k -> new ArrayList<>())
                        .addAll(files.stream()
                                .map(f -> f.toAbsolutePath().normalize())
                                .toList());
            }
        }
        if (byRoot.isEmpty()) {
            throw GatewayException.invalid("no media files found in " + paths);
        }
        return submitGroups(byRoot, project, copy);
    }

    /** Queues {@code files}, all below the card or folder {@code root} (its MHL and copy destination). */
    public List<JobStatus> submitFiles(Path root, List<Path> files, ProjectId project, boolean copy) {
        Map<Path, List<Path>> group = new LinkedHashMap<>();
        group.put(
                root.toAbsolutePath().normalize(),
                files.stream().map(f -> f.toAbsolutePath().normalize()).toList());
        return submitGroups(group, project, copy);
    }

    /**
     * Answers at once: per file a job that was done before (committed), one still open for the
     * same original (a second request while the first still runs), or a new queued job whose run
     * copies or hashes the file (see {@link OriginalsIntake#complete}); nothing here reads a file's bytes.
     */
    private List<JobStatus> submitGroups(Map<Path, List<Path>> byRoot, ProjectId project, boolean copy) {
        List<Manifest> known = store.list(project, problem -> {});
        List<JobStatus> queued = new ArrayList<>();
        for (Map.Entry<Path, List<Path>> e : byRoot.entrySet()) {
            List<Path> files = e.getValue().stream().distinct().toList();
            // A camera's proxy of a raw original, and the sound files of an Avid OP-Atom clip, belong
            // to the asset of the original (its edit rendition) or of the clip's picture file (its audio
            // tracks): no job of their own. In copy mode they are copied, hashed and listed with the card
            // here (in reference mode hashed where they lie), before the jobs that read them are queued
            // (small sidecars: the originals themselves are copied or hashed by their jobs). So do the
            // later frames of a frame-per-file raw clip (ARRIRAW): one asset per clip, its first frame
            // the job's original, every frame in the MHL.
            List<Path> assets = CameraProxies.withoutCameraProxies(FrameSequence.firstFrames(files));
            Set<Path> clipSound = OpAtomClip.soundOfClips(assets);
            List<Path> sidecars = files.stream()
                    .filter(f -> !assets.contains(f) || clipSound.contains(f))
                    .toList();
            if (copy && !sidecars.isEmpty()) {
                intake.copy(e.getKey(), sidecars, project);
            } else if (!sidecars.isEmpty()) {
                intake.reference(e.getKey(), sidecars, project);
            }
            for (Path f : files) {
                if (sidecars.contains(f)) {
                    continue;
                }
                Optional<Manifest> existing = alreadyIngested(known, f, copy);
                if (existing.isPresent()) {
                    // On the board too, so status() and watch() answer for it like for any job.
                    Job done = alreadyDone(existing.get(), f);
                    board.enqueue(done);
                    queued.add(JobStatus.of(board.get(done.jobId()).orElse(done)));
                    continue;
                }
                queued.add(JobStatus.of(queue(e.getKey(), f, project, copy)));
            }
        }
        return queued;
    }

    /**
     * The job for {@code file}: the one on the board for the same file (its asset id is derived
     * from the file, see {@link #intakeAsset}: a second request while the first still runs, or the
     * same request on two nodes at once), else a new one, planned and recorded on the store before
     * it is queued. A file whose earlier job was quarantined gets a new asset id and a fresh try.
     */
    private Job queue(Path root, Path file, ProjectId project, boolean copy) {
        AssetId asset;
        try {
            asset = intakeAsset(project, file, copy);
        } catch (IOException ex) {
            throw GatewayException.io("cannot read " + file + ": " + ex.getMessage(), ex);
        }
        Optional<Job> before = board.get(project.value() + ":" + asset.value() + ":0");
        if (before.isPresent() && !before.get().state().equals(Job.QUARANTINED)) {
            return before.get();
        }
        if (before.isPresent()) {
            asset = AssetId.random();
        }
        Job job = jobFor(intake.plan(root, file, project, copy), file, project, asset);
        return board.enqueue(job) ? job : board.get(job.jobId()).orElse(job);
    }

    private static Job alreadyDone(Manifest m, Path file) {
        JobSpec spec =
                new JobSpec(m.project().value(), m.assetId().value(), file.toString(), JobSpec.EDIT, m.version(), 0);
        return Job.alreadyDone(
                spec, m.version(), "already ingested; manifest version " + m.version(), System.currentTimeMillis());
    }

    /** A new job making {@code asset} of {@code prepared}, the plan for {@code file} (in copy mode its source). */
    private Job jobFor(OriginalsIntake.Prepared prepared, Path file, ProjectId project, AssetId asset) {
        long now = System.currentTimeMillis();
        try {
            JobSpec spec = new JobSpec(
                    project.value(),
                    asset.value(),
                    prepared.original().toString(),
                    JobSpec.EDIT,
                    0,
                    Files.size(file) / ESTIMATE_BYTES_PER_SECOND);
            Path assetDir = store.assetDir(project, asset);
            OriginalSource.write(assetDir, prepared.metadata());
            // Durable before it is queued: a full cluster restart re-queues it from the store.
            JobIntent.queued(assetDir, spec);
            return Job.queued(spec, now);
        } catch (IOException e) {
            throw GatewayException.io("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The asset id of an intake of {@code file}: a name-based UUID of the project, mode, path, size and modification time. */
    static AssetId intakeAsset(ProjectId project, Path file, boolean copy) throws IOException {
        String key = project.value() + "\n" + (copy ? "copy" : "reference") + "\n" + file + "\n" + Files.size(file)
                + "\n" + Files.getLastModifiedTime(file).toMillis();
        return new AssetId(java.util
                .UUID
                .nameUUIDFromBytes(key.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString());
    }

    /**
     * The job now; a job the map lost but the store says is unfinished (its intent; see {@link
     * Reconciler#requeue}) is queued again and answered, rather than NOT_FOUND for a job this
     * cluster acknowledged. A board that does not answer (the member holding the job unreachable)
     * is UNAVAILABLE, not "no job".
     */
    public Optional<JobStatus> status(String jobId) {
        try {
            return board.get(jobId)
                    .or(() -> new Reconciler(store, board).requeue(jobId))
                    .map(this::view);
        } catch (GatewayException e) {
            if (e.reason() == Reason.UNAVAILABLE) {
                throw e;
            }
            return Optional.empty();
        }
    }

    /**
     * Calls {@code listener} with the job's current state now and on every change until it finishes
     * (the finished state is delivered once).
     */
    public void watch(String jobId, Consumer<JobStatus> listener) {
        Watch w = new Watch(listener);
        watchers.computeIfAbsent(jobId, k -> new CopyOnWriteArrayList<>()).add(w);
        Optional<JobStatus> now = status(jobId);
        if (now.isEmpty()) {
            unwatch(jobId, listener);
            throw GatewayException.notFound("no job " + jobId);
        }
        w.accept(now.get());
    }

    /**
     * The quarantined jobs of {@code project} as the media store records them (they stay listed
     * after the job map forgets them), in asset-folder order.
     */
    public List<JobStatus> quarantined(ProjectId project) {
        return new Reconciler(store, board)
                .quarantined(project).stream()
                        .map(i -> board.get(i.spec().jobId())
                                .filter(j -> j.state().equals(Job.QUARANTINED))
                                .map(JobStatus::of)
                                .orElseGet(() -> quarantinedStatus(i)))
                        .toList();
    }

    private static JobStatus quarantinedStatus(JobIntent i) {
        JobSpec spec = i.spec();
        return new JobStatus(
                spec.jobId(),
                spec.project(),
                spec.originalPath(),
                JobStatus.QUARANTINED,
                0,
                spec.assetId(),
                i.quarantineReason(),
                i.quarantineMessage(),
                "",
                0,
                "",
                "",
                0,
                0);
    }

    /**
     * Queues a quarantined job again ({@code by}: who asked): its intent on the store is marked
     * queued, then the job is put back on the board (or re-added, when the board forgot it).
     * NOT_FOUND when there is no such job, FAILED_PRECONDITION when it is not quarantined.
     */
    public JobStatus retry(String jobId, String by) {
        Optional<Job> onBoard = board.get(jobId);
        JobSpec spec;
        if (onBoard.isPresent()) {
            Job job = onBoard.get();
            if (!job.state().equals(Job.QUARANTINED)) {
                throw new GatewayException(
                        Reason.FAILED_PRECONDITION,
                        "job " + jobId + " is " + job.state() + ": only a quarantined job is retried");
            }
            spec = job.spec();
        } else {
            ProjectId project = JobSpec.projectOf(jobId);
            spec = new Reconciler(store, board)
                    .quarantined(project).stream()
                            .map(JobIntent::spec)
                            .filter(s -> s.jobId().equals(jobId))
                            .findFirst()
                            .orElseThrow(() -> GatewayException.notFound("no quarantined job " + jobId));
        }
        JobIntent.queued(store.assetDir(spec.projectId(), spec.asset()), spec);
        Optional<Job> after = onBoard.isPresent() ? board.apply(jobId, new JobCommand.Retry(by)) : Optional.empty();
        if (after.isEmpty()) {
            // The board forgot it (finished-ttl), or forgot it just now: a fresh job, as the reconciler would queue.
            Job fresh = Job.queued(spec, System.currentTimeMillis());
            board.enqueue(fresh);
            after = board.get(jobId).or(() -> Optional.of(fresh));
        }
        return JobStatus.of(after.get());
    }

    /** A job some worker of the cluster holds now: the claimer's id ({@code node-<pid>@<host>-<slot>}) and the job. */
    public record Running(String workerId, JobStatus job) {}

    /** Every job a worker holds now, across projects (callers filter by what the asker may see). */
    public List<Running> running() {
        return board.open().stream()
                .filter(j -> j.state().equals(Job.RUNNING))
                .map(j -> new Running(j.workerId(), JobStatus.of(j)))
                .sorted(java.util.Comparator.comparing(Running::workerId))
                .toList();
    }

    /** The jobs of {@code project} still on the board (open, or finished within {@code jobs.finished-ttl-s}), oldest first. */
    public List<JobStatus> jobs(ProjectId project) {
        return board.ofProject(project.value()).stream()
                .map(this::view)
                .sorted(java.util.Comparator.comparing(JobStatus::jobId))
                .toList();
    }

    /**
     * Calls {@code listener} with every change of every job, in the order this coordinator hears
     * them (DONE only once the manifest is indexed), until the returned handle is closed. Unlike
     * {@link #watch} a finished job may be heard again (e.g. re-queued by the reconciler).
     */
    public AutoCloseable watchAll(Consumer<JobStatus> listener) {
        boardWatchers.add(listener);
        return () -> boardWatchers.remove(listener);
    }

    public void unwatch(String jobId, Consumer<JobStatus> listener) {
        watchers.computeIfPresent(jobId, (id, l) -> {
            l.removeIf(w -> w.listener == listener);
            return l.isEmpty() ? null : l;
        });
    }

    private void changed(Job job) {
        JobStatus status = JobStatus.of(job);
        if (job.state().equals(Job.DONE) && job.attempts() > 0) {
            commits.execute(() -> announceCommit(job));
        } else {
            deliver(status);
        }
    }

    /** Indexes the committed manifest before watchers hear DONE, so a search right after finds it. */
    private void announceCommit(Job job) {
        try {
            store.read(job.spec().projectId(), job.spec().asset()).ifPresent(m -> {
                onCommit.committed(m);
                // the assets it conflicts with got the warning too: a new version each
                ProjectConflicts.conflicting(m)
                        .forEach(other -> store.read(m.project(), other).ifPresent(onCommit::committed));
            });
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "cannot index asset " + job.spec().assetId() + " after job " + job.jobId(),
                    e);
        }
        deliver(view(job));
    }

    /**
     * A job as callers see it: a finished job's warnings are its asset's current ones too (an
     * original ingested later may have found a conflict with it, see {@link ProjectConflicts}).
     */
    private JobStatus view(Job job) {
        JobStatus s = JobStatus.of(job);
        if (!job.state().equals(Job.DONE) || job.spec().assetId().isEmpty()) {
            return s;
        }
        try {
            return store.read(job.spec().projectId(), job.spec().asset())
                    .map(m -> s.withWarnings(m.media().warnings()))
                    .orElse(s);
        } catch (GatewayException e) {
            return s;
        }
    }

    private void deliver(JobStatus status) {
        boardWatchers.forEach(w -> w.accept(status));
        List<Watch> l = watchers.get(status.jobId());
        if (l != null) {
            l.forEach(w -> w.accept(status));
        }
        if (status.isFinished()) {
            watchers.remove(status.jobId());
        }
    }

    /** Dedupe: the same path, size and modification time (of the source, in copy mode) as a committed asset. */
    private static Optional<Manifest> alreadyIngested(List<Manifest> known, Path file, boolean copy) {
        String path = file.toString();
        String size;
        String mtime;
        try {
            size = Long.toString(Files.size(file));
            mtime = Long.toString(Files.getLastModifiedTime(file).toMillis());
        } catch (IOException e) {
            throw GatewayException.io("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (copy) {
            return known.stream()
                    .filter(m -> path.equals(m.metadata().get(OriginalSource.META_SOURCE_PATH)))
                    .filter(m -> size.equals(m.metadata().get(OriginalSource.META_SOURCE_SIZE))
                            && mtime.equals(m.metadata().get(OriginalSource.META_SOURCE_MTIME)))
                    .findFirst();
        }
        return known.stream()
                .filter(m -> path.equals(m.originalPath()))
                .filter(m -> size.equals(m.metadata().get(JobSpec.META_SIZE))
                        && mtime.equals(m.metadata().get(JobSpec.META_MTIME)))
                .findFirst();
    }

    public static List<Path> expand(Path p) {
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

    /**
     * Starts ingesting what appears in {@code folders} ({@code ingest.watch-folders}); stopped by
     * {@link #close()}. Nothing happens for an empty list.
     */
    public synchronized void startWatching(List<WatchFolder> folders) {
        if (folders.isEmpty() || watcher != null) {
            return;
        }
        watcher = new FolderWatcher(
                        folders,
                        IngestCoordinator::mediaFiles,
                        (root, files, project, copy) -> {
                            submitFiles(root, files, project, copy);
                        },
                        Clock.systemUTC())
                .start(WATCH_RESCAN);
    }

    /** The media files below {@code folder} (none if it does not exist). */
    public static List<Path> mediaFiles(Path folder) {
        return Files.isDirectory(folder) ? expand(folder) : List.of();
    }

    @Override
    public void close() {
        FolderWatcher w;
        synchronized (this) {
            w = watcher;
        }
        if (w != null) {
            w.close();
        }
        claimers.close();
        try {
            lostJobs.close();
            listening.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot stop listening to the job board", e);
        }
        commits.shutdownNow();
    }

    /** One listener's view: the finished state is delivered once, nothing after it. */
    private static final class Watch {
        private final Consumer<JobStatus> listener;
        private final AtomicBoolean finished = new AtomicBoolean();

        Watch(Consumer<JobStatus> listener) {
            this.listener = listener;
        }

        void accept(JobStatus s) {
            if (finished.get()) {
                return;
            }
            if (s.isFinished() && !finished.compareAndSet(false, true)) {
                return;
            }
            listener.accept(s);
        }
    }
}
