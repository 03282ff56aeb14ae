package gateway.ingest.config;

import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * One entry of {@code ingest.watch-folders}: media files that appear below {@code path} are
 * ingested into {@code project} (copied first with {@code copy}) once their size and modification
 * time have not changed for {@code settle} ({@code settle-s}, default 10).
 */
public record WatchFolder(Path path, ProjectId project, boolean copy, Duration settle) {
    public static final Duration DEFAULT_SETTLE = Duration.ofSeconds(10);

    public WatchFolder {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(project, "project");
        if (settle == null || settle.isNegative() || settle.compareTo(Duration.ofHours(1)) > 0) {
            throw GatewayException.invalid(
                    "config key ingest.watch-folders[].settle-s must be 0-3600 seconds for " + path);
        }
        path = path.toAbsolutePath().normalize();
    }
}
