package gateway.server.ingest;

import gateway.ingest.IngestCoordinator;
import gateway.ingest.IngestRoots;
import gateway.ingest.JobStatus;
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

    public AuthorisedIngest(IngestCoordinator coordinator, Authoriser authoriser, AuditLog audit, IngestRoots roots) {
        this.coordinator = coordinator;
        this.authoriser = authoriser;
        this.audit = audit;
        this.roots = roots;
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
        JobStatus s = coordinator.status(jobId).orElseThrow(() -> GatewayException.notFound("no job " + jobId));
        // A job of a project the caller may not read is as unknown as one that never existed.
        authoriser.requireOnJob(who, Action.READ, new ProjectId(s.project()), jobId);
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
