package gateway.tiers;

import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import java.util.Objects;

/**
 * What happens to a project's originals (key {@code tiers-policy.<project>}): after ingest and its
 * checksums, each original is demoted to the object tier {@code demoteTo}; its NAS copy is released
 * (deleted) once the object's bytes were read back and matched, and the original went unused for
 * {@code releaseAfterDays} days (0: as soon as the object is verified).
 *
 * @param releaseAfterDays days without use before the NAS copy goes; -1 keeps it forever
 */
public record TierPolicy(ProjectId project, String demoteTo, int releaseAfterDays) {
    public static final int KEEP_FOREVER = -1;

    public TierPolicy {
        Objects.requireNonNull(project, "project");
        Tier.requireName(demoteTo);
        if (releaseAfterDays < KEEP_FOREVER) {
            throw GatewayException.invalid("config key tiers-policy." + project.value()
                    + ".release-after-d must be 0 or more days (-1 keeps the NAS copy), is " + releaseAfterDays);
        }
    }

    public boolean releases() {
        return releaseAfterDays != KEEP_FOREVER;
    }
}
