package gateway.client;

import gateway.model.asset.ProjectId;
import gateway.protos.catalog.v1.Project;
import gateway.protos.mapper.AssetMapper;

/** A project the caller may read; {@code writable} when it may also ingest and conform there. */
public record ProjectSummary(ProjectId project, long assetCount, boolean writable) {
    static ProjectSummary of(Project p) {
        return new ProjectSummary(
                AssetMapper.project(p.getProject(), "projects.project"), p.getAssetCount(), p.getWritable());
    }
}
