package gateway.ingest;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The folders ingest requests may name ({@code ingest.roots}). Empty: any path (the INGEST grant,
 * held by admins and assistants, is then the only limit). A path is inside when its real location
 * (symbolic links resolved) is a root's real location or below it, so neither {@code ..} nor a link
 * leads out.
 */
public record IngestRoots(List<Path> roots) {
    public static final String CONFIG_KEY = "ingest.roots";

    public IngestRoots {
        roots = roots.stream().map(r -> r.toAbsolutePath().normalize()).toList();
    }

    public static IngestRoots anyPath() {
        return new IngestRoots(List.of());
    }

    public boolean restricted() {
        return !roots.isEmpty();
    }

    /** Whether {@code path} (which must exist to be ingested at all) lies in a root. */
    public boolean contains(Path path) {
        if (roots.isEmpty()) {
            return true;
        }
        Path real = real(path);
        return roots.stream().map(IngestRoots::real).anyMatch(real::startsWith);
    }

    /** Throws PERMISSION_DENIED naming the path and the key when {@code path} lies in no root. */
    public void require(Path path) {
        if (!contains(path)) {
            throw new GatewayException(
                    Reason.PERMISSION_DENIED,
                    path + " is outside the folders ingest may read (config key " + CONFIG_KEY + ": " + roots + ")");
        }
    }

    private static Path real(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        try {
            return Files.exists(abs) ? abs.toRealPath() : abs;
        } catch (IOException e) {
            return abs;
        }
    }
}
