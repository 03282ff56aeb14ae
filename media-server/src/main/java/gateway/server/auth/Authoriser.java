package gateway.server.auth;

import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;

/**
 * The one place every service asks "may this principal do this on this project?". The project
 * always comes from the server's own records of the asset, never from the request alone. A denial
 * on an asset says NOT_FOUND so it does not reveal that the asset exists.
 */
public final class Authoriser {
    private final AuditLog audit;

    public Authoriser(AuditLog audit) {
        this.audit = audit;
    }

    /** Throws NOT_FOUND when the principal may not do {@code action} on the asset's project. */
    public void requireOnAsset(Principal who, Action action, ProjectId project, String assetId) {
        requireUnseen(who, action, project, assetId, "no asset " + assetId);
    }

    /** Throws NOT_FOUND, as for a job that does not exist, when the principal may not read the job's project. */
    public void requireOnJob(Principal who, Action action, ProjectId project, String jobId) {
        requireUnseen(who, action, project, "job " + jobId, "no job " + jobId);
    }

    private void requireUnseen(Principal who, Action action, ProjectId project, String target, String notFound) {
        boolean allowed = who.may(action, project);
        audit.record(who.subject(), action.name(), project.value(), target, allowed);
        if (!allowed) {
            throw new GatewayException(Reason.NOT_FOUND, notFound);
        }
    }

    /** Throws PERMISSION_DENIED when the principal may not do {@code action} in the project. */
    public void requireOnProject(Principal who, Action action, ProjectId project) {
        boolean allowed = who.may(action, project);
        audit.record(who.subject(), action.name(), project.value(), "", allowed);
        if (!allowed) {
            throw new GatewayException(
                    Reason.PERMISSION_DENIED,
                    who.subject() + " may not " + action.name().toLowerCase() + " in project " + project);
        }
    }
}
