package gateway.relink.consolidate;

import java.nio.file.Path;

/** Tells which storage location (mount point, share) a file is read from, to total bytes per location. */
@FunctionalInterface
public interface StorageLocations {
    /** The location of {@code file}, e.g. {@code /mnt/nas1}; never null. */
    Path locationOf(Path file);
}
