package gateway.ingest.jobs;

import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.ProjectId;
import gateway.model.asset.Rendition;
import gateway.model.error.GatewayException;
import gateway.proxy.transcode.LadderProfile;
import gateway.proxy.transcode.LadderProfiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Re-queues, from the media store alone, what the job map may have lost (it is not persistent):
 * every asset whose manifest lacks a rendition the ingest ladder makes for its kind of media (a
 * picture: edit, stream-hi, stream-lo, scrub, poster, thumbnails, filmstrip; sound: waveform, and
 * for a WAVE original its edit rendition, a Broadcast WAV), or
 * whose rendition file is gone, and every job intent that was queued but neither committed nor
 * quarantined. Job ids are deterministic, so nodes that reconcile at the same time queue each job
 * once, and a job the map still holds is left as it is.
 */
public final class Reconciler {
    private static final System.Logger LOG = System.getLogger(Reconciler.class.getName());
    /** What a worker makes of every original (MediaTaskMain runs this ladder). */
    private static final LadderProfiles LADDER = LadderProfiles.defaults();

    private final ManifestStore store;
    private final JobBoard board;

    public Reconciler(ManifestStore store, JobBoard board) {
        this.store = store;
        this.board = board;
    }

    /** The jobs this call added to the board. */
    public List<JobSpec> run() {
        List<JobSpec> queued = new ArrayList<>();
        for (ProjectId project : store.projects()) {
            for (AssetId asset : assetFolders(project)) {
                try {
                    needed(project, asset).ifPresent(spec -> {
                        if (board.enqueue(Job.queued(spec, System.currentTimeMillis()))) {
                            queued.add(spec);
                        }
                    });
                } catch (GatewayException e) {
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "reconcile: skipping asset " + asset + " of project " + project + ": " + e.getMessage());
                }
            }
        }
        return queued;
    }

    /**
     * Re-queues one job the job map lost, named by its id ({@code project:asset:version}): a
     * partitioned member that merges back can lose an entry it wrote while it was apart, and members
     * that vanish together can take an entry and its only backup. When the asset's folder holds that
     * very job's intent, queued and neither committed nor quarantined, the job is queued again as a
     * node's start would queue it (a job the map still holds is left as it is). Empty when the store
     * knows of no such unfinished job, or the id names no asset folder.
     */
    public Optional<Job> requeue(String jobId) {
        String[] parts = jobId.split(":", -1);
        if (parts.length != 3 || !ProjectId.isValid(parts[0]) || !AssetId.isValid(parts[1])) {
            return Optional.empty();
        }
        ProjectId project = new ProjectId(parts[0]);
        AssetId asset = new AssetId(parts[1]);
        if (!Files.isDirectory(store.assetDir(project, asset))) {
            return Optional.empty();
        }
        Optional<JobSpec> spec = needed(project, asset).filter(s -> s.jobId().equals(jobId));
        if (spec.isEmpty()) {
            return Optional.empty();
        }
        if (board.enqueue(Job.queued(spec.get(), System.currentTimeMillis()))) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "re-queued ingest job " + jobId + ": the job map had lost it, its intent on the store says it is"
                            + " unfinished");
        }
        return board.get(jobId);
    }

    /**
     * The jobs of {@code project} the media store marks as quarantined (failed too often and not
     * tried again), in asset-folder order; read from the job intents, so they outlive the job map.
     */
    public List<JobIntent> quarantined(ProjectId project) {
        List<JobIntent> out = new ArrayList<>();
        for (AssetId asset : assetFolders(project)) {
            try {
                JobIntent.read(store.assetDir(project, asset))
                        .filter(JobIntent::quarantined)
                        .ifPresent(out::add);
            } catch (GatewayException e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "quarantine list: skipping asset " + asset + ": " + e.getMessage());
            }
        }
        return out;
    }

    /** The job an asset folder needs, if any. */
    Optional<JobSpec> needed(ProjectId project, AssetId asset) {
        Path dir = store.assetDir(project, asset);
        Optional<JobIntent> intent = JobIntent.read(dir);
        Optional<Manifest> manifest = store.read(project, asset);
        if (manifest.isEmpty()) {
            return intent.filter(i -> !i.quarantined()).map(JobIntent::spec);
        }
        Manifest m = manifest.get();
        List<String> missing = missingProfiles(m, dir);
        if (missing.isEmpty()) {
            if (intent.isPresent() && !intent.get().quarantined()) {
                // Committed, but the run stopped before removing its intent.
                JobIntent.remove(dir);
            }
            return Optional.empty();
        }
        if (intent.isPresent()
                && intent.get().quarantined()
                && intent.get().spec().baseVersion() == m.version()) {
            return Optional.empty();
        }
        return Optional.of(new JobSpec(
                project.value(),
                asset.value(),
                m.originalPath(),
                String.join(",", missing),
                m.version(),
                mediaSeconds(m)));
    }

    /**
     * The profiles an asset should have but lacks: a profile of the default ladder its media can
     * have ({@link LadderProfile#appliesTo}: pictures need video, the waveform needs sound, a WAVE
     * original has an edit rendition) with no rendition in the manifest, or whose
     * first file is not on the store. The worker remakes the whole ladder in one decode; the list
     * says why the job was queued.
     */
    static List<String> missingProfiles(Manifest m, Path assetDir) {
        List<String> missing = new ArrayList<>();
        for (LadderProfile p : LADDER.all()) {
            if (!p.appliesTo(m.media())) {
                continue;
            }
            Optional<Rendition> r = m.rendition(p.name());
            if (r.isEmpty() || !Files.isRegularFile(assetDir.resolve(r.get().path()))) {
                missing.add(p.name());
            }
        }
        return missing;
    }

    private static long mediaSeconds(Manifest m) {
        var rate = m.media().frameRate();
        return m.media().durationFrames() * rate.denominator() / Math.max(1, rate.numerator()) + 1;
    }

    private List<AssetId> assetFolders(ProjectId project) {
        Path dir = store.root().resolve("assets").resolve(project.value());
        List<AssetId> ids = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return ids;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (AssetId.isValid(name)) {
                    ids.add(new AssetId(name));
                }
            }
        } catch (IOException e) {
            throw GatewayException.io("cannot list the assets of project " + project + " in " + dir + ": " + e, e);
        }
        ids.sort(java.util.Comparator.comparing(AssetId::value));
        return ids;
    }
}
