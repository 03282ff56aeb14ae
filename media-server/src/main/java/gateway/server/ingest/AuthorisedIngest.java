package gateway.server.ingest;

import gateway.ingest.IngestCoordinator;
import gateway.ingest.IngestRoots;
import gateway.ingest.JobStatus;
import gateway.ingest.config.WatchFolder;
import gateway.ingest.jobs.JobSpec;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.server.auth.Action;
import gateway.server.auth.AuditLog;
import gateway.server.auth.Authoriser;
import gateway.server.auth.Principal;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Ingest as a caller asks for it, over gRPC or REST: the one code path that checks the INGEST
 * grant on the project (audited by the {@link Authoriser}), keeps every named path and every file
 * found below it inside {@link IngestRoots} (a refusal is audited with the path), and queues the
 * jobs; and that lets a caller see a job only with READ on its project.
 */
public final class AuthorisedIngest {
    private final IngestCoordinator coordinator;
    private final Authoriser authoriser;
    private final AuditLog audit;
    private final IngestRoots roots;
    private final List<WatchFolder> watchFolders;

    public AuthorisedIngest(IngestCoordinator coordinator, Authoriser authoriser, AuditLog audit, IngestRoots roots) {
        this(coordinator, authoriser, audit, roots, List.of());
    }

    /** {@code watchFolders}: the node's {@code ingest.watch-folders}, offered to callers of their project. */
    public AuthorisedIngest(
            IngestCoordinator coordinator,
            Authoriser authoriser,
            AuditLog audit,
            IngestRoots roots,
            List<WatchFolder> watchFolders) {
        this.coordinator = coordinator;
        this.authoriser = authoriser;
        this.audit = audit;
        this.roots = roots;
        this.watchFolders = List.copyOf(watchFolders);
    }

    /** Where ingest may read from, for a caller with INGEST on {@code project}: the roots and that project's watch folders. */
    public Sources sources(Principal who, ProjectId project) {
        authoriser.requireOnProject(who, Action.INGEST, project);
        return new Sources(
                roots.roots(),
                watchFolders.stream().filter(w -> w.project().equals(project)).toList());
    }

    /** {@code roots} empty: any path may be named. */
    public record Sources(List<Path> roots, List<WatchFolder> watchFolders) {}

    /**
     * Queues a quarantined job again: INGEST on its project (NOT_FOUND, like a missing job, for a
     * caller who may not read the project; PERMISSION_DENIED for one who may read but not ingest),
     * audited as RETRY.
     */
    public JobStatus retry(Principal who, String jobId) {
        ProjectId project;
        try {
            project = JobSpec.projectOf(jobId);
        } catch (GatewayException e) {
            audit.record(who.subject(), "RETRY", "", "job " + jobId, false, e.getMessage());
            throw e;
        }
        if (who.may(Action.READ, project)) {
            authoriser.requireOnProject(who, Action.INGEST, project);
        } else {
            authoriser.requireOnJob(who, Action.INGEST, project, jobId);
        }
        try {
            JobStatus s = coordinator.retry(jobId, who.subject());
            audit.record(who.subject(), "RETRY", project.value(), "job " + jobId, true);
            return s;
        } catch (GatewayException e) {
            audit.record(who.subject(), "RETRY", project.value(), "job " + jobId, false, e.getMessage());
            throw e;
        }
    }

    /** The quarantined jobs of {@code project} (READ on it, audited), kept on the store after the job map forgets them. */
    public List<JobStatus> quarantined(Principal who, ProjectId project) {
        requireRead(who, project);
        return coordinator.quarantined(project);
    }

    /** The jobs workers hold now, of the projects {@code who} administers. */
    public List<IngestCoordinator.Running> running(Principal who) {
        return coordinator.running().stream()
                .filter(r -> who.may(Action.ADMINISTER, new ProjectId(r.job().project())))
                .toList();
    }

    /**
     * Queues every media file under {@code paths} for {@code project}: PERMISSION_DENIED without
     * the INGEST grant or for a path outside the ingest roots, NOT_FOUND for a missing path,
     * INVALID_ARGUMENT when no media file is found.
     */
    public List<JobStatus> submit(Principal who, List<String> paths, ProjectId project, boolean copy) {
        authoriser.requireOnProject(who, Action.INGEST, project);
        if (paths.isEmpty()) {
            throw GatewayException.invalid("ingest: give at least one path");
        }
        List<Path> files = paths.stream().map(Path::of).toList();
        for (Path p : files) {
            requireInRoots(who, project, p);
            if (roots.restricted()) {
                // A link inside a root may point out of it: every file found counts, not just the folder.
                for (Path f : IngestCoordinator.expand(p)) {
                    requireInRoots(who, project, f);
                }
            }
        }
        return coordinator.submit(files, project, copy);
    }

    /**
     * Where a job stands: NOT_FOUND when there is no such job (or it finished longer ago than
     * {@code jobs.finished-ttl-s}), PERMISSION_DENIED when the caller may not read its project.
     */
    public JobStatus status(Principal who, String jobId) {
        // A job of a project the caller may not read is as unknown as one that never existed. The id
        // names its project: checked before the coordinator does anything for the id (it re-queues a
        // job the map lost from its intent on the store).
        ProjectId project = JobSpec.projectOf(jobId);
        authoriser.requireOnJob(who, Action.READ, project, jobId);
        JobStatus s = coordinator.status(jobId).orElseThrow(() -> GatewayException.notFound("no job " + jobId));
        if (!project.value().equals(s.project())) {
            throw GatewayException.notFound("no job " + jobId);
        }
        return s;
    }

    /**
     * The jobs of {@code project} still on the board; PERMISSION_DENIED (audited) without READ on
     * the project. The event stream checks the same thing once when it opens.
     */
    public List<JobStatus> jobs(Principal who, ProjectId project) {
        requireRead(who, project);
        return coordinator.jobs(project);
    }

    /** PERMISSION_DENIED (audited, allowed or not) unless {@code who} may read {@code project}. */
    public void requireRead(Principal who, ProjectId project) {
        authoriser.requireOnProject(who, Action.READ, project);
    }

    /** Calls {@code listener} with the job's state now and on every change (see {@link IngestCoordinator#watch}). */
    public void watch(String jobId, Consumer<JobStatus> listener) {
        coordinator.watch(jobId, listener);
    }

    public void unwatch(String jobId, Consumer<JobStatus> listener) {
        coordinator.unwatch(jobId, listener);
    }

    private void requireInRoots(Principal who, ProjectId project, Path p) {
        boolean inside = roots.contains(p);
        if (!inside) {
            audit.record(
                    who.subject(), Action.INGEST.name(), project.value(), p.toString(), false, IngestRoots.CONFIG_KEY);
        }
        roots.require(p);
    }
}
