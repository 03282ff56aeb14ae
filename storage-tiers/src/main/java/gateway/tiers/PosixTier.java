package gateway.tiers;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A tier that is a folder on a POSIX file system (key {@code tiers.<name>.path}): a NAS share, a card
 * reader's mount.
 */
public record PosixTier(String name, Path path) implements Tier {
    public PosixTier {
        Tier.requireName(name);
        Objects.requireNonNull(path, "config key tiers." + name + ".path");
        path = path.toAbsolutePath().normalize();
    }

    @Override
    public String kind() {
        return "posix";
    }

    /** True when {@code file} lies under this tier's folder. */
    public boolean holds(Path file) {
        return file.toAbsolutePath().normalize().startsWith(path);
    }
}
